using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring;

/// <summary>
/// How a node of this year's set stands to last year's (scoring.md, "Year on year"): the node it continues is
/// last year's node of its <see cref="Criterion.PreviousCode"/> (its own code, or the code its <c>compare_to</c>
/// names); last year's value stands beside this year's when the set maps the node explicitly, or when its
/// title, maximum and kind (leaf or parent) are unchanged. See <see cref="SameCriterion"/>.
/// </summary>
/// <param name="PreviousCode">The code looked up in last year's set.</param>
/// <param name="Found">Whether last year's set has a node of that code.</param>
/// <param name="Explicit">Whether this year's node names it with <c>compare_to</c>.</param>
/// <param name="MaxChanged">The maximum differs from last year's.</param>
/// <param name="TitleChanged">The title (trimmed) differs from last year's.</param>
/// <param name="KindChanged">A leaf was a parent last year, or the other way round.</param>
public sealed record CriterionMatch(string PreviousCode, bool Found, bool Explicit, bool MaxChanged, bool TitleChanged, bool KindChanged)
{
    /// <summary>Whether last year's value of the node may be compared with this year's.</summary>
    public bool Comparable => Found && (Explicit || (!MaxChanged && !TitleChanged && !KindChanged));

    /// <summary>Why it may not, in the words an area's delta gives; null when it may.</summary>
    public AreaDeltaWithheld? Withheld => !Found ? AreaDeltaWithheld.NotInPreviousSet
        : Comparable ? null
        : MaxChanged ? AreaDeltaWithheld.MaxChanged
        : AreaDeltaWithheld.TitleChanged;
}

/// <summary>The one rule for "the same criterion last year", used by the deltas, the scorecards and the set comparison.</summary>
public static class SameCriterion
{
    /// <summary>
    /// How <paramref name="node"/> stands to last year's node: the one its <see cref="Criterion.PreviousCode"/> names;
    /// when a <c>compare_to</c> names a code last year's set lacks (a mapping carried forward from an older year),
    /// the node of its own code, judged as if unmapped.
    /// </summary>
    /// <param name="node">This year's node.</param>
    /// <param name="lastYear">Last year's node of a code (title, maximum, leaf or not), or null when there is none.</param>
    public static CriterionMatch Match(Criterion node, Func<string, (string Title, decimal? Max, bool IsLeaf)?> lastYear)
    {
        var mapped = node.CompareTo is not null;
        if (lastYear(node.PreviousCode) is { } named) return Judge(node, node.PreviousCode, mapped, named);
        if (mapped && lastYear(node.Code) is { } own) return Judge(node, node.Code, false, own);
        return new CriterionMatch(node.PreviousCode, false, mapped, false, false, false);
    }

    /// <summary>How <paramref name="node"/> stands to last year's set (not found when there is none).</summary>
    public static CriterionMatch Match(Criterion node, CriteriaSet? previous) =>
        Match(node, code => previous?.Find(code) is { } old ? (old.Title, old.Max, old.IsLeaf) : null);

    /// <summary>How an area stands to last year's published areas (by code).</summary>
    public static CriterionMatch Match(Criterion area, IReadOnlyDictionary<string, PublishedArea> previous) =>
        Match(area, code => previous.TryGetValue(code, out var old) ? (old.Title, old.Max, false) : null);

    private static CriterionMatch Judge(Criterion node, string code, bool mapped, (string Title, decimal? Max, bool IsLeaf) old) =>
        new(code, true, mapped, old.Max != node.Max,
            !string.Equals(old.Title.Trim(), node.Title.Trim(), StringComparison.Ordinal), old.IsLeaf != node.IsLeaf);

    /// <summary>
    /// Last year's points of the same criterion for a unit (a leaf's final score, a parent's total), exact; null when
    /// the unit was not scored last year, the node is not the same criterion, or it was not applicable last year.
    /// </summary>
    /// <param name="node">This year's node.</param>
    /// <param name="previousSet">Last year's criteria set.</param>
    /// <param name="previousScore">The unit's score last year.</param>
    public static decimal? LastYearPoints(Criterion node, CriteriaSet? previousSet, UnitScore? previousScore)
    {
        if (previousScore is null || previousSet is null) return null;
        var match = Match(node, previousSet);
        if (!match.Comparable) return null;
        var old = previousSet.Find(match.PreviousCode)!;
        if (old.IsLeaf)
            return previousScore.Leaves.FirstOrDefault(l => l.Leaf.Code == old.Code) is { Applicable: true } leaf ? leaf.Final : null;
        return previousScore.Nodes.TryGetValue(old.Code, out var total) && total.Applicable ? total.Points : null;
    }
}
