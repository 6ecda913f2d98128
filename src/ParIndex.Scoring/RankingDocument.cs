using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Scoring;

/// <summary>
/// The result document (kết quả xếp hạng) of a year: the one typed shape of a ranking, built from the
/// computation (<see cref="Of"/>), serialised once (<see cref="ToJson"/>: the <c>ranking-&lt;Y&gt;.json</c> of
/// interchange.md, stored with every draft and publication, served by the API) and read by the pages, the unit
/// detail and the exports. Numbers are rounded to the set's decimals, written without trailing zeros; an absent
/// value is null.
/// </summary>
/// <param name="Year">The assessment year.</param>
/// <param name="Software">The software and version, e.g. "ParIndex 1.0.0".</param>
/// <param name="InputsFingerprint">The inputs' fingerprint, e.g. "sha256:…".</param>
/// <param name="Groups">Each group's ranking, in published order.</param>
public sealed record RankingDocument(int Year, string Software, string InputsFingerprint, IReadOnlyList<GroupDocument> Groups)
{
    /// <summary>The one set of serialiser options of the document: camelCase keys in declaration order, enums as camelCase names, "\n" line breaks, Vietnamese letters unescaped.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        // Vietnamese letters stay readable; the file is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The document of computed groups.</summary>
    public static RankingDocument Of(int year, string software, string inputsFingerprint, IEnumerable<GroupResult> groups) =>
        new(year, software, inputsFingerprint, groups.Select(GroupDocument.Of).ToList());

    /// <summary>The document as json text (interchange.md, "The ranking export").</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The document as UTF-8 json (no byte order mark).</summary>
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a ranking document.</exception>
    public static RankingDocument FromJson(string json) =>
        JsonSerializer.Deserialize<RankingDocument>(json.TrimStart('\uFEFF'), JsonOptions)
        ?? throw new JsonException("empty ranking document");

    /// <summary>The group with the code, if it was ranked.</summary>
    public GroupDocument? Group(string code) => Groups.FirstOrDefault(g => g.Group == code);

    /// <summary>The value with the fewest decimal places that equals it (87.50 → 87.5, 70.0 → 70).</summary>
    internal static decimal? Shortest(decimal? value, int decimals)
    {
        if (value is not { } v) return null;
        var rounded = Numbers.Round(v, decimals);
        // Dividing by 1m does not do this: 87.50m / 1m keeps its scale.
        for (var places = 0; places < 28; places++)
        {
            var shorter = Math.Round(rounded, places);
            if (shorter == rounded) return shorter;
        }
        return rounded;
    }
}

/// <summary>One group's ranking and summary.</summary>
/// <param name="Group">The group's code (a person reads <see cref="Labels.Group(string)"/>).</param>
/// <param name="CriteriaVersion">The criteria set's version.</param>
/// <param name="Decision">The decision that issued the set.</param>
/// <param name="Summary">Mean index, classes, movers.</param>
/// <param name="Units">Every unit, in published order.</param>
public sealed record GroupDocument(string Group, string CriteriaVersion, string Decision, SummaryDocument Summary, IReadOnlyList<UnitDocument> Units)
{
    internal static GroupDocument Of(GroupResult group)
    {
        var set = group.Set;
        var d = set.Decimals;
        var s = group.Summary;
        var summary = new SummaryDocument(
            RankingDocument.Shortest(s.MeanIndex, d), RankingDocument.Shortest(s.MeanIndexChange, d),
            RankingDocument.Shortest(s.MeanSelfPoints, d), RankingDocument.Shortest(s.MeanAppraisedPoints, d),
            RankingDocument.Shortest(s.SelfAppraisedGap, d), s.ClassCounts, s.ClassCountChanges,
            s.Rose, s.Fell, s.Held, s.Derived, s.New, MoverDocument.Of(s.BiggestRiser), MoverDocument.Of(s.BiggestFaller));
        return new GroupDocument(set.Group, set.Version, set.Decision, summary, group.Units.Select(u => UnitDocument.Of(u, set)).ToList());
    }

    /// <summary>Ranked units.</summary>
    [JsonIgnore]
    public int RankedUnits => Units.Count(u => u.Status == UnitStatus.Ranked);

    /// <summary>The unit with the code, if the group has it.</summary>
    public UnitDocument? Unit(string code) => Units.FirstOrDefault(u => u.UnitCode == code);

    /// <summary>The areas in order, from the first unit that has them.</summary>
    public IReadOnlyList<AreaDocument> Areas() => Units.FirstOrDefault(u => u.Areas.Count > 0)?.Areas ?? [];
}

/// <summary>A group's summary (see <see cref="GroupSummary"/>), rounded.</summary>
public sealed record SummaryDocument(
    decimal? MeanIndex,
    decimal? MeanIndexChange,
    decimal? MeanSelfPoints,
    decimal? MeanAppraisedPoints,
    decimal? SelfAppraisedGap,
    [property: JsonConverter(typeof(CountsConverter))] IReadOnlyList<KeyValuePair<string, int>>? ClassCounts,
    [property: JsonConverter(typeof(CountsConverter))] IReadOnlyList<KeyValuePair<string, int>>? ClassCountChanges,
    int Rose,
    int Fell,
    int Held,
    int Derived,
    int New,
    MoverDocument? BiggestRiser,
    MoverDocument? BiggestFaller);

/// <summary>The unit that moved most.</summary>
public sealed record MoverDocument(string UnitCode, int? RankChange)
{
    internal static MoverDocument? Of(UnitResult? unit) => unit is null ? null : new(unit.Unit.Code, unit.Previous?.RankChange);
}

/// <summary>One unit's result in its group (see <see cref="UnitResult"/>), rounded.</summary>
public sealed record UnitDocument(
    string UnitCode,
    string UnitName,
    UnitStatus Status,
    decimal? Points,
    decimal? ApplicableMax,
    decimal? Index,
    int? Rank,
    string? Classification,
    decimal? SelfPoints,
    decimal? AppraisedPoints,
    decimal? SurveyPoints,
    int? SurveyRank,
    IReadOnlyList<SurveyGroupDocument> SurveyGroups,
    bool? Appraised,
    IReadOnlyList<AreaDocument> Areas,
    PreviousDocument? Previous,
    decimal? IndexChange,
    int? RankChange,
    decimal? Bonus,
    decimal? Penalty)
{
    /// <summary>The document row of a computed unit.</summary>
    public static UnitDocument Of(UnitResult u, CriteriaSet set)
    {
        var d = set.Decimals;
        var score = u.Score;
        var areas = (score?.Areas ?? []).Select(area =>
        {
            var change = u.AreaChanges?.FirstOrDefault(c => c.Code == area.Code);
            return new AreaDocument(area.Code, area.Title, RankingDocument.Shortest(area.Max, d)!.Value,
                RankingDocument.Shortest(area.Points, d)!.Value, RankingDocument.Shortest(area.ApplicableMax, d)!.Value,
                RankingDocument.Shortest(area.Index, d), RankingDocument.Shortest(change?.PreviousIndex, d),
                RankingDocument.Shortest(change?.IndexChange, d), change?.Withheld);
        }).ToList();
        var previous = u.Previous is { } p
            ? new PreviousDocument(p.Basis, p.Basis == PreviousBasis.New ? null : p.Source, RankingDocument.Shortest(p.Index, d), p.Rank, p.Class, p.Predecessors)
            : null;
        return new UnitDocument(u.Unit.Code, u.Unit.Name, u.Status,
            RankingDocument.Shortest(score?.Points, d), RankingDocument.Shortest(score?.ApplicableMax, d), RankingDocument.Shortest(u.Index, d),
            u.Rank, u.Class,
            RankingDocument.Shortest(score?.SelfPoints, d), RankingDocument.Shortest(score?.AppraisedPoints, d),
            RankingDocument.Shortest(score?.SurveyPoints, d), u.SurveyRank,
            (score?.SurveyGroups ?? []).Select(g => new SurveyGroupDocument(g.Group, g.Questionnaires, g.Min, g.Counted)).ToList(),
            score?.FullyAppraised, areas, previous,
            RankingDocument.Shortest(u.Previous?.IndexChange, d), u.Previous?.RankChange,
            RankingDocument.Shortest(score?.Bonus, d), RankingDocument.Shortest(score?.Penalty, d));
    }

    /// <summary>The area with the code, if the unit has it.</summary>
    public AreaDocument? Area(string code) => Areas.FirstOrDefault(a => a.Code == code);
}

/// <summary>How a respondent group took part in a unit's survey (see <see cref="SurveyGroupUse"/>).</summary>
public sealed record SurveyGroupDocument(string Group, int Questionnaires, int Min, bool Counted);

/// <summary>One area's result of a unit and its change against last year.</summary>
public sealed record AreaDocument(string Code, string Title, decimal Max, decimal Points, decimal ApplicableMax, decimal? Index,
    decimal? PreviousIndex, decimal? IndexChange, AreaDeltaWithheld? DeltaWithheld);

/// <summary>Last year's result of a unit (see <see cref="Comparison"/>); <see cref="Source"/> is null for a new unit.</summary>
public sealed record PreviousDocument(PreviousBasis Basis, PreviousSource? Source, decimal? Index, int? Rank, string? Classification,
    IReadOnlyList<string> Predecessors);

/// <summary>Counts per class as a json object whose keys keep the set's order.</summary>
internal sealed class CountsConverter : JsonConverter<IReadOnlyList<KeyValuePair<string, int>>>
{
    public override IReadOnlyList<KeyValuePair<string, int>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("counts must be an object");
        var list = new List<KeyValuePair<string, int>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            list.Add(KeyValuePair.Create(name, reader.GetInt32()));
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, int>> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, n) in value) writer.WriteNumber(name, n);
        writer.WriteEndObject();
    }
}
