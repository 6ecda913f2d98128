using System.Globalization;

namespace ParIndex.Scoring;

/// <summary>The project's one definition of rounding and of taking numbers from binary sources.</summary>
public static class Numbers
{
    /// <summary>Places kept from a binary double (a workbook cell) before it is used.</summary>
    public const int InputPlaces = 6;

    /// <summary>Rounds half away from zero: 81.125 → 81.13 at 2 places.</summary>
    public static decimal Round(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Rounds when a value is present.</summary>
    public static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? Round(v, decimals) : null;

    /// <summary>
    /// Takes a workbook's binary double to an exact decimal with at most <see cref="InputPlaces"/> places,
    /// so that 0.1 + 0.2 typed in a sheet is 0.3, not 0.30000000000000004.
    /// </summary>
    public static decimal FromDouble(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "not a finite number");
        return Round((decimal)value, InputPlaces);
    }

    /// <summary>Decimal places a value carries once trailing zeros are removed (1.50 → 1).</summary>
    public static int Places(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        return point < 0 ? 0 : text[(point + 1)..].TrimEnd('0').Length;
    }

    /// <summary>A number as Vietnamese text shows it: decimal comma, no trailing zeros (3,5; 81,13; 100).</summary>
    public static string Vi(decimal value) => value.ToString("0.############", Vietnamese);

    /// <summary>The culture of every text shown to people.</summary>
    public static CultureInfo Vietnamese { get; } = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Clamps to [min, max].</summary>
    public static decimal Clamp(decimal value, decimal min, decimal max) => Math.Min(Math.Max(value, min), max);
}
