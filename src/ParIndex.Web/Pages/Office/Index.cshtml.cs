using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using Labels = ParIndex.Scoring.Labels;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Office;

/// <summary>The rounds: each year and group's stage, moving a round to another stage, opening a round.</summary>
public sealed class IndexModel(IMediator mediator) : OfficePageModel(mediator)
{
    public IReadOnlyList<RoundDto> Rounds { get; private set; } = [];
    public IReadOnlyList<CriteriaSetDto> Sets { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostStageAsync(int roundId, RoundStage stage, string? reason)
    {
        RoundDto? moved = null;
        if (await TryAsync(async () => moved = await Mediator.Send(new SetRoundStage(Actor, roundId, stage, reason))))
            return Done($"Đã chuyển vòng năm {moved!.Year} của {Labels.Lower(Labels.Group(moved.Group, Labels.Vietnamese))} sang giai đoạn {Labels.Lower(Labels.Vi(moved.Stage))}.");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(int year, string group, DateOnly? selfAssessmentDeadline, DateOnly? appraisal1Deadline,
        DateOnly? explanationDeadline, DateOnly? appraisal2Deadline)
    {
        RoundDto? opened = null;
        if (await TryAsync(async () => opened = await Mediator.Send(new OpenRound(Actor, year, group ?? "", selfAssessmentDeadline,
                appraisal1Deadline, explanationDeadline, appraisal2Deadline))))
            return Done($"Đã mở vòng đánh giá năm {opened!.Year} của {Labels.Lower(Labels.Group(opened.Group, Labels.Vietnamese))}.");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Rounds = (await Mediator.Send(new ListRounds(Actor))).OrderByDescending(r => r.Year).ThenBy(r => r.Group).ToList();
        Sets = await Mediator.Send(new ListCriteriaSets(Actor));
    }
}
