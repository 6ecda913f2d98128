using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Public;

/// <summary>One unit's line on the public page: place, name, index, class and the change against last year.</summary>
public sealed record PublicUnit(int? Rank, string Name, decimal? Index, string? Class, decimal? IndexChange, int? RankChange, bool Ranked);

/// <summary>One group on the public page: its units in published order, the mean and the classes.</summary>
public sealed record PublicGroup(string Name, string? Decision, decimal? MeanIndex, decimal? MeanIndexChange,
    IReadOnlyList<KeyValuePair<string, int>> Classes, IReadOnlyList<PublicUnit> Units);

/// <summary>
/// Published results for the public (practice.md §10): <c>/cong-bo</c> lists the published years and
/// <c>/cong-bo/{year}</c> shows a year's latest publication per group, without signing in, when the setting
/// <c>Publication:Public</c> is true (otherwise 404). Read through the results gate as the public actor: a year
/// never published is not found; a year under correction shows its latest publication.
/// </summary>
public sealed class IndexModel(IMediator mediator, IConfiguration configuration) : PageModel
{
    /// <summary>The year shown; null on the index.</summary>
    public int? Year { get; private set; }

    /// <summary>The published years (index).</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];

    /// <summary>The year's groups.</summary>
    public IReadOnlyList<PublicGroup> Groups { get; private set; } = [];

    /// <summary>Why the year cannot be shown (not published), in Vietnamese.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken ct)
    {
        if (!configuration.GetValue<bool>("Publication:Public")) return NotFound();
        Years = await mediator.Send(new ListPublishedYears(Actor.Public), ct);
        if (year is not { } y) return Page();
        Year = y;
        try
        {
            Groups = Read(await mediator.Send(new GetRankingJson(Actor.Public, y), ct));
        }
        catch (Exception e) when (Refusal.Of(e) is { Status: 404 } refusal)
        {
            Refused = refusal.Message;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    /// <summary>The public part of a publication's ranking json: no evidence, no appraisal detail, no names of people.</summary>
    private static List<PublicGroup> Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var groups = new List<PublicGroup>();
        foreach (var g in doc.RootElement.GetProperty("groups").EnumerateArray())
        {
            var summary = g.GetProperty("summary");
            var units = g.GetProperty("units").EnumerateArray().Select(u => new PublicUnit(
                Int(u, "rank"), u.GetProperty("unitName").GetString() ?? "", Dec(u, "index"), Str(u, "classification"),
                Dec(u, "indexChange"), Int(u, "rankChange"), Str(u, "status") == "ranked")).ToList();
            var classes = summary.TryGetProperty("classCounts", out var cc) && cc.ValueKind == JsonValueKind.Object
                ? cc.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt32())).ToList()
                : [];
            groups.Add(new PublicGroup(Labels.Group(g.GetProperty("group").GetString() ?? "", Labels.Vietnamese), Str(g, "decision"),
                Dec(summary, "meanIndex"), Dec(summary, "meanIndexChange"), classes, units));
        }
        return groups;
    }

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static decimal? Dec(JsonElement e, string name) => Prop(e, name)?.GetDecimal();

    private static int? Int(JsonElement e, string name) => Prop(e, name)?.GetInt32();

    private static string? Str(JsonElement e, string name) => Prop(e, name)?.GetString();
}
