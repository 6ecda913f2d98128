using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Office;

/// <summary>Computing and publishing a year: publishing goes through a confirmation that says what is frozen.</summary>
public sealed class ResultsModel(IMediator mediator) : OfficePageModel(mediator)
{
    public int Year { get; private set; }
    public IReadOnlyList<RoundDto> Rounds { get; private set; } = [];
    public IReadOnlyList<RankingInfo> Publications { get; private set; } = [];
    public IReadOnlyList<CriteriaSetDto> Sets { get; private set; } = [];
    public int UnitCount { get; private set; }

    /// <summary>The computation just made.</summary>
    public RankingInfo? Computed { get; private set; }

    /// <summary>The publication asked for, waiting for confirmation.</summary>
    public (string Decision, DateOnly Date, string? Reason)? Pending { get; private set; }

    /// <summary>True when the year was published before: publishing again is a correction.</summary>
    public bool IsCorrection => Publications.Count > 0;

    public async Task OnGetAsync(int? year) => await LoadAsync(year);

    public async Task<IActionResult> OnPostComputeAsync(int year)
    {
        RankingInfo? info = null;
        if (await TryAsync(async () => info = await Mediator.Send(new ComputeRanking(Actor, year))))
            return Done($"Đã tính kết quả năm {year} (bộ tiêu chí {info!.CriteriaVersions}). Kết quả chưa công bố.", new { year });
        await LoadAsync(year);
        return Page();
    }

    /// <summary>Step 1: checks the form and shows what will be frozen; nothing is stored.</summary>
    public async Task<IActionResult> OnPostReviewAsync(int year, string? decision, DateOnly? date, string? reason)
    {
        await LoadAsync(year);
        if (string.IsNullOrWhiteSpace(decision)) Errors.Add("Công bố phải ghi số quyết định công bố.");
        if (date is null) Errors.Add("Công bố phải ghi ngày quyết định.");
        if (IsCorrection && string.IsNullOrWhiteSpace(reason)) Errors.Add($"Năm {year} đã công bố: công bố lại là đính chính và phải ghi lý do.");
        if (Errors.Count == 0) Pending = (decision!.Trim(), date!.Value, reason);
        return Page();
    }

    /// <summary>Step 2: publishes after the confirmation.</summary>
    public async Task<IActionResult> OnPostPublishAsync(int year, string decision, DateOnly date, string? reason, bool confirmed)
    {
        if (!confirmed)
        {
            await LoadAsync(year);
            Errors.Add("Chưa xác nhận công bố.");
            return Page();
        }
        RankingInfo? info = null;
        if (await TryAsync(async () => info = await Mediator.Send(new PublishRanking(Actor, year, decision, date, reason))))
            return Done($"Đã công bố kết quả năm {year} (lần {info!.PublicationNumber}, quyết định {info.Decision}). Mọi vòng đánh giá năm {year} đã chuyển sang đã công bố.", new { year });
        await LoadAsync(year);
        return Page();
    }

    private async Task LoadAsync(int? year)
    {
        var rounds = await Mediator.Send(new ListRounds(Actor));
        Year = year ?? rounds.Select(r => r.Year).DefaultIfEmpty(Clock.Today.Year).Max();
        Rounds = rounds.Where(r => r.Year == Year).ToList();
        Publications = await Mediator.Send(new ListPublications(Actor, Year));
        Sets = (await Mediator.Send(new ListCriteriaSets(Actor))).Where(s => s.Year == Year && Rounds.Any(r => r.Group == s.Group)).ToList();
        var groups = Rounds.Select(r => r.Group).ToHashSet();
        UnitCount = (await Mediator.Send(new ListUnits(Actor)))
            .Count(u => groups.Contains(u.Group) && (u.From ?? int.MinValue) <= Year && (u.Until ?? int.MaxValue) >= Year);
    }

    /// <summary>Whether every round of the year is published.</summary>
    public bool AllPublished => Rounds.Count > 0 && Rounds.All(r => r.Stage == RoundStage.Published);
}
