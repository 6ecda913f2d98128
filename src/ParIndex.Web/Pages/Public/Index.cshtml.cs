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
            Groups = Read(await mediator.Send(new GetRanking(Actor.Public, y), ct));
        }
        catch (Exception e) when (Refusal.Of(e) is { Status: 404 } refusal)
        {
            Refused = refusal.Message;
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    /// <summary>The public part of a publication's result document: no evidence, no appraisal detail, no names of people.</summary>
    private static List<PublicGroup> Read(RankingDocument document) =>
        document.Groups.Select(g => new PublicGroup(Labels.Group(g.Group, Labels.Vietnamese), g.Decision,
            g.Summary.MeanIndex, g.Summary.MeanIndexChange, g.Summary.ClassCounts ?? [],
            g.Units.Select(u => new PublicUnit(u.Rank, u.UnitName, u.Index, u.Classification, u.IndexChange, u.RankChange,
                u.Status == UnitStatus.Ranked)).ToList())).ToList();
}
