using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Web.Api;
using ParIndex.Scoring;
using ParIndex.Application;

namespace ParIndex.Web.Pages.Unit;

/// <summary>
/// The focal point's home: the unit's rounds, the current one's stage and deadline, the template, the upload of
/// the self-assessment workbook with every problem listed, and the revisions.
/// </summary>
[StreamedUpload("Upload", UploadLimit.SelfAssessment)]
public sealed class IndexModel(IMediator mediator) : UnitPageModel(mediator)
{
    /// <summary>The round shown: the one of the chosen year, else the latest.</summary>
    public RoundDto? Round { get; private set; }

    /// <summary>The unit's revisions in <see cref="Round"/>.</summary>
    public IReadOnlyList<SubmissionDto> Submissions { get; private set; } = [];

    /// <summary>The upload just made (its result: accepted with warnings, or rejected with every problem).</summary>
    public SubmissionDto? Uploaded { get; private set; }

    /// <summary>Why the unit may not submit now (the plan's first or last day), in the words of the refusal; null while open.</summary>
    public string? Shut { get; private set; }

    /// <summary>True when the person may upload now (the stage allows it and they may write).</summary>
    public bool CanUpload => Round is not null && Shut is null && !User.IsInRole(Roles.Leadership)
        && (Round.Stage == RoundStage.SelfAssessment || (User.IsInRole(Roles.Office) && Round.Stage != RoundStage.Published));

    public Task<IActionResult> OnGetAsync(string? unit, int? year, CancellationToken ct) =>
        RunAsync(async () =>
        {
            await LoadAsync(unit, year, ct);
            return Page();
        });

    /// <summary>The unit's self-assessment template of the year, as an xlsx file.</summary>
    public Task<IActionResult> OnGetTemplateAsync(string? unit, int year, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage();
            var file = await Mediator.Send(new DownloadTemplate(Actor, year, Unit!.Code), ct);
            return File(file.Content, file.ContentType, file.FileName);
        });

    /// <summary>An earlier revision's workbook.</summary>
    public Task<IActionResult> OnGetSubmissionAsync(int id, CancellationToken ct) =>
        RunAsync(async () =>
        {
            var file = await Mediator.Send(new DownloadSubmission(Actor, id), ct);
            return File(file.Content, file.ContentType, file.FileName);
        });

    /// <summary>The upload, streamed (<see cref="StreamedUploadAttribute"/>): the year and unit are the form's fields before the file.</summary>
    public Task<IActionResult> OnPostUploadAsync(CancellationToken ct) =>
        RunAsync(async () =>
        {
            var maxBytes = StreamedUploadAttribute.MaxBytes(HttpContext, UploadLimit.SelfAssessment);
            var form = await Uploads.OpenAsync(Request, maxBytes, ct);
            string? Field(string name) => form.Fields.TryGetValue(name, out var value) ? value : Request.Query[name].FirstOrDefault();
            await LoadAsync(Field("unit"), int.TryParse(Field("year"), out var year) ? year : null, ct);
            if (Unit is null || Round is null)
            {
                Error ??= "Chưa có vòng đánh giá để nộp bảng tự đánh giá.";
                return Page();
            }
            if (string.IsNullOrEmpty(form.FileName))
            {
                Error = "Chọn tệp bảng tự đánh giá (.xlsx) trước khi nộp.";
                return Page();
            }
            try
            {
                var upload = await Uploads.ReadWorkbookAsync(Request, maxBytes, ct);
                Uploaded = await Mediator.Send(new UploadSelfAssessment(Actor, Round.Id, Unit.Code, upload.FileName, upload.Content), ct);
                Message = Uploaded.Accepted
                    ? $"Đã nhận bảng tự đánh giá lần {Uploaded.Revision}; đây là bản hiện hành."
                    : null;
                Error = Uploaded.Accepted ? null
                    : $"Bảng tự đánh giá lần {Uploaded.Revision} bị từ chối: sửa các lỗi dưới đây rồi nộp lại. Bản hiện hành không thay đổi.";
            }
            catch (Exception e) when (Show(e))
            {
            }
            Submissions = await Mediator.Send(new ListSubmissions(Actor, Round.Id, Unit.Code), ct);
            return Page();
        });

    private async Task LoadAsync(string? unit, int? year, CancellationToken ct)
    {
        if (!await LoadUnitAsync(unit, ct)) return;
        Round = year is { } y ? Rounds.LastOrDefault(r => r.Year == y) : Rounds.LastOrDefault();
        if (year is not null && Round is null) Error = $"Đơn vị không có vòng đánh giá năm {year}.";
        if (Round is not null)
        {
            Submissions = await InputsAsync(() => Mediator.Send(new ListSubmissions(Actor, Round.Id, Unit!.Code), ct)) ?? [];
            if (Round.Stage == RoundStage.SelfAssessment)
                Shut = await Mediator.Send(new GetDoorRefusal(Actor, Round.Id, Unit!.Code, StageDoor.Submission), ct);
        }
    }
}
