namespace ParIndex.Scoring;

/// <summary>
/// What is known of one leaf for one unit: the self-assessment (tự đánh giá) and the appraisal
/// (thẩm định) in up to two rounds. Survey leaves have none of this; they come from <see cref="UnitSurvey"/>.
/// </summary>
/// <param name="SelfScore">The self-score in points: typed (points rule) or computed from the entered value.
/// For bonus and penalty leaves, the points (count × per item, capped), as a magnitude.</param>
/// <param name="NotApplicable">The unit marked the leaf not applicable (không áp dụng).</param>
/// <param name="Appraisal1">Points set by the appraisal council in round 1, if any.</param>
/// <param name="Appraisal2">Points set in round 2 (after the unit's explanation), if any.</param>
/// <param name="Value">What the unit entered, as shown (e.g. "Kịp thời", "95"), for scorecards.</param>
/// <param name="Evidence">Evidence cited (tài liệu kiểm chứng).</param>
/// <param name="Explanation">The unit's explanation (giải trình).</param>
/// <param name="AppraisalReason">The appraisal council's reason (lý do thẩm định) of the latest round.</param>
public sealed record LeafInput(
    decimal? SelfScore,
    bool NotApplicable = false,
    decimal? Appraisal1 = null,
    decimal? Appraisal2 = null,
    string? Value = null,
    string? Evidence = null,
    string? Explanation = null,
    string? AppraisalReason = null)
{
    /// <summary>The score that counts: round 2, else round 1, else the self-score.</summary>
    public decimal? Final => Appraisal2 ?? Appraisal1 ?? SelfScore;

    /// <summary>Whether an appraisal round set this leaf's score.</summary>
    public bool IsAppraised => Appraisal2 is not null || Appraisal1 is not null;
}

/// <summary>A unit's accepted self-assessment with its appraisal, by leaf code.</summary>
public sealed record UnitAssessment(string UnitCode, IReadOnlyDictionary<string, LeafInput> Leaves);

/// <summary>
/// A unit's survey tally (điều tra XHH): answers counted per question and letter, and respondents per
/// survey leaf. Counts, not questionnaires: the tally's size does not grow with the survey's.
/// </summary>
/// <param name="UnitCode">The unit assessed by the questionnaires.</param>
/// <param name="AnswerCounts">Per question code, the count of answers A, B, C, D, E (index 0–4).</param>
/// <param name="LeafRespondents">Per survey leaf code, distinct respondents who answered any of its questions.</param>
/// <param name="Questionnaires">Questionnaires about the unit.</param>
/// <param name="Groups">The same tally per respondent group (nhóm đối tượng), by the set's group code; filled
/// when the unit's criteria set weighs respondent groups (<c>survey.groups</c>).</param>
/// <param name="Aggregated">Results bought from a contractor (kết quả tổng hợp), by survey leaf code: the unit's
/// survey leaves come from these instead of questionnaires; a survey leaf not listed is not applicable.</param>
public sealed record UnitSurvey(
    string UnitCode,
    IReadOnlyDictionary<string, long[]> AnswerCounts,
    IReadOnlyDictionary<string, int> LeafRespondents,
    int Questionnaires,
    IReadOnlyDictionary<string, GroupSurvey>? Groups = null,
    IReadOnlyDictionary<string, AggregatedLeaf>? Aggregated = null)
{
    /// <summary>A unit's survey taken from aggregated results only.</summary>
    public static UnitSurvey FromAggregated(string unitCode, IReadOnlyDictionary<string, AggregatedLeaf> leaves) =>
        new(unitCode, new Dictionary<string, long[]>(), leaves.ToDictionary(l => l.Key, l => l.Value.Questionnaires ?? 0),
            leaves.Values.Select(l => l.Questionnaires ?? 0).DefaultIfEmpty(0).Max(), null, leaves);

    /// <summary>The answer letters, in the order of <see cref="AnswerCounts"/>' arrays.</summary>
    public const string Letters = "ABCDE";
}

/// <summary>One respondent group's tally for a unit: answer counts per question, respondents per survey leaf.</summary>
/// <param name="AnswerCounts">Per question code, the count of answers A–E.</param>
/// <param name="LeafRespondents">Per survey leaf code, the group's respondents who answered any of its questions.</param>
/// <param name="Questionnaires">The group's questionnaires about the unit.</param>
public sealed record GroupSurvey(
    IReadOnlyDictionary<string, long[]> AnswerCounts,
    IReadOnlyDictionary<string, int> LeafRespondents,
    int Questionnaires);

/// <summary>A survey leaf's aggregated result for a unit (from a contractor or SIPAS).</summary>
/// <param name="Share">The share of the leaf's maximum, 0–1, exact.</param>
/// <param name="Questionnaires">Questionnaires behind it, when the results say.</param>
public sealed record AggregatedLeaf(decimal Share, int? Questionnaires);
