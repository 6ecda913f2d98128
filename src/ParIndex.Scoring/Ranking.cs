using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring;

/// <summary>Ranks, classifies and orders a group's units (xếp hạng, xếp loại).</summary>
public static class Ranking
{
    /// <summary>
    /// Places for indices sorted descending: tied values share a place; competition skips the places
    /// the tie used (1, 2, 2, 4), dense does not (1, 2, 2, 3).
    /// </summary>
    public static IReadOnlyList<int> Places(IReadOnlyList<decimal> descending, RankingMethod method)
    {
        var places = new int[descending.Count];
        for (var i = 0; i < descending.Count; i++)
        {
            if (i > 0 && descending[i] > descending[i - 1])
                throw new ArgumentException("Indices must be sorted descending.", nameof(descending));
            places[i] = i > 0 && descending[i] == descending[i - 1] ? places[i - 1]
                : method == RankingMethod.Competition ? i + 1
                : (i == 0 ? 1 : places[i - 1] + 1);
        }
        return places;
    }

    /// <summary>The first class row whose minimum the (rounded) index reaches; null if none.</summary>
    public static string? Classify(IReadOnlyList<ClassRow> rows, decimal index) =>
        rows.OrderByDescending(r => r.Min).FirstOrDefault(r => index >= r.Min)?.Label;

    /// <summary>
    /// Computes a group's result: scores every unit assessed in the set's year, ranks the ranked ones and
    /// orders the list: ranked by place (ties by unit code), then unranked, then invalid, then missing.
    /// </summary>
    /// <param name="set">The group's criteria set.</param>
    /// <param name="units">The units of the group assessed this year.</param>
    /// <param name="assessments">Accepted self-assessments by unit code; a unit without one is missing.</param>
    /// <param name="surveys">Survey tallies by unit code.</param>
    public static GroupResult Compute(
        CriteriaSet set,
        IEnumerable<Unit> units,
        IReadOnlyDictionary<string, UnitAssessment> assessments,
        IReadOnlyDictionary<string, UnitSurvey> surveys)
    {
        var results = new List<UnitResult>();
        foreach (var unit in units.OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            if (!assessments.TryGetValue(unit.Code, out var assessment))
            {
                results.Add(new UnitResult(unit, UnitStatus.Missing, null, null, null, null));
                continue;
            }
            var score = UnitScoring.Score(set, assessment, surveys.GetValueOrDefault(unit.Code));
            if (score.Index is not { } exact)
            {
                results.Add(new UnitResult(unit, UnitStatus.Invalid, score, null, null, null));
                continue;
            }
            var index = Numbers.Round(exact, set.Decimals);
            results.Add(new UnitResult(unit, unit.Ranked ? UnitStatus.Ranked : UnitStatus.Unranked, score, index, null,
                Classify(set.Classification, index)));
        }

        decimal Compared(UnitResult r) => set.Ranking.On == RankOn.Rounded ? r.Index!.Value : r.Score!.Index!.Value;
        var ranked = results.Where(r => r.Status == UnitStatus.Ranked)
            .OrderByDescending(Compared).ThenBy(r => r.Unit.Code, StringComparer.Ordinal).ToList();
        var places = Places(ranked.Select(Compared).ToList(), set.Ranking.Method);
        // Survey rank: the rounded survey points, competition-ranked among ranked units that have them.
        var surveyed = ranked.Where(r => r.Score!.SurveyPoints is not null)
            .Select(r => (r.Unit.Code, Points: Numbers.Round(r.Score!.SurveyPoints!.Value, set.Decimals)))
            .OrderByDescending(x => x.Points).ThenBy(x => x.Code, StringComparer.Ordinal).ToList();
        var surveyPlaces = Places(surveyed.Select(x => x.Points).ToList(), RankingMethod.Competition);
        var surveyRank = surveyed.Select((x, i) => (x.Code, Place: surveyPlaces[i])).ToDictionary(x => x.Code, x => x.Place, StringComparer.Ordinal);
        var ordered = ranked.Select((r, i) => r with { Rank = places[i], SurveyRank = surveyRank.GetValueOrDefault(r.Unit.Code) is var p and > 0 ? p : null })
            .Concat(results.Where(r => r.Status == UnitStatus.Unranked)
                .OrderByDescending(r => r.Index).ThenBy(r => r.Unit.Code, StringComparer.Ordinal))
            .Concat(results.Where(r => r.Status == UnitStatus.Invalid))
            .Concat(results.Where(r => r.Status == UnitStatus.Missing))
            .ToList();
        return new GroupResult(set, ordered, Summarise(set, ordered, previous: null));
    }

    /// <summary>
    /// The group summary: mean of the ranked units' rounded indices, counts per class, and, when the
    /// previous year's summary is given, their changes and who rose, fell or held.
    /// </summary>
    public static GroupSummary Summarise(CriteriaSet set, IReadOnlyList<UnitResult> units, GroupSummary? previous)
    {
        var ranked = units.Where(u => u.Status == UnitStatus.Ranked).ToList();
        decimal? mean = ranked.Count == 0 ? null : Numbers.Round(ranked.Average(u => u.Index!.Value), set.Decimals);
        decimal? meanSelf = ranked.Count == 0 ? null : Numbers.Round(ranked.Average(u => u.Score!.SelfPoints), set.Decimals);
        decimal? meanAppraised = ranked.Count == 0 ? null : Numbers.Round(ranked.Average(u => u.Score!.AppraisedPoints), set.Decimals);
        var labels = set.Classification.OrderByDescending(c => c.Min).Select(c => c.Label).ToList();
        var counts = labels.Select(l => KeyValuePair.Create(l, ranked.Count(u => u.Class == l))).ToList();

        IReadOnlyList<KeyValuePair<string, int>>? countChanges = null;
        decimal? meanChange = null;
        if (previous is not null)
        {
            meanChange = mean is { } m && previous.MeanIndex is { } pm ? m - pm : null;
            var before = previous.ClassCounts.ToDictionary(kv => kv.Key, kv => kv.Value);
            countChanges = counts.Select(kv => KeyValuePair.Create(kv.Key, kv.Value - before.GetValueOrDefault(kv.Key))).ToList();
        }

        var moved = ranked.Where(u => u.Previous is { Basis: PreviousBasis.Same, RankChange: not null }).ToList();
        var riser = moved.Where(u => u.Previous!.RankChange > 0)
            .OrderByDescending(u => u.Previous!.RankChange).ThenBy(u => u.Unit.Code, StringComparer.Ordinal).FirstOrDefault();
        var faller = moved.Where(u => u.Previous!.RankChange < 0)
            .OrderBy(u => u.Previous!.RankChange).ThenBy(u => u.Unit.Code, StringComparer.Ordinal).FirstOrDefault();
        return new GroupSummary(ranked.Count, mean, meanChange, counts, countChanges,
            moved.Count(u => u.Previous!.RankChange > 0), moved.Count(u => u.Previous!.RankChange < 0),
            moved.Count(u => u.Previous!.RankChange == 0), riser, faller)
        {
            // Derived and new units have no rank change: counted apart, never among risers and fallers.
            Derived = ranked.Count(u => u.Previous?.Basis == PreviousBasis.Derived),
            New = ranked.Count(u => u.Previous?.Basis == PreviousBasis.New),
            MeanSelfPoints = meanSelf,
            MeanAppraisedPoints = meanAppraised,
            SelfAppraisedGap = meanSelf - meanAppraised,
        };
    }
}
