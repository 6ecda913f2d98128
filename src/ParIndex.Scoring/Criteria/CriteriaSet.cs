namespace ParIndex.Scoring.Criteria;

/// <summary>
/// A criteria set (bộ tiêu chí): the scoring rules of one ranking group for one year, as issued by a
/// provincial decision. Immutable; built by a loader and checked by <see cref="CriteriaValidator"/>.
/// </summary>
/// <param name="Year">The assessment year.</param>
/// <param name="Group">The ranking group (khối), e.g. <c>departments</c>, <c>districts</c>.</param>
/// <param name="Version">The set's version; bumped when the set is amended during the year.</param>
/// <param name="Decision">The legal basis (quyết định), shown on every export.</param>
/// <param name="Title">The set's title.</param>
/// <param name="Decimals">Places that totals and indices are rounded to (half away from zero).</param>
/// <param name="Ranking">How ties are ranked and which index is compared.</param>
/// <param name="Classification">Class rows (xếp loại), highest minimum first.</param>
/// <param name="Survey">The sociological survey (điều tra XHH) settings, if the set has survey criteria.</param>
/// <param name="Criteria">The top-level nodes: the areas (lĩnh vực) and bonus/penalty groups.</param>
/// <param name="Total">The declared sum of the regular leaves' maxima (100 unless stated).</param>
/// <param name="Source">Where the set was read from (for messages); not part of its meaning.</param>
public sealed record CriteriaSet(
    int Year,
    string Group,
    string Version,
    string Decision,
    string Title,
    int Decimals,
    RankingOptions Ranking,
    IReadOnlyList<ClassRow> Classification,
    SurveySettings? Survey,
    IReadOnlyList<Criterion> Criteria,
    decimal Total = 100m,
    string Source = "")
{
    /// <summary>Every node in tree order (depth first, as the workbook lists them).</summary>
    public IEnumerable<Criterion> AllNodes() => Criteria.SelectMany(c => c.SelfAndDescendants());

    /// <summary>Every leaf (a node with a rule) in tree order.</summary>
    public IEnumerable<Criterion> Leaves() => AllNodes().Where(n => n.IsLeaf);

    /// <summary>
    /// The scored criteria (tiêu chí chấm điểm): leaves that count toward the maximum, survey leaves included, bonus
    /// and penalty leaves not. Every view that says how many criteria a set has counts these.
    /// </summary>
    public int ScoredLeafCount => Leaves().Count(l => l.IsRegularLeaf);

    /// <summary>The areas (lĩnh vực): top-level nodes that carry a maximum and get a component index.</summary>
    public IEnumerable<Criterion> Areas() => Criteria.Where(c => c.IsArea);

    /// <summary>The units that appraise some leaf of the set (<c>appraised_by</c>), in code order.</summary>
    public IReadOnlyList<string> Appraisers() =>
        AllNodes().Select(n => n.AppraisedBy).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Finds a node by its code, or null.</summary>
    public Criterion? Find(string code) => AllNodes().FirstOrDefault(n => n.Code == code);

    /// <summary>The answer shares of a survey question: its own map, else the set's default.</summary>
    public IReadOnlyDictionary<char, decimal> AnswersFor(string questionCode)
    {
        if (Survey is null) return new Dictionary<char, decimal>();
        var q = Survey.Questions.FirstOrDefault(x => x.Code == questionCode);
        return q?.Answers ?? Survey.Answers;
    }
}

/// <summary>How units are ranked within a group (xếp hạng).</summary>
/// <param name="Method">Competition (1, 2, 2, 4) or dense (1, 2, 2, 3) ranking of ties.</param>
/// <param name="On">Whether indices are compared after rounding (default) or exactly.</param>
public sealed record RankingOptions(RankingMethod Method = RankingMethod.Competition, RankOn On = RankOn.Rounded);

/// <summary>Tie handling in a ranking.</summary>
public enum RankingMethod
{
    /// <summary>Tied units share a place and the next place is skipped: 1, 2, 2, 4.</summary>
    Competition,
    /// <summary>Tied units share a place and the next place follows: 1, 2, 2, 3.</summary>
    Dense,
}

/// <summary>Which index the ranking compares.</summary>
public enum RankOn
{
    /// <summary>The index rounded to the set's decimals: what is published is what is ranked.</summary>
    Rounded,
    /// <summary>The exact index.</summary>
    Exact,
}

/// <summary>A classification row (xếp loại): an index at or above <paramref name="Min"/> gets <paramref name="Label"/>.</summary>
public sealed record ClassRow(decimal Min, string Label);

/// <summary>Survey settings: minimum respondents, default answer shares and the questionnaire's questions.</summary>
/// <param name="MinRespondents">Below this many distinct respondents a unit's survey leaves are not applicable
/// (the one-pool rule, used when <paramref name="Groups"/> is null).</param>
/// <param name="Answers">Default share of a leaf's points per answer letter (A–E).</param>
/// <param name="Questions">The questions, in questionnaire order.</param>
/// <param name="Groups">Weights and minimums per respondent group (nhóm đối tượng, e.g. CB officials, ND citizens),
/// by group code; null for one pool. With groups, a survey leaf's share is the weighted mean of the groups' mean
/// shares, a group below its minimum is left out and the others' weights rescaled.</param>
public sealed record SurveySettings(
    int MinRespondents,
    IReadOnlyDictionary<char, decimal> Answers,
    IReadOnlyList<SurveyQuestion> Questions,
    IReadOnlyDictionary<string, RespondentGroup>? Groups = null);

/// <summary>A respondent group's weight and minimum (nhóm đối tượng khảo sát).</summary>
/// <param name="Weight">The group's weight in a survey leaf's share, before rescaling over the groups that count.</param>
/// <param name="Min">Below this many respondents to a leaf, the group is left out of that leaf.</param>
public sealed record RespondentGroup(decimal Weight, int Min);

/// <summary>A survey question (câu hỏi trong phiếu); <paramref name="Answers"/> overrides the default shares.</summary>
public sealed record SurveyQuestion(string Code, string Text, IReadOnlyDictionary<char, decimal>? Answers = null);

/// <summary>
/// A node of the criteria tree: an area (lĩnh vực), criterion (tiêu chí) or sub-criterion (tiêu chí thành phần).
/// A node has either children or a rule (then it is a leaf).
/// </summary>
/// <param name="Code">Unique within the set and stable across years for "the same" criterion.</param>
/// <param name="Title">The node's text.</param>
/// <param name="Max">Maximum points (điểm tối đa); null for bonus/penalty leaves and their parents.</param>
/// <param name="Rule">The scoring rule of a leaf; null for a parent.</param>
/// <param name="Children">Child nodes of a parent; empty for a leaf.</param>
/// <param name="NotApplicableAllowed">Whether a unit may mark this leaf not applicable (không áp dụng).</param>
/// <param name="CompareTo">The code in last year's set that this node compares with, when it differs.</param>
/// <param name="Line">The line in the source file, for messages (0 when unknown).</param>
/// <param name="AppraisedBy">The code of the unit that appraises this node's leaves (<c>appraised_by</c>), inherited
/// from the nearest ancestor that names one; null when the reform office appraises.</param>
public sealed record Criterion(
    string Code,
    string Title,
    decimal? Max,
    Rule? Rule,
    IReadOnlyList<Criterion> Children,
    bool NotApplicableAllowed = false,
    string? CompareTo = null,
    int Line = 0,
    string? AppraisedBy = null)
{
    /// <summary>True when the node carries a rule.</summary>
    public bool IsLeaf => Rule is not null;

    /// <summary>True for bonus (điểm thưởng) and penalty (điểm trừ) leaves, which count towards no maximum.</summary>
    public bool IsBonusOrPenalty => Rule is BonusRule or PenaltyRule;

    /// <summary>A regular leaf: a leaf that counts towards the maximum.</summary>
    public bool IsRegularLeaf => IsLeaf && !IsBonusOrPenalty;

    /// <summary>True for survey leaves, scored from the sociological survey, never by the unit.</summary>
    public bool IsSurvey => Rule is SurveyRule;

    /// <summary>An area is a top-level node with regular leaves; groups of only bonus/penalty leaves are not areas.</summary>
    public bool IsArea => SelfAndDescendants().Any(n => n.IsRegularLeaf);

    /// <summary>This node and all below it, in tree order.</summary>
    public IEnumerable<Criterion> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var n in child.SelfAndDescendants())
                yield return n;
    }

    /// <summary>The leaves at or below this node.</summary>
    public IEnumerable<Criterion> Leaves() => SelfAndDescendants().Where(n => n.IsLeaf);

    /// <summary>The code compared with in last year's set.</summary>
    public string PreviousCode => CompareTo ?? Code;
}
