using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring;

/// <summary>Scores one unit under one criteria set: leaf scores, not-applicable handling, totals and index.</summary>
public static class UnitScoring
{
    /// <summary>
    /// Scores a unit. Every regular non-survey leaf must have an input (the workbook reader guarantees it);
    /// survey leaves come from <paramref name="survey"/> and are not applicable without enough respondents.
    /// </summary>
    public static UnitScore Score(CriteriaSet set, UnitAssessment assessment, UnitSurvey? survey)
    {
        var leaves = set.Leaves().Select(leaf => ScoreLeaf(set, leaf, assessment, survey)).ToList();
        var byCode = leaves.ToDictionary(l => l.Leaf.Code);

        var nodes = new Dictionary<string, NodeTotal>();
        foreach (var node in set.AllNodes().Where(n => !n.IsLeaf && n.Max is not null))
            nodes[node.Code] = Total(node, byCode);
        var areas = set.Areas().Select(a => nodes[a.Code]).ToList();

        var applicableMax = leaves.Where(l => l.Leaf.IsRegularLeaf && l.Applicable).Sum(l => l.Leaf.Max!.Value);
        var (points, bonus, penalty) = Points(leaves, applicableMax, l => l.Final);
        var (selfWithSurvey, _, _) = Points(leaves, applicableMax, l => l.Leaf.IsSurvey ? l.Final : l.Input?.SelfScore);
        var (selfPoints, _) = Split(leaves, l => l.Input?.SelfScore);
        var unappraised = leaves.Count(l => l.Applicable && l.Leaf.IsRegularLeaf && !l.Leaf.IsSurvey && l.Source == ScoreSource.Self);

        var (appraisedPoints, surveyPoints) = Split(leaves, l => l.Final);
        return new UnitScore(points, selfPoints, applicableMax, bonus, penalty, areas, nodes, leaves, unappraised)
        {
            SelfPointsWithSurvey = selfWithSurvey,
            AppraisedPoints = appraisedPoints,
            SurveyPoints = surveyPoints,
            SurveyGroups = GroupUses(set, survey),
            SurveyFromResults = survey?.Aggregated is not null,
        };
    }

    /// <summary>
    /// The leaves a unit scores itself (every applicable leaf but the survey's, bonus minus penalty included)
    /// under <paramref name="score"/>, and the survey leaves' points (null when no survey leaf applies).
    /// </summary>
    private static (decimal Scored, decimal? Survey) Split(IReadOnlyList<LeafResult> leaves, Func<LeafResult, decimal?> score)
    {
        decimal scored = 0m;
        decimal? survey = null;
        foreach (var l in leaves.Where(l => l.Applicable))
        {
            var s = score(l) ?? 0m;
            if (l.Leaf.IsSurvey) survey = (survey ?? 0m) + s;
            else if (l.Leaf.Rule is PenaltyRule) scored -= s;
            else scored += s;
        }
        return (scored, survey);
    }

    private static LeafResult ScoreLeaf(CriteriaSet set, Criterion leaf, UnitAssessment assessment, UnitSurvey? survey)
    {
        if (leaf.Rule is SurveyRule rule)
            return ScoreSurveyLeaf(set, leaf, rule, survey);

        assessment.Leaves.TryGetValue(leaf.Code, out var input);
        if (leaf.IsBonusOrPenalty)
            return new LeafResult(leaf, true, input?.Final ?? 0m, SourceOf(input), input);

        if (input is null)
            throw new ArgumentException($"Unit {assessment.UnitCode} has no entry for criterion {leaf.Code}.", nameof(assessment));
        if (input.NotApplicable && leaf.NotApplicableAllowed)
            return new LeafResult(leaf, false, null, ScoreSource.None, input);
        var final = input.Final
            ?? throw new ArgumentException($"Unit {assessment.UnitCode} has no score for criterion {leaf.Code}.", nameof(assessment));
        return new LeafResult(leaf, true, final, SourceOf(input), input);
    }

    private static ScoreSource SourceOf(LeafInput? input) =>
        input?.Appraisal2 is not null ? ScoreSource.Appraisal2
        : input?.Appraisal1 is not null ? ScoreSource.Appraisal1
        : ScoreSource.Self;

    private static LeafResult ScoreSurveyLeaf(CriteriaSet set, Criterion leaf, SurveyRule rule, UnitSurvey? survey)
    {
        var respondents = survey?.LeafRespondents.GetValueOrDefault(leaf.Code) ?? 0;
        if (survey?.Aggregated is { } aggregated)
        {
            // Bought results: the share is given; a leaf the results do not list is not applicable.
            return aggregated.TryGetValue(leaf.Code, out var result)
                ? new LeafResult(leaf, true, leaf.Max!.Value * result.Share, ScoreSource.Survey, null, result.Questionnaires)
                : new LeafResult(leaf, false, null, ScoreSource.None, null, 0);
        }

        if (set.Survey?.Groups is { } groups)
        {
            // Weighted mean of the groups' mean shares; a group below its minimum is left out and the
            // remaining weights rescaled (dividing by the weights that count does both at once).
            decimal weighted = 0m, weights = 0m;
            var counted = 0;
            foreach (var (code, group) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (survey?.Groups?.GetValueOrDefault(code) is not { } tally) continue;
                var n = tally.LeafRespondents.GetValueOrDefault(leaf.Code);
                if (n < group.Min || n == 0) continue;
                if (MeanShare(set, rule, tally.AnswerCounts) is not { } share) continue;
                weighted += group.Weight * share;
                weights += group.Weight;
                counted += n;
            }
            return weights == 0m
                ? new LeafResult(leaf, false, null, ScoreSource.None, null, respondents)
                : new LeafResult(leaf, true, leaf.Max!.Value * weighted / weights, ScoreSource.Survey, null, counted);
        }

        var minimum = set.Survey?.MinRespondents ?? 1;
        if (survey is null || respondents < minimum || respondents == 0)
            return new LeafResult(leaf, false, null, ScoreSource.None, null, respondents);
        var (sum, count) = Shares(set, rule, survey.AnswerCounts);
        return count > 0
            ? new LeafResult(leaf, true, leaf.Max!.Value * sum / count, ScoreSource.Survey, null, respondents)
            : new LeafResult(leaf, false, null, ScoreSource.None, null, respondents);
    }

    /// <summary>The mean share over every answer to the leaf's questions; null when there is none.</summary>
    private static decimal? MeanShare(CriteriaSet set, SurveyRule rule, IReadOnlyDictionary<string, long[]> answerCounts)
    {
        var (sum, count) = Shares(set, rule, answerCounts);
        return count == 0 ? null : sum / count;
    }

    /// <summary>The sum of the shares of every answer to the leaf's questions, and the number of those answers.</summary>
    private static (decimal Sum, long Count) Shares(CriteriaSet set, SurveyRule rule, IReadOnlyDictionary<string, long[]> answerCounts)
    {
        decimal shares = 0m;
        long answers = 0;
        foreach (var question in rule.Questions)
        {
            if (!answerCounts.TryGetValue(question, out var counts)) continue;
            var map = set.AnswersFor(question);
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] == 0) continue;
                var letter = UnitSurvey.Letters[i];
                if (!map.TryGetValue(letter, out var share))
                    throw new ArgumentException($"Answer {letter} to {question} has no share in the criteria set.", nameof(answerCounts));
                shares += counts[i] * share;
                answers += counts[i];
            }
        }
        return (shares, answers);
    }

    /// <summary>
    /// Per respondent group of the set: the unit's questionnaires and whether the group counted in at least
    /// one survey leaf (reached its minimum). Empty when the set weighs no groups or the survey was aggregated.
    /// </summary>
    private static IReadOnlyList<SurveyGroupUse> GroupUses(CriteriaSet set, UnitSurvey? survey)
    {
        if (set.Survey?.Groups is not { } groups || survey?.Aggregated is not null) return [];
        var leaves = set.Leaves().Where(l => l.IsSurvey).Select(l => l.Code).ToList();
        return groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var tally = survey?.Groups?.GetValueOrDefault(g.Key);
            var counted = tally is not null && leaves.Any(l => tally.LeafRespondents.GetValueOrDefault(l) is var n && n > 0 && n >= g.Value.Min);
            return new SurveyGroupUse(g.Key, tally?.Questionnaires ?? 0, g.Value.Min, counted);
        }).ToList();
    }

    private static NodeTotal Total(Criterion node, IReadOnlyDictionary<string, LeafResult> leaves)
    {
        decimal points = 0m, self = 0m, max = 0m;
        foreach (var leaf in node.Leaves().Where(l => l.IsRegularLeaf))
        {
            var result = leaves[leaf.Code];
            if (!result.Applicable) continue;
            max += leaf.Max!.Value;
            points += result.Final ?? 0m;
            self += (leaf.IsSurvey ? result.Final : result.Input?.SelfScore) ?? 0m;
        }
        return new NodeTotal(node.Code, node.Title, node.Max!.Value, points, max, self);
    }

    private static (decimal Points, decimal Bonus, decimal Penalty) Points(
        IReadOnlyList<LeafResult> leaves, decimal applicableMax, Func<LeafResult, decimal?> score)
    {
        decimal regular = 0m, bonus = 0m, penalty = 0m;
        foreach (var l in leaves.Where(l => l.Applicable))
        {
            var s = score(l) ?? 0m;
            switch (l.Leaf.Rule)
            {
                case BonusRule: bonus += s; break;
                case PenaltyRule: penalty += s; break;
                default: regular += s; break;
            }
        }
        return (Numbers.Clamp(regular + bonus - penalty, 0m, applicableMax), bonus, penalty);
    }
}
