using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Office;

/// <summary>A round's dashboard: each unit's submission, appraisal and explanation, late units highlighted.</summary>
public sealed class RoundModel(IMediator mediator) : OfficePageModel(mediator)
{
    public RoundDto? Round { get; private set; }
    public IReadOnlyList<DashboardRow> Rows { get; private set; } = [];

    /// <summary>True when the self-assessment deadline has passed.</summary>
    public bool PastDeadline => Round?.SelfAssessmentDeadline is { } d && d < Clock.Today;

    /// <summary>The extension form: the unit, the door, the day and the reason.</summary>
    [BindProperty] public string? ExtendUnit { get; set; }
    [BindProperty] public StageDoor ExtendDoor { get; set; } = StageDoor.Submission;
    [BindProperty] public DateOnly? ExtendUntil { get; set; }
    [BindProperty] public string? ExtendReason { get; set; }

    /// <summary>Whether a unit is late for a door: its deadline (or its extension) passed and it has not done it.</summary>
    public bool Late(DashboardRow row) => !row.Submitted && Round?.SelfAssessmentDeadline is { } d
        && StageWindow.LastDay(d, row.SubmissionExtendedUntil) < Clock.Today;

    /// <summary>The units late to submit, for the list above the table.</summary>
    public IEnumerable<DashboardRow> LateRows => Rows.Where(Late);

    /// <summary>The plan form: each stage's first and last day.</summary>
    [BindProperty] public RoundSchedule? Schedule { get; set; }

    /// <summary>The round's stages with their first and last day, for the plan table and form.</summary>
    public IReadOnlyList<(RoundStage Stage, DateOnly? Opens, DateOnly? Closes)> Stages => Round is { } r ? RoundSchedule.Of(r).Stages() : [];

    /// <summary>How long a stage has left, in words: days to its first day, days to its last, or closed.</summary>
    public string Left(DateOnly? opens, DateOnly? closes)
    {
        var today = Clock.Today;
        if (opens is { } o && today < o) return $"mở sau {o.DayNumber - today.DayNumber} ngày";
        if (closes is not { } c) return "không đặt hạn";
        var days = c.DayNumber - today.DayNumber;
        return days < 0 ? "đã hết hạn" : days == 0 ? "hết hạn cuối hôm nay" : $"còn {days} ngày";
    }

    public async Task<IActionResult> OnPostScheduleAsync(int id)
    {
        if (Schedule is not null && await TryAsync(() => Mediator.Send(new SetRoundSchedule(Actor, id, Schedule))))
            return Done("Đã lưu kế hoạch thời gian của vòng đánh giá.", new { id });
        return await OnGetAsync(id);
    }

    public async Task<IActionResult> OnPostExtendAsync(int id)
    {
        if (string.IsNullOrEmpty(ExtendUnit)) Errors.Add("Chọn đơn vị được gia hạn.");
        else if (ExtendUntil is null) Errors.Add("Chọn ngày gia hạn đến.");
        else
        {
            ExtensionDto? granted = null;
            if (await TryAsync(async () => granted = await Mediator.Send(new GrantExtension(Actor, id, ExtendUnit, ExtendDoor, ExtendUntil.Value, ExtendReason ?? ""))))
                return Done($"Đã gia hạn {StageWindow.Action(granted!.Door)} cho {granted.UnitName} đến hết ngày {ParIndex.Application.ProvinceTime.Date(granted.Until)}.", new { id });
        }
        return await OnGetAsync(id);
    }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Round = (await Mediator.Send(new ListRounds(Actor))).FirstOrDefault(r => r.Id == id);
        if (Round is null) return NotFound();
        await TryAsync(async () => Rows = await Mediator.Send(new GetRoundDashboard(Actor, id)));
        return Page();
    }
}
