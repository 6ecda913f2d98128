using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Bench;

/// <summary>What a synthetic focal point (and appraisal council) writes on one leaf's row.</summary>
public sealed record LeafFill(
    string Code,
    object? Value,
    decimal? SelfScore,
    bool NotApplicable,
    string? Evidence,
    string? Explanation,
    decimal? Appraisal,
    string? Reason);

/// <summary>
/// Deterministic synthetic data: a unit of a given quality (0–1) fills its self-assessment the way units
/// do (mostly generous), and the council's appraisal lowers some scores with a reason.
/// </summary>
public static class Synthetic
{
    private static readonly string[] Documents =
        ["Kế hoạch số {0}/KH-UBND", "Báo cáo số {0}/BC-UBND", "Quyết định số {0}/QĐ-UBND", "Công văn số {0}/UBND-NC", "Thông báo số {0}/TB-UBND"];

    /// <summary>The rows a unit fills, in tree order.</summary>
    public static IReadOnlyList<LeafFill> Fill(CriteriaSet set, double quality, Random rng, bool appraise, IReadOnlySet<string> notApplicable)
    {
        var fills = new List<LeafFill>();
        foreach (var leaf in set.Leaves().Where(l => !l.IsSurvey))
        {
            if (notApplicable.Contains(leaf.Code) && leaf.NotApplicableAllowed)
            {
                fills.Add(new LeafFill(leaf.Code, null, null, true, null, "Đơn vị không có nhiệm vụ này trong năm", null, null));
                continue;
            }
            var (value, self, typed) = Entry(leaf, quality, rng);
            var evidence = rng.NextDouble() < 0.9
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Documents[rng.Next(Documents.Length)], rng.Next(5, 480)) + $" ngày {rng.Next(1, 28)}/{rng.Next(1, 12)}/{set.Year}"
                : null;
            var explanation = evidence is null ? "Đã thực hiện, tài liệu lưu tại đơn vị" : null;
            decimal? appraisal = null;
            string? reason = null;
            if (appraise)
            {
                var cap = leaf.Max ?? RuleScoring.Cap(leaf.Rule!);
                appraisal = Numbers.Round(self, set.Decimals); // councils write points to the set's places
                reason = "Thống nhất với điểm tự chấm";
                if (self > 0 && rng.NextDouble() < 0.25 * (1.2 - quality))
                {
                    appraisal = Math.Max(0m, appraisal.Value - Step(cap, rng));
                    reason = evidence is null
                        ? "Không có tài liệu kiểm chứng, giải trình chưa thuyết phục"
                        : "Tài liệu kiểm chứng chưa đầy đủ, chưa đúng thời hạn quy định";
                }
            }
            fills.Add(new LeafFill(leaf.Code, value, typed, false, evidence, explanation, appraisal, reason));
        }
        return fills;
    }

    /// <summary>A deduction the council would make: a quarter of the maximum, rounded to 0.25, at least 0.25.</summary>
    private static decimal Step(decimal max, Random rng) =>
        Math.Max(0.25m, Math.Round(max * (decimal)(0.15 + 0.35 * rng.NextDouble()) * 4m, MidpointRounding.AwayFromZero) / 4m);

    /// <summary>The entered value, the self-score it gives, and the self-score typed into the sheet (points rule).</summary>
    private static (object? Value, decimal Self, decimal? Typed) Entry(Criterion leaf, double quality, Random rng)
    {
        var max = leaf.Max ?? 0m;
        var q = Math.Clamp(quality + (rng.NextDouble() - 0.5) * 0.3, 0, 1);
        switch (leaf.Rule)
        {
            case PointsRule p:
            {
                var step = p.Step ?? 0.25m;
                var s = Math.Floor(max * (decimal)q / step) * step;
                return (null, s, s);
            }
            case YesNoRule:
                return rng.NextDouble() < 0.35 + 0.65 * q ? ("Có", max, null) : ("Không", 0m, null);
            case LevelsRule l:
            {
                var i = Math.Clamp((int)Math.Floor((1 - q) * l.Levels.Count * 0.9), 0, l.Levels.Count - 1);
                return (l.Levels[i].Label, l.Levels[i].Points, null);
            }
            case BandsRule b:
            {
                var v = Math.Round((decimal)(40 + 60 * q), 1);
                return (v, RuleScoring.Bands(b, v), null);
            }
            case ProportionalRule r:
            {
                var v = Math.Round(r.Target * (decimal)(0.4 + 0.65 * q), 1);
                if (r.Unit == "%") v = Math.Min(v, 100m);
                return (v, RuleScoring.Proportional(r, max, v), null);
            }
            case BonusRule:
            {
                var n = rng.NextDouble() < q - 0.3 ? rng.Next(1, 4) : 0;
                return (n, RuleScoring.Items(leaf.Rule, n), null);
            }
            case PenaltyRule:
            {
                var n = rng.NextDouble() < 0.9 - q ? rng.Next(1, 3) : 0;
                return (n, RuleScoring.Items(leaf.Rule, n), null);
            }
            default:
                throw new InvalidOperationException(leaf.Rule?.KindName);
        }
    }

    private static readonly string[] RespondentGroups = ["Lãnh đạo", "Công chức", "Người dân", "Doanh nghiệp"];

    /// <summary>
    /// Questionnaires about a unit: answers drawn from a distribution that improves with quality;
    /// a few answers blank. Letters outside a question's answer map fold to its last letter.
    /// </summary>
    public static IEnumerable<(string Group, string Id, char?[] Answers)> Questionnaires(
        CriteriaSet set, string unitCode, int count, double quality, Random rng, string idPrefix, string? group = null)
    {
        var questions = set.Survey!.Questions;
        for (var i = 1; i <= count; i++)
        {
            var answers = new char?[questions.Count];
            for (var q = 0; q < questions.Count; q++)
            {
                if (rng.NextDouble() < 0.03) continue;
                var map = set.AnswersFor(questions[q].Code);
                var letters = map.Keys.Order().ToArray();
                var x = rng.NextDouble();
                var pick = x < quality * 0.85 ? 0 : x < quality * 0.85 + (1 - quality) * 0.7 + 0.1 ? 1 : x < 0.97 ? 2 : 3;
                answers[q] = letters[Math.Min(pick, letters.Length - 1)];
            }
            // A set that weighs groups gets its group codes; otherwise any of the usual respondents.
            yield return (group ?? RespondentGroups[rng.Next(RespondentGroups.Length)], $"{idPrefix}-{unitCode}-{i:D5}", answers);
        }
    }
}
