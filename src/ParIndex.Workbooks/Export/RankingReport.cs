using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// What a year's ranking export (xuất kết quả xếp hạng) is written from: the groups' results as the core
/// computed them (units in published order, ranks, classes and year-on-year comparisons filled in).
/// </summary>
/// <param name="Year">The assessment year.</param>
/// <param name="Software">The software and version, e.g. "ParIndex 1.0.0".</param>
/// <param name="InputsFingerprint">The inputs' fingerprint, e.g. "sha256:…".</param>
/// <param name="Groups">Each group's result, in the order they are published.</param>
/// <param name="PreviousGroups">Last year's results computed from last year's data, when known (for scorecards' last-year column).</param>
public sealed record RankingReport(
    int Year,
    string Software,
    string InputsFingerprint,
    IReadOnlyList<GroupResult> Groups,
    IReadOnlyList<GroupResult>? PreviousGroups = null)
{
    /// <summary>The result document of the report: what the json export, the API and the pages read.</summary>
    public RankingDocument Document() => RankingDocument.Of(Year, Software, InputsFingerprint, Groups);

    /// <summary>
    /// The unit's scored result last year in the same group, with last year's criteria set; nulls when the
    /// unit was not scored last year (or last year is not known in detail).
    /// </summary>
    public (UnitResult? Unit, CriteriaSet? Set) PreviousYearOf(string unitCode, string group)
    {
        var previous = PreviousGroups?.FirstOrDefault(g => g.Set.Group == group);
        var unit = previous?.Units.FirstOrDefault(u => u.Unit.Code == unitCode && u.Score is not null);
        return unit is null ? (null, null) : (unit, previous!.Set);
    }
}
