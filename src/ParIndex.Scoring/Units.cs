namespace ParIndex.Scoring;

/// <summary>
/// An assessed unit (đơn vị): a department, district or commune, in one ranking group (khối).
/// </summary>
/// <param name="Code">The unit's stable code, e.g. <c>SO-TC</c>.</param>
/// <param name="Name">The unit's name, e.g. "Sở Tài chính".</param>
/// <param name="Group">The ranking group it is assessed in.</param>
/// <param name="Ranked">False for a unit that is assessed but not ranked.</param>
/// <param name="From">First year it is assessed, if bounded.</param>
/// <param name="Until">Last year it is assessed, if bounded.</param>
/// <param name="Predecessors">Units it was formed from (merger or rename), for year-on-year deltas.</param>
public sealed record Unit(
    string Code,
    string Name,
    string Group,
    bool Ranked = true,
    int? From = null,
    int? Until = null,
    IReadOnlyList<string>? Predecessors = null)
{
    /// <summary>The predecessors, never null.</summary>
    public IReadOnlyList<string> PredecessorCodes => Predecessors ?? [];

    /// <summary>Whether the unit is assessed in <paramref name="year"/>.</summary>
    public bool IsAssessedIn(int year) => (From is null || year >= From) && (Until is null || year <= Until);
}
