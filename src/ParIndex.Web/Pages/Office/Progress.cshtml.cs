using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// A round's appraisal progress for the office: leaves appraised or accepted of those assigned, per appraising unit and
/// per unit; closing the appraisal (chốt) with the council's decision once every leaf is done.
/// </summary>
public sealed class ProgressModel(IMediator mediator) : OfficePageModel(mediator)
{
    public RoundDto? Round { get; private set; }
    public AppraisalProgressDto? Progress { get; private set; }

    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public DateOnly? DecisionDate { get; set; }

    public async Task<IActionResult> OnGetAsync(int round) => await LoadAsync(round) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int round)
    {
        if (DecisionDate is null) Errors.Add("Chọn ngày của quyết định (biên bản) của Hội đồng thẩm định.");
        else if (await TryAsync(() => Mediator.Send(new CloseAppraisal(Actor, round, Decision ?? "", DecisionDate.Value))))
            return Done($"Đã chốt kết quả thẩm định theo {Decision!.Trim()}.", new { round });
        return await LoadAsync(round) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int round)
    {
        Round = (await Mediator.Send(new ListRounds(Actor))).FirstOrDefault(r => r.Id == round);
        if (Round is null) return false;
        await TryAsync(async () => Progress = await Mediator.Send(new GetAppraisalProgress(Actor, round)));
        DecisionDate ??= Clock.Today;
        return true;
    }

    /// <summary>Leaves still to appraise over all units.</summary>
    public int Remaining => Progress?.ByUnit.Sum(u => u.Assigned - u.Appraised) ?? 0;
}
