using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring;

/// <summary>Where a leaf's final score came from.</summary>
public enum ScoreSource
{
    /// <summary>No score: the leaf is not applicable.</summary>
    None,
    /// <summary>The unit's self-score (not appraised).</summary>
    Self,
    /// <summary>Appraisal round 1 (thẩm định lần 1).</summary>
    Appraisal1,
    /// <summary>Appraisal round 2 (thẩm định lần 2).</summary>
    Appraisal2,
    /// <summary>The sociological survey.</summary>
    Survey,
}

/// <summary>A unit's status in a group's result.</summary>
public enum UnitStatus
{
    /// <summary>Assessed and ranked.</summary>
    Ranked,
    /// <summary>Assessed, not ranked (the unit is marked <c>ranked: false</c>).</summary>
    Unranked,
    /// <summary>No accepted self-assessment: listed after the ranked units, no index.</summary>
    Missing,
    /// <summary>The applicable maximum is 0: no index can be computed.</summary>
    Invalid,
}

/// <summary>One leaf's result for one unit.</summary>
/// <param name="Leaf">The criterion.</param>
/// <param name="Applicable">False when the leaf is not applicable (không áp dụng): it leaves points and maximum.</param>
/// <param name="Final">The score that counts (for bonus/penalty: the magnitude added or subtracted).</param>
/// <param name="Source">Where <paramref name="Final"/> came from.</param>
/// <param name="Input">The unit's entries and appraisal (null for survey leaves).</param>
/// <param name="Respondents">For survey leaves: distinct respondents.</param>
public sealed record LeafResult(Criterion Leaf, bool Applicable, decimal? Final, ScoreSource Source, LeafInput? Input, int? Respondents = null);

/// <summary>A node's exact totals (an area, a criterion, or the whole set).</summary>
/// <param name="Code">The node's code.</param>
/// <param name="Title">The node's title.</param>
/// <param name="Max">The node's maximum in the criteria set.</param>
/// <param name="Points">Sum of applicable regular leaf scores below it (bonus and penalty belong to no node).</param>
/// <param name="ApplicableMax">Sum of the maxima of applicable regular leaves below it.</param>
/// <param name="SelfPoints">The same sum over self-scores (survey leaves from the survey).</param>
public sealed record NodeTotal(string Code, string Title, decimal Max, decimal Points, decimal ApplicableMax, decimal SelfPoints)
{
    /// <summary>Points ÷ applicable maximum × 100; null when nothing below is applicable.</summary>
    public decimal? Index => ApplicableMax == 0 ? null : Points / ApplicableMax * 100m;

    /// <summary>Whether anything below it is applicable.</summary>
    public bool Applicable => ApplicableMax > 0;
}

/// <summary>A unit's exact score under one criteria set, before ranking.</summary>
/// <param name="Points">Regular points + bonus − penalty, clamped to [0, applicable maximum].</param>
/// <param name="SelfPoints">What the unit claimed (điểm tự chấm): the sum of its self-scores over the leaves it scores
/// itself (every applicable leaf but the survey's), bonus minus penalty included; not bounded (practice.md §9).</param>
/// <param name="ApplicableMax">Sum of the maxima of applicable regular leaves.</param>
/// <param name="Bonus">Bonus points added (final).</param>
/// <param name="Penalty">Penalty points subtracted (final).</param>
/// <param name="Areas">Totals per area (lĩnh vực), in set order.</param>
/// <param name="Nodes">Totals of every parent node and area, by code.</param>
/// <param name="Leaves">Every leaf's result, in tree order.</param>
/// <param name="UnappraisedLeaves">Applicable non-survey leaves whose score is still the self-score.</param>
public sealed record UnitScore(
    decimal Points,
    decimal SelfPoints,
    decimal ApplicableMax,
    decimal Bonus,
    decimal Penalty,
    IReadOnlyList<NodeTotal> Areas,
    IReadOnlyDictionary<string, NodeTotal> Nodes,
    IReadOnlyList<LeafResult> Leaves,
    int UnappraisedLeaves)
{
    /// <summary>Points ÷ applicable maximum × 100, exact; null when the applicable maximum is 0.</summary>
    public decimal? Index => ApplicableMax == 0 ? null : Points / ApplicableMax * 100m;

    /// <summary>True when every applicable non-survey leaf was appraised.</summary>
    public bool FullyAppraised => UnappraisedLeaves == 0;

    /// <summary>The total the unit would have with its self-scores and the survey, bounded like <see cref="Points"/> (the scorecard's self column).</summary>
    public decimal SelfPointsWithSurvey { get; init; }

    /// <summary>
    /// The leaves the unit scores itself (all but the survey's; bonus minus penalty included) after appraisal: a
    /// leaf without an appraised score keeps its self-score (điểm thẩm định). Not bounded.
    /// </summary>
    public decimal AppraisedPoints { get; init; }

    /// <summary>The applicable survey leaves' points (điểm điều tra XHH); null when no survey leaf applies.</summary>
    public decimal? SurveyPoints { get; init; }

    /// <summary>True when the unit's survey leaves came from aggregated results, not questionnaires.</summary>
    public bool SurveyFromResults { get; init; }

    /// <summary>Per respondent group of the set: questionnaires about the unit and whether the group counted.</summary>
    public IReadOnlyList<SurveyGroupUse> SurveyGroups { get; init; } = [];
}

/// <summary>How a respondent group (nhóm đối tượng) took part in a unit's survey.</summary>
/// <param name="Group">The group's code in the criteria set.</param>
/// <param name="Questionnaires">The group's questionnaires about the unit.</param>
/// <param name="Min">The group's minimum.</param>
/// <param name="Counted">Whether it reached its minimum on at least one survey leaf and so counted.</param>
public sealed record SurveyGroupUse(string Group, int Questionnaires, int Min, bool Counted);

/// <summary>How a unit's previous-year values were obtained.</summary>
public enum PreviousBasis
{
    /// <summary>The same unit code was assessed last year in the same group.</summary>
    Same,
    /// <summary>New this year; the previous index is the mean of its predecessors' indices.</summary>
    Derived,
    /// <summary>No previous values.</summary>
    New,
}

/// <summary>A unit's result as published for a year: what the next year compares with.</summary>
/// <param name="UnitCode">The unit.</param>
/// <param name="Group">The group it was ranked in.</param>
/// <param name="Status">Its status.</param>
/// <param name="Index">Its rounded index, if any.</param>
/// <param name="Rank">Its rank, if ranked.</param>
/// <param name="Class">Its class, if any.</param>
/// <param name="Areas">Its areas' rounded component indices with the area's title and maximum, by code.</param>
public sealed record PublishedResult(
    string UnitCode,
    string Group,
    UnitStatus Status,
    decimal? Index,
    int? Rank,
    string? Class,
    IReadOnlyDictionary<string, PublishedArea> Areas)
{
    /// <summary>Where the result comes from: computed by ParIndex, or read from a published annex (phụ lục đã công bố).</summary>
    public PreviousSource Source { get; init; } = PreviousSource.Computed;
}

/// <summary>Where last year's values come from.</summary>
public enum PreviousSource
{
    /// <summary>Computed by ParIndex from last year's data (or its published ranking json).</summary>
    Computed,
    /// <summary>Read from the annex the province published (baseline of its first year in ParIndex).</summary>
    Annex,
}

/// <summary>An area's published component index with what identifies the area across years.</summary>
public sealed record PublishedArea(string Code, string Title, decimal Max, decimal? Index);

/// <summary>A unit's comparison with the previous year.</summary>
/// <param name="Basis">How the previous values were obtained.</param>
/// <param name="Index">Previous (rounded) index.</param>
/// <param name="Rank">Previous rank (same basis only).</param>
/// <param name="Class">Previous class (same basis only).</param>
/// <param name="IndexChange">Index − previous index, both rounded, in points of percent.</param>
/// <param name="RankChange">Previous rank − rank: positive = moved up (tăng n bậc).</param>
/// <param name="Predecessors">For a derived basis, the predecessors whose indices were averaged.</param>
public sealed record Comparison(
    PreviousBasis Basis,
    decimal? Index,
    int? Rank,
    string? Class,
    decimal? IndexChange,
    int? RankChange,
    IReadOnlyList<string> Predecessors)
{
    /// <summary>Annex when any previous value used came from a published annex; else computed.</summary>
    public PreviousSource Source { get; init; } = PreviousSource.Computed;
}

/// <summary>An area's comparison with last year; <see cref="Withheld"/> explains a missing delta.</summary>
/// <param name="Code">The area's code this year.</param>
/// <param name="PreviousCode">The code compared with in last year's set.</param>
/// <param name="PreviousIndex">Last year's rounded component index, when comparable.</param>
/// <param name="IndexChange">Component index − last year's, both rounded, when comparable.</param>
/// <param name="Withheld">Why no delta is given, when none is.</param>
public sealed record AreaComparison(string Code, string PreviousCode, decimal? PreviousIndex, decimal? IndexChange, AreaDeltaWithheld? Withheld);

/// <summary>Why an area's year-on-year delta is not given.</summary>
public enum AreaDeltaWithheld
{
    /// <summary>Last year's set has no area with that code.</summary>
    NotInPreviousSet,
    /// <summary>The area's maximum changed (and no explicit <c>compare_to</c> maps it).</summary>
    MaxChanged,
    /// <summary>The area's title changed (and no explicit <c>compare_to</c> maps it).</summary>
    TitleChanged,
    /// <summary>The unit has no comparable result for the area last year (new, derived, or not applicable).</summary>
    NoPreviousIndex,
}

/// <summary>A unit's result in its group for a year.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Status">Ranked, unranked, missing or invalid.</param>
/// <param name="Score">The exact score; null when missing.</param>
/// <param name="Index">The index rounded to the set's decimals; null when missing or invalid.</param>
/// <param name="Rank">Place in the group among ranked units.</param>
/// <param name="Class">Classification (xếp loại).</param>
/// <param name="Previous">Comparison with the previous year, when computed.</param>
/// <param name="AreaChanges">Per area, the comparison with the previous year.</param>
public sealed record UnitResult(
    Unit Unit,
    UnitStatus Status,
    UnitScore? Score,
    decimal? Index,
    int? Rank,
    string? Class,
    Comparison? Previous = null,
    IReadOnlyList<AreaComparison>? AreaChanges = null)
{
    /// <summary>Competition rank of the rounded survey points among the group's ranked units that have them (hạng điều tra XHH).</summary>
    public int? SurveyRank { get; init; }
}

/// <summary>A group's summary for a year, and its change against the previous year.</summary>
/// <param name="RankedUnits">Ranked units.</param>
/// <param name="MeanIndex">Mean of the ranked units' rounded indices, rounded.</param>
/// <param name="MeanIndexChange">Change of the mean against last year's mean, when last year is known.</param>
/// <param name="ClassCounts">Ranked units per class, every class of the set listed (0 included).</param>
/// <param name="ClassCountChanges">Per class, count − last year's count, when last year is known.</param>
/// <param name="Rose">Units with the same basis that moved up (derived and new units are counted apart).</param>
/// <param name="Fell">Units that moved down.</param>
/// <param name="Held">Units that kept their place.</param>
/// <param name="BiggestRiser">The unit that rose most places (ties: the lower unit code).</param>
/// <param name="BiggestFaller">The unit that fell most places.</param>
public sealed record GroupSummary(
    int RankedUnits,
    decimal? MeanIndex,
    decimal? MeanIndexChange,
    IReadOnlyList<KeyValuePair<string, int>> ClassCounts,
    IReadOnlyList<KeyValuePair<string, int>>? ClassCountChanges,
    int Rose,
    int Fell,
    int Held,
    UnitResult? BiggestRiser,
    UnitResult? BiggestFaller)
{
    /// <summary>Ranked units whose previous values are derived from predecessors (no rank change).</summary>
    public int Derived { get; init; }

    /// <summary>Ranked units new this year (no previous values).</summary>
    public int New { get; init; }

    /// <summary>Mean of the ranked units' self-points (điểm tự chấm bình quân), rounded.</summary>
    public decimal? MeanSelfPoints { get; init; }

    /// <summary>Mean of the ranked units' appraised points (điểm thẩm định bình quân), rounded.</summary>
    public decimal? MeanAppraisedPoints { get; init; }

    /// <summary>Mean self minus mean appraised, both rounded: "appraisal cut 2.13 points on average".</summary>
    public decimal? SelfAppraisedGap { get; init; }
}

/// <summary>A group's result for a year: units in published order and the summary.</summary>
public sealed record GroupResult(CriteriaSet Set, IReadOnlyList<UnitResult> Units, GroupSummary Summary)
{
    /// <summary>The group's results as the next year compares with them.</summary>
    public IEnumerable<PublishedResult> Published() => Units.Select(u => new PublishedResult(
        u.Unit.Code,
        Set.Group,
        u.Status,
        u.Index,
        u.Rank,
        u.Class,
        (u.Score?.Areas ?? []).ToDictionary(
            a => a.Code,
            a => new PublishedArea(a.Code, a.Title, a.Max, Numbers.Round(a.Index, Set.Decimals)))));
}
