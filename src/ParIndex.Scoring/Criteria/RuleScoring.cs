using System.Globalization;
using System.Text;

namespace ParIndex.Scoring.Criteria;

/// <summary>
/// What each rule kind gives for what the unit entered (giá trị). Pure functions over values; the
/// workbook reader turns cells into these values and reports problems.
/// </summary>
public static class RuleScoring
{
    private static readonly string[] Yes = ["có", "co", "x", "1", "yes", "y", "true", "đạt"];
    private static readonly string[] No = ["không", "khong", "0", "no", "n", "false", "không đạt"];

    /// <summary>Reads Có/Không and the accepted synonyms (x, 1/0, yes/no, true/false); null if neither.</summary>
    public static bool? ParseYesNo(string text)
    {
        var t = NormaliseLabel(text);
        if (Yes.Contains(t)) return true;
        if (No.Contains(t)) return false;
        return null;
    }

    /// <summary>Points for a yes/no leaf: the maximum for yes, 0 for no.</summary>
    public static decimal YesNo(decimal max, bool yes) => yes ? max : 0m;

    /// <summary>
    /// The level whose label matches <paramref name="text"/>, ignoring case, runs of spaces and Unicode
    /// composition (a label typed with combining accents matches the precomposed one); null if none.
    /// </summary>
    public static Level? FindLevel(LevelsRule rule, string text)
    {
        var wanted = NormaliseLabel(text);
        return rule.Levels.FirstOrDefault(l => NormaliseLabel(l.Label) == wanted);
    }

    /// <summary>Points of the first band from the top that <paramref name="value"/> reaches; 0 below all.</summary>
    public static decimal Bands(BandsRule rule, decimal value) =>
        rule.Bands.FirstOrDefault(b => b.IsReachedBy(value))?.Points ?? 0m;

    /// <summary>max × clamp(value ÷ target, 0, 1); 0 when the value is below the floor.</summary>
    public static decimal Proportional(ProportionalRule rule, decimal max, decimal value)
    {
        if (rule.Floor is { } floor && value < floor) return 0m;
        return max * Numbers.Clamp(value / rule.Target, 0m, 1m);
    }

    /// <summary>min(count × per item, cap) for a bonus or penalty leaf (the magnitude, never negative).</summary>
    public static decimal Items(Rule rule, long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "a count is never negative");
        return rule switch
        {
            BonusRule b => Math.Min(count * b.PerItem, b.Cap),
            PenaltyRule p => Math.Min(count * p.PerItem, p.Cap),
            _ => throw new ArgumentException($"{rule.KindName} is not counted in items", nameof(rule)),
        };
    }

    /// <summary>The cap of a bonus or penalty leaf.</summary>
    public static decimal Cap(Rule rule) => rule switch
    {
        BonusRule b => b.Cap,
        PenaltyRule p => p.Cap,
        _ => throw new ArgumentException($"{rule.KindName} has no cap", nameof(rule)),
    };

    /// <summary>Lower case, precomposed (NFC), single spaces, trimmed.</summary>
    public static string NormaliseLabel(string text)
    {
        var composed = text.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);
        return string.Join(' ', composed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
