using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using ParIndex.Scoring;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>What a cell holds, read without ever evaluating a formula.</summary>
internal enum CellKind { Blank, Text, Number, Boolean, Date, FormulaError, FormulaNoValue, Unreadable }

/// <summary>A cell's content: its kind, its text (as typed or shown) and, for numbers, the exact decimal.</summary>
internal readonly record struct CellContent(CellKind Kind, string Text, decimal Number = 0m, bool PercentFormat = false)
{
    public bool IsBlank => Kind == CellKind.Blank;
}

/// <summary>Reading cells safely: cached values for formulas, decimals for doubles, text numbers with either separator.</summary>
internal static partial class Cells
{
    private static readonly HashSet<string> ErrorValues =
        ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"];

    /// <summary>Reads a cell; a formula's cached value is used, never a fresh evaluation (which can throw).</summary>
    public static CellContent Read(IXLCell cell)
    {
        object? raw;
        try
        {
            raw = cell.HasFormula ? cell.CachedValue : cell.Value;
        }
        catch (Exception)
        {
            return new CellContent(CellKind.Unreadable, "");
        }
        return raw switch
        {
            null => Empty(cell.HasFormula),
            double d => OfNumber(d, double.IsFinite(d) && IsPercentFormat(cell)),
            bool b => OfBoolean(b),
            DateTime or TimeSpan => new CellContent(CellKind.Date, Convert.ToString(raw, CultureInfo.InvariantCulture) ?? ""),
            _ => OfText(Convert.ToString(raw, CultureInfo.InvariantCulture), cell.HasFormula),
        };
    }

    /// <summary>A number (a cell's value or a formula's cached one) as an exact decimal; NaN, infinities and overflows are unreadable.</summary>
    public static CellContent OfNumber(double d, bool percentFormat)
    {
        if (!double.IsFinite(d)) return new CellContent(CellKind.Unreadable, "");
        decimal n;
        try
        {
            n = Numbers.FromDouble(d);
        }
        catch (OverflowException)
        {
            return new CellContent(CellKind.Unreadable, "");
        }
        return new CellContent(CellKind.Number, n.ToString(CultureInfo.InvariantCulture), n, percentFormat);
    }

    /// <summary>A cell with nothing in it: blank, or a formula without a cached value.</summary>
    public static CellContent Empty(bool hasFormula) =>
        hasFormula ? new CellContent(CellKind.FormulaNoValue, "") : new CellContent(CellKind.Blank, "");

    public static CellContent OfBoolean(bool b) => new(CellKind.Boolean, b ? "TRUE" : "FALSE");

    /// <summary>
    /// Text (a cell's or a formula's cached string), trimmed: an error value such as <c>#DIV/0!</c> is a formula
    /// error, empty text blank (or a formula without a value).
    /// </summary>
    public static CellContent OfText(string? raw, bool hasFormula)
    {
        var text = raw?.Trim() ?? "";
        if (ErrorValues.Contains(text)) return new CellContent(CellKind.FormulaError, text);
        if (text.Length == 0)
            return Empty(hasFormula);
        // A number stored as text stays text; the readers parse it where a number belongs.
        return new CellContent(CellKind.Text, text);
    }

    /// <summary>The text of a cell for free-text columns (evidence, reasons); null when blank or unreadable.</summary>
    public static string? FreeText(IXLCell cell)
    {
        var c = Read(cell);
        return c.Kind is CellKind.Text or CellKind.Number or CellKind.Boolean or CellKind.Date ? c.Text : null;
    }

    private static bool IsPercentFormat(IXLCell cell)
    {
        try
        {
            var format = cell.Style.NumberFormat;
            return format.NumberFormatId is 9 or 10 || (format.Format ?? "").Contains('%', StringComparison.Ordinal);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// A number typed as text: digits with '.' or ',' as the decimal separator ("3,5", "3.5"), an optional
    /// sign and an optional trailing percent sign (reported in <paramref name="percentSign"/>). No thousands separators.
    /// </summary>
    public static bool TryParseNumber(string text, out decimal value, out bool percentSign)
    {
        value = 0m;
        var m = NumberText().Match(text);
        percentSign = m.Success && m.Groups["pct"].Success && m.Groups["pct"].Length > 0;
        if (!m.Success) return false;
        var invariant = m.Groups["sign"].Value + m.Groups["int"].Value + (m.Groups["frac"].Success ? "." + m.Groups["frac"].Value : "");
        return decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^\s*(?<sign>[+-]?)(?<int>\d{1,15})(?:[.,](?<frac>\d{1,12}))?\s*(?<pct>%?)\s*$")]
    private static partial Regex NumberText();

    /// <summary>The cell's address as a person reads it, e.g. <c>F23</c>.</summary>
    public static string Address(IXLCell cell) => cell.Address.ToStringRelative();

    /// <summary>The address of a 1-based row and column, e.g. <c>F23</c>.</summary>
    public static string Address(int row, int column) =>
        Survey.SurveyAccumulator.ColumnLetters(column - 1) + row.ToString(CultureInfo.InvariantCulture);
}
