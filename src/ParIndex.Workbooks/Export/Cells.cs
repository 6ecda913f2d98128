namespace ParIndex.Workbooks.Export;

/// <summary>How the exports format numbers.</summary>
internal static class Cells
{
    /// <summary>"0.00", or "+0.00;-0.00;0.00" when signed.</summary>
    public static string Format(int decimals, bool signed)
    {
        var f = decimals > 0 ? "0." + new string('0', decimals) : "0";
        return signed ? $"+{f};-{f};{f}" : f;
    }
}
