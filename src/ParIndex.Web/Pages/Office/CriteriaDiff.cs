using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Web.Pages.Office;

/// <summary>What changed in a criteria set against the year before.</summary>
/// <param name="Added">Codes new this year (no node of last year's set matches them).</param>
/// <param name="Removed">Last year's codes that no node of this year's set matches.</param>
/// <param name="Changed">Codes kept whose maximum or title changed.</param>
public sealed record CriteriaDiff(IReadOnlyList<Criterion> Added, IReadOnlyList<Criterion> Removed, IReadOnlyList<CriteriaChange> Changed)
{
    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    /// <summary>
    /// Compares two sets node by node, by the one rule for the same criterion (<see cref="SameCriterion"/>).
    /// </summary>
    public static CriteriaDiff Compare(CriteriaSet? previous, CriteriaSet current)
    {
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<Criterion>();
        var changed = new List<CriteriaChange>();
        foreach (var node in current.AllNodes())
        {
            var match = SameCriterion.Match(node, previous);
            if (!match.Found)
            {
                added.Add(node);
                continue;
            }
            var old = previous!.Find(match.PreviousCode)!;
            matched.Add(old.Code);
            if (match.MaxChanged || match.TitleChanged || old.Code != node.Code)
                changed.Add(new CriteriaChange(node.Code, old.Code, old.Max, node.Max, old.Title, node.Title, match.MaxChanged, match.TitleChanged));
        }
        var removed = previous?.AllNodes().Where(n => !matched.Contains(n.Code)).ToList() ?? [];
        return new CriteriaDiff(added, removed, changed);
    }
}

/// <summary>A kept node that changed: its maximum, its title, or its code (compare_to).</summary>
public sealed record CriteriaChange(string Code, string PreviousCode, decimal? PreviousMax, decimal? Max, string PreviousTitle, string Title,
    bool MaxChanged, bool TitleChanged);
