using System.Text.Json;
using ParIndex.Scoring;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// The ranking for programs (<c>ranking-&lt;Y&gt;.json</c>): the result document (<see cref="RankingDocument"/>)
/// as json. A published file read back stands in for last year's data in the year-on-year comparison.
/// </summary>
public static class RankingJson
{
    /// <summary>Writes the result document of <paramref name="report"/> as UTF-8 JSON (no byte order mark).</summary>
    public static void Write(Stream stream, RankingReport report) => stream.Write(report.Document().ToUtf8());

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
