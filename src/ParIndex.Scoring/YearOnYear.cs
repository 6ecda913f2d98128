namespace ParIndex.Scoring;

/// <summary>
/// Compares a group's result with the previous year (so với năm trước): per unit on the same code,
/// derived from predecessors, or new; per area only where the area is comparable.
/// </summary>
public static class YearOnYear
{
    /// <summary>
    /// Adds previous-year values and changes to every unit of <paramref name="current"/>, and the
    /// summary's changes against <paramref name="previousSummary"/>.
    /// </summary>
    /// <param name="current">This year's group result.</param>
    /// <param name="previous">Last year's published results of every group, any order.</param>
    /// <param name="previousSummary">Last year's summary of the same group, when the group existed.</param>
    public static GroupResult Compare(GroupResult current, IEnumerable<PublishedResult> previous, GroupSummary? previousSummary)
    {
        var set = current.Set;
        var lastYear = previous.Where(p => p.Index is not null)
            .GroupBy(p => p.UnitCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var thisYear = current.Units.Select(u => u.Unit.Code).ToHashSet(StringComparer.Ordinal);
        var units = current.Units.Select(u =>
        {
            var comparison = CompareUnit(u, set.Group, set.Decimals, lastYear, thisYear);
            var same = comparison.Basis == PreviousBasis.Same
                ? lastYear[u.Unit.Code].First(p => p.Group == set.Group) : null;
            return u with { Previous = comparison, AreaChanges = CompareAreas(u, set, same) };
        }).ToList();
        return current with { Units = units, Summary = Ranking.Summarise(set, units, previousSummary) };
    }

    private static Comparison CompareUnit(UnitResult unit, string group, int decimals, Dictionary<string, List<PublishedResult>> lastYear,
        HashSet<string> thisYear)
    {
        // A unit that keeps its code but lists itself among its predecessors absorbed others: its previous
        // values are derived from all of them, never "same" (practice.md §2). It has absorbed them once another
        // predecessor is no longer in the group this year (before the merger both are still assessed).
        var absorbed = unit.Unit.PredecessorCodes.Contains(unit.Unit.Code, StringComparer.Ordinal)
            && unit.Unit.PredecessorCodes.Any(p => p != unit.Unit.Code && !thisYear.Contains(p));
        if (!absorbed && lastYear.TryGetValue(unit.Unit.Code, out var own) && own.FirstOrDefault(p => p.Group == group) is { } same)
        {
            return new Comparison(PreviousBasis.Same, same.Index, same.Rank, same.Class,
                unit.Index - same.Index,
                unit.Rank is { } r && same.Rank is { } pr ? pr - r : null,
                []) { Source = same.Source };
        }

        var predecessors = unit.Unit.PredecessorCodes
            .Where(lastYear.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .Select(code => lastYear[code].FirstOrDefault(p => p.Group == group) ?? lastYear[code].First())
            .ToList();
        if (predecessors.Count > 0)
        {
            var mean = Numbers.Round(predecessors.Average(p => p.Index!.Value), decimals);
            return new Comparison(PreviousBasis.Derived, mean, null, null, unit.Index - mean, null,
                predecessors.Select(p => p.UnitCode).ToList())
            {
                Source = predecessors.Any(p => p.Source == PreviousSource.Annex) ? PreviousSource.Annex : PreviousSource.Computed,
            };
        }
        return new Comparison(PreviousBasis.New, null, null, null, null, null, []);
    }

    private static IReadOnlyList<AreaComparison> CompareAreas(UnitResult unit, Criteria.CriteriaSet set, PublishedResult? previous)
    {
        var list = new List<AreaComparison>();
        foreach (var area in set.Areas())
        {
            var prevCode = area.PreviousCode;
            if (previous is null)
            {
                list.Add(new AreaComparison(area.Code, prevCode, null, null, AreaDeltaWithheld.NoPreviousIndex));
                continue;
            }
            var match = SameCriterion.Match(area, previous.Areas);
            prevCode = match.PreviousCode;
            previous.Areas.TryGetValue(prevCode, out var before);
            if (match.Withheld is { } why)
            {
                list.Add(new AreaComparison(area.Code, prevCode, before?.Index, null, why));
                continue;
            }
            var now = unit.Score?.Areas.FirstOrDefault(a => a.Code == area.Code)?.Index;
            if (before!.Index is null || now is null)
            {
                list.Add(new AreaComparison(area.Code, prevCode, before.Index, null, AreaDeltaWithheld.NoPreviousIndex));
                continue;
            }
            list.Add(new AreaComparison(area.Code, prevCode, before.Index,
                Numbers.Round(now.Value, set.Decimals) - before.Index.Value, null));
        }
        return list;
    }
}
