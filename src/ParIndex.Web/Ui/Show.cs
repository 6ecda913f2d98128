using System.Globalization;
using ParIndex.Scoring;
using ParIndex.Workbooks.Export;

namespace ParIndex.Web.Ui;

/// <summary>How every page writes numbers (Vietnamese decimal comma, as the criteria set rounded them), changes and notes.</summary>
public static class Show
{
    /// <summary>Vietnamese decimal comma, "—" when absent.</summary>
    public static string Num(decimal? value) => value is { } v ? Numbers.Vi(v) : "—";

    /// <summary>Vietnamese decimal comma, nothing when absent (a cell of a form or a table not yet filled).</summary>
    public static string NumOrBlank(decimal? value) => value is { } v ? Numbers.Vi(v) : "";

    /// <summary>Invariant number for machines (csv, charts); empty when absent.</summary>
    public static string Raw(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>"▲ 3", "▼ 5", "=" or "—" for a change (places or index points).</summary>
    public static string Arrow(decimal? change) => change switch
    {
        null => "—",
        > 0 => "▲ " + Numbers.Vi(change.Value),
        < 0 => "▼ " + Numbers.Vi(-change.Value),
        _ => "=",
    };

    /// <summary>The css class of a change: up (green), down (red) or none.</summary>
    public static string Css(decimal? change) => change switch { > 0 => "up", < 0 => "down", _ => "" };

    /// <summary>The css class of a unit's row: none when ranked, else "status-missing" and the like.</summary>
    public static string StatusCss(UnitStatus status) =>
        status == UnitStatus.Ranked ? "" : "status-" + status.ToString().ToLowerInvariant();

    /// <summary>The index at and below which a heatmap cell is fully red.</summary>
    public const decimal HeatFloor = 50m;

    /// <summary>A heatmap cell's background for an index 0–100: red (≤ <see cref="HeatFloor"/>) through amber to green (100).</summary>
    public static string Heat(decimal? index)
    {
        if (index is not { } v) return "";
        var t = Math.Clamp((double)((v - HeatFloor) / (100m - HeatFloor)), 0, 1);
        return FormattableString.Invariant($"background-color: hsl({Math.Round(t * 120)}, 65%, {Math.Round(80 - t * 8)}%)");
    }

    /// <summary>A class's change of count in the summary, when last year is known.</summary>
    public static int? Change(SummaryDocument summary, string cls) =>
        summary.ClassCountChanges?.FirstOrDefault(kv => kv.Key == cls) is { Key: not null } kv ? kv.Value : null;

    /// <summary>
    /// Why a unit has no rank or its comparison is special ("" when nothing to say): the short form of the ranking
    /// workbook's notes (RankingWorkbook.Notes), in the same words, from what the result document holds.
    /// </summary>
    public static string Note(UnitDocument unit)
    {
        var notes = new List<string>();
        if (unit.Status != UnitStatus.Ranked) notes.Add(Labels.Of(unit.Status));
        if (unit.Previous is { Basis: PreviousBasis.Derived, Predecessors: { Count: > 0 } p }) notes.Add(ExportTexts.DerivedFrom(p));
        if (unit.Appraised == false) notes.Add(ExportTexts.NotFullyAppraisedYet);
        return string.Join("; ", notes);
    }
}
