using System.Globalization;
using System.Text.Json;
using ParIndex.Scoring;
using ParIndex.Workbooks.Export;

namespace ParIndex.Web.Pages.Leadership;

/// <summary>A year's ranking json (interchange.md, "The ranking export") as the pages read it.</summary>
public sealed record RankingView(int Year, string? Software, string? InputsFingerprint, IReadOnlyList<GroupView> Groups)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the json the handlers return (published or computed).</summary>
    public static RankingView Parse(string json) =>
        JsonSerializer.Deserialize<RankingView>(json.TrimStart('\uFEFF'), Options)
        ?? throw new InvalidDataException("Tệp kết quả xếp hạng rỗng.");
}

/// <summary>One group's ranking and summary.</summary>
public sealed record GroupView(string Group, string? CriteriaVersion, string? Decision, SummaryView Summary, IReadOnlyList<UnitView> Units)
{
    /// <summary>"Khối UBND cấp huyện".</summary>
    public string Label => Labels.Group(Group);

    /// <summary>The areas in order, from the first unit that has them.</summary>
    public IReadOnlyList<AreaView> Areas =>
        Units.FirstOrDefault(u => u.Areas is { Count: > 0 })?.Areas ?? [];
}

/// <summary>The group summary: mean index, counts per class, movers.</summary>
public sealed record SummaryView(decimal? MeanIndex, decimal? MeanIndexChange,
    Dictionary<string, int>? ClassCounts, Dictionary<string, int?>? ClassCountChanges,
    int? Rose, int? Fell, int? Held, MoverView? BiggestRiser, MoverView? BiggestFaller);

/// <summary>A unit that moved most.</summary>
public sealed record MoverView(string UnitCode, int RankChange);

/// <summary>Last year's result of a unit (same unit, or derived from predecessors).</summary>
public sealed record PreviousView(string? Basis, decimal? Index, int? Rank, string? Classification, IReadOnlyList<string>? Predecessors);

/// <summary>One area's result of a unit.</summary>
public sealed record AreaView(string Code, string? Title, decimal? Max, decimal? Points, decimal? ApplicableMax, decimal? Index,
    decimal? PreviousIndex, decimal? IndexChange, string? DeltaWithheld);

/// <summary>One unit's row.</summary>
public sealed record UnitView(string UnitCode, string UnitName, string Status, decimal? Points, decimal? ApplicableMax, decimal? Index,
    int? Rank, string? Classification, decimal? SelfPoints, bool? Appraised, IReadOnlyList<AreaView>? Areas, PreviousView? Previous,
    decimal? IndexChange, int? RankChange, decimal? Bonus, decimal? Penalty)
{
    /// <summary>Why a unit has no rank or its comparison is special, in Vietnamese ("" when nothing to say).</summary>
    public string Note
    {
        get
        {
            var notes = new List<string>();
            var status = Status switch
            {
                "unranked" => UnitStatus.Unranked,
                "missing" => UnitStatus.Missing,
                "invalid" => UnitStatus.Invalid,
                _ => UnitStatus.Ranked,
            };
            if (status != UnitStatus.Ranked) notes.Add(Labels.Of(status));
            if (Previous is { Basis: "derived", Predecessors: { Count: > 0 } p }) notes.Add(ExportTexts.DerivedFrom(p));
            if (Appraised == false) notes.Add("Chưa thẩm định đủ");
            return string.Join("; ", notes);
        }
    }

    /// <summary>The area with the code, if the unit has it.</summary>
    public AreaView? Area(string code) => Areas?.FirstOrDefault(a => a.Code == code);
}

/// <summary>How the pages write numbers and changes.</summary>
public static class Show
{
    /// <summary>Vietnamese decimal comma, "—" when absent.</summary>
    public static string Num(decimal? value) => value is { } v ? Numbers.Vi(v) : "—";

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

    /// <summary>Why an area's change is not given, in Vietnamese.</summary>
    public static string Withheld(string reason) => reason switch
    {
        "maxChanged" => "điểm tối đa của lĩnh vực đã thay đổi",
        "titleChanged" => "tên lĩnh vực đã thay đổi",
        "notInPreviousSet" => "năm trước không có lĩnh vực này",
        "noPreviousIndex" => "năm trước không có chỉ số",
        _ => reason,
    };

    /// <summary>The css class of a change: up (green), down (red) or none.</summary>
    public static string Css(decimal? change) => change switch { > 0 => "up", < 0 => "down", _ => "" };

    /// <summary>A heatmap cell's background for an index 0–100: red (≤ 50) through amber to green (100).</summary>
    public static string Heat(decimal? index)
    {
        if (index is not { } v) return "";
        var t = Math.Clamp((double)(v - 50m) / 50.0, 0, 1);
        return FormattableString.Invariant($"background-color: hsl({Math.Round(t * 120)}, 65%, {Math.Round(80 - t * 8)}%)");
    }
}
