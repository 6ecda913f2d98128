using System.Text.Encodings.Web;
using System.Text.Json;
using ParIndex.Scoring;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// The ranking for programs (<c>ranking-&lt;Y&gt;.json</c>): the same content as the ranking workbook, keys in
/// camelCase in a fixed order, numbers rounded to the set's decimals, absent values written as null.
/// A published file read back stands in for last year's data in the year-on-year comparison.
/// </summary>
public static class RankingJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Vietnamese letters stay readable; the file is data, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="report"/> as UTF-8 JSON (no byte order mark).</summary>
    public static void Write(Stream stream, RankingReport report)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        w.WriteNumber("year", report.Year);
        w.WriteString("software", report.Software);
        w.WriteString("inputsFingerprint", report.InputsFingerprint);
        w.WriteStartArray("groups");
        foreach (var group in report.Groups)
            WriteGroup(w, group);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteGroup(Utf8JsonWriter w, GroupResult group)
    {
        var set = group.Set;
        var d = set.Decimals;
        var s = group.Summary;
        w.WriteStartObject();
        w.WriteString("group", set.Group);
        w.WriteString("criteriaVersion", set.Version);
        w.WriteString("decision", set.Decision);

        w.WriteStartObject("summary");
        Number(w, "meanIndex", s.MeanIndex, d);
        Number(w, "meanIndexChange", s.MeanIndexChange, d);
        Number(w, "meanSelfPoints", s.MeanSelfPoints, d);
        Number(w, "meanAppraisedPoints", s.MeanAppraisedPoints, d);
        Number(w, "selfAppraisedGap", s.SelfAppraisedGap, d);
        Counts(w, "classCounts", s.ClassCounts);
        Counts(w, "classCountChanges", s.ClassCountChanges);
        w.WriteNumber("rose", s.Rose);
        w.WriteNumber("fell", s.Fell);
        w.WriteNumber("held", s.Held);
        w.WriteNumber("derived", s.Derived);
        w.WriteNumber("new", s.New);
        Mover(w, "biggestRiser", s.BiggestRiser);
        Mover(w, "biggestFaller", s.BiggestFaller);
        w.WriteEndObject();

        w.WriteStartArray("units");
        foreach (var unit in group.Units)
            WriteUnit(w, unit, d);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteUnit(Utf8JsonWriter w, UnitResult u, int d)
    {
        var score = u.Score;
        w.WriteStartObject();
        w.WriteString("unitCode", u.Unit.Code);
        w.WriteString("unitName", u.Unit.Name);
        w.WriteString("status", Name(u.Status));
        Number(w, "points", score?.Points, d);
        Number(w, "applicableMax", score?.ApplicableMax, d);
        Number(w, "index", u.Index, d);
        Int(w, "rank", u.Rank);
        Text(w, "classification", u.Class);
        Number(w, "selfPoints", score?.SelfPoints, d);
        Number(w, "appraisedPoints", score?.AppraisedPoints, d);
        Number(w, "surveyPoints", score?.SurveyPoints, d);
        Int(w, "surveyRank", u.SurveyRank);
        w.WriteStartArray("surveyGroups");
        foreach (var g in score?.SurveyGroups ?? [])
        {
            w.WriteStartObject();
            w.WriteString("group", g.Group);
            w.WriteNumber("questionnaires", g.Questionnaires);
            w.WriteNumber("min", g.Min);
            w.WriteBoolean("counted", g.Counted);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (score is null) w.WriteNull("appraised");
        else w.WriteBoolean("appraised", score.FullyAppraised);

        w.WriteStartArray("areas");
        foreach (var area in score?.Areas ?? [])
        {
            var change = u.AreaChanges?.FirstOrDefault(c => c.Code == area.Code);
            w.WriteStartObject();
            w.WriteString("code", area.Code);
            w.WriteString("title", area.Title);
            Number(w, "max", area.Max, d);
            Number(w, "points", area.Points, d);
            Number(w, "applicableMax", area.ApplicableMax, d);
            Number(w, "index", area.Index, d);
            Number(w, "previousIndex", change?.PreviousIndex, d);
            Number(w, "indexChange", change?.IndexChange, d);
            Text(w, "deltaWithheld", change?.Withheld is { } why ? Name(why) : null);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (u.Previous is { } p)
        {
            w.WriteStartObject("previous");
            w.WriteString("basis", Name(p.Basis));
            w.WriteString("source", p.Basis == PreviousBasis.New ? null : Name(p.Source));
            Number(w, "index", p.Index, d);
            Int(w, "rank", p.Rank);
            Text(w, "classification", p.Class);
            w.WriteStartArray("predecessors");
            foreach (var code in p.Predecessors) w.WriteStringValue(code);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else w.WriteNull("previous");
        Number(w, "indexChange", u.Previous?.IndexChange, d);
        Int(w, "rankChange", u.Previous?.RankChange);
        Number(w, "bonus", score?.Bonus, d);
        Number(w, "penalty", score?.Penalty, d);
        w.WriteEndObject();
    }

    private static void Mover(Utf8JsonWriter w, string name, UnitResult? unit)
    {
        if (unit is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("unitCode", unit.Unit.Code);
        Int(w, "rankChange", unit.Previous?.RankChange);
        w.WriteEndObject();
    }

    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, int>>? counts)
    {
        if (counts is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        foreach (var (label, n) in counts) w.WriteNumber(label, n);
        w.WriteEndObject();
    }

    // Rounded half away from zero, then without trailing zeros: 77.90 is written 77.9.
    private static void Number(Utf8JsonWriter w, string name, decimal? value, int decimals)
    {
        if (value is { } v) w.WriteNumber(name, Shortest(Numbers.Round(v, decimals)));
        else w.WriteNull(name);
    }

    /// <summary>
    /// The value with the fewest decimal places that equals it (87.50 → 87.5, 70.0 → 70). Dividing by 1m
    /// does not do this: 87.50m / 1m keeps its scale.
    /// </summary>
    internal static decimal Shortest(decimal value)
    {
        for (var places = 0; places < 28; places++)
        {
            var rounded = Math.Round(value, places);
            if (rounded == value) return rounded;
        }
        return value;
    }

    private static void Int(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>
    /// Reads a published ranking json back: every unit's published result and every group's mean index
    /// and class counts, enough for <see cref="YearOnYear.Compare"/> to compare the next year with it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a ranking json; the message says where, in Vietnamese.</exception>
    public static PublishedRanking Read(Stream stream)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(ExportTexts.JsonMalformed(e.LineNumber + 1, e.Message), e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var groups = new List<PublishedGroup>();
            foreach (var g in Array(root, "groups", "$"))
            {
                var groupCode = Str(g, "group", "groups[]")!;
                var where = $"groups[{groupCode}]";
                var summary = Prop(g, "summary", where);
                var counts = Prop(summary, "classCounts", where + ".summary").EnumerateObject()
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt32())).ToList();
                var units = Array(g, "units", where).Select(u => ReadUnit(u, groupCode, where)).ToList();
                var gs = new GroupSummary(units.Count(x => x.Status == UnitStatus.Ranked), Dec(summary, "meanIndex", where),
                    null, counts, null, 0, 0, 0, null, null);
                groups.Add(new PublishedGroup(groupCode, Str(g, "criteriaVersion", where) ?? "", gs, units));
            }
            return new PublishedRanking(Prop(root, "year", "$").GetInt32(), groups);
        }
    }

    private static PublishedResult ReadUnit(JsonElement u, string group, string where)
    {
        var code = Str(u, "unitCode", where + ".units[]")!;
        where = $"{where}.units[{code}]";
        var status = Str(u, "status", where) switch
        {
            "ranked" => UnitStatus.Ranked,
            "unranked" => UnitStatus.Unranked,
            "missing" => UnitStatus.Missing,
            "invalid" => UnitStatus.Invalid,
            var other => throw new InvalidDataException(ExportTexts.JsonBadValue(where + ".status", other)),
        };
        var areas = new Dictionary<string, PublishedArea>(StringComparer.Ordinal);
        foreach (var a in Array(u, "areas", where))
        {
            var areaCode = Str(a, "code", where + ".areas[]")!;
            var at = $"{where}.areas[{areaCode}]";
            areas[areaCode] = new PublishedArea(areaCode, Str(a, "title", at) ?? "", Dec(a, "max", at) ?? 0m, Dec(a, "index", at));
        }
        var rank = Prop(u, "rank", where);
        return new PublishedResult(code, group, status, Dec(u, "index", where),
            rank.ValueKind == JsonValueKind.Null ? null : rank.GetInt32(), Str(u, "classification", where), areas);
    }

    private static JsonElement Prop(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v : throw new InvalidDataException(ExportTexts.JsonMissing($"{where}.{name}"));

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name, string where)
    {
        var v = Prop(e, name, where);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray()
            : throw new InvalidDataException(ExportTexts.JsonBadValue($"{where}.{name}", v.ToString()));
    }

    private static string? Str(JsonElement e, string name, string where)
    {
        var v = Prop(e, name, where);
        return v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => v.GetString(),
            _ => throw new InvalidDataException(ExportTexts.JsonBadValue($"{where}.{name}", v.ToString())),
        };
    }

    private static decimal? Dec(JsonElement e, string name, string where)
    {
        var v = Prop(e, name, where);
        return v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => v.GetDecimal(),
            _ => throw new InvalidDataException(ExportTexts.JsonBadValue($"{where}.{name}", v.ToString())),
        };
    }
}

/// <summary>A published year's ranking as read back from its json (kết quả đã công bố).</summary>
/// <param name="Year">The year.</param>
/// <param name="Groups">Each group's published results.</param>
public sealed record PublishedRanking(int Year, IReadOnlyList<PublishedGroup> Groups)
{
    /// <summary>Every unit's published result, all groups: what <see cref="YearOnYear.Compare"/> takes as last year.</summary>
    public IEnumerable<PublishedResult> Results => Groups.SelectMany(g => g.Units);

    /// <summary>A group's summary (mean index and class counts), or null when the group was not published.</summary>
    public GroupSummary? SummaryOf(string group) => Groups.FirstOrDefault(g => g.Group == group)?.Summary;
}

/// <summary>A group's published results.</summary>
/// <param name="Group">The group's code.</param>
/// <param name="CriteriaVersion">The criteria set's version it was computed with.</param>
/// <param name="Summary">Ranked units, mean index and class counts (changes, movers: not read back).</param>
/// <param name="Units">Every unit's published result, in published order.</param>
public sealed record PublishedGroup(string Group, string CriteriaVersion, GroupSummary Summary, IReadOnlyList<PublishedResult> Units);
