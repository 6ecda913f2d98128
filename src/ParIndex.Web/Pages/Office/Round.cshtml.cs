using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Office;

/// <summary>A round's dashboard: each unit's submission, appraisal and explanation, late units highlighted.</summary>
public sealed class RoundModel(IMediator mediator) : OfficePageModel(mediator)
{
    public RoundDto? Round { get; private set; }
    public IReadOnlyList<DashboardRow> Rows { get; private set; } = [];

    /// <summary>True when the self-assessment deadline has passed.</summary>
    public bool PastDeadline => Round?.SelfAssessmentDeadline is { } d && d < Clock.Today;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Round = (await Mediator.Send(new ListRounds(Actor))).FirstOrDefault(r => r.Id == id);
        if (Round is null) return NotFound();
        await TryAsync(async () => Rows = await Mediator.Send(new GetRoundDashboard(Actor, id)));
        return Page();
    }
}
