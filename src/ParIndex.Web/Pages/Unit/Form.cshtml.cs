using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Web.Api;
using ParIndex.Workbooks.SelfAssessment;

namespace ParIndex.Web.Pages.Unit;

/// <summary>
/// The self-assessment on a web form (practice.md §6): the criteria tree with each leaf's input, evidence files and
/// explanation per leaf, running totals; save a draft at any time, submit when complete. The application reads it
/// with the workbook's rules and messages; a refused value's message stands next to its field.
/// </summary>
public sealed class FormModel(IMediator mediator, EvidenceSettings evidence) : UnitPageModel(mediator)
{
    /// <summary>The form as the application shows it.</summary>
    public FormView? Form { get; private set; }

    /// <summary>The evidence files of the next submission, by leaf code.</summary>
    public ILookup<string, EvidenceDto> Files { get; private set; } = Array.Empty<EvidenceDto>().ToLookup(f => f.LeafCode);

    /// <summary>The problems of the last submit, by leaf code and field.</summary>
    public ILookup<(string Leaf, string Field), FormProblem> Problems { get; private set; } =
        Array.Empty<FormProblem>().ToLookup(p => (p.LeafCode, p.Field));

    /// <summary>The field names of one leaf's inputs (the ids are the same).</summary>
    public static string Field(string kind, string code) => $"{kind}-{code}";

    public Task<IActionResult> OnGetAsync(string? unit, int? year, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage("/Unit/Index");
            if (RoundOf(year) is not { } round) return Page();
            if (await InputsAsync(() => Mediator.Send(new GetSelfAssessmentForm(Actor, round.Id, Unit!.Code), ct)) is { } form)
                await ShowAsync(form, ct);
            return Page();
        });

    public Task<IActionResult> OnPostSaveAsync(string? unit, int year, CancellationToken ct) =>
        PostAsync(unit, year, async round =>
        {
            await ShowAsync(await Mediator.Send(new SaveSelfAssessmentDraft(Actor, round.Id, Unit!.Code, Entries()), ct), ct);
            Message = $"Đã lưu bản nháp lúc {Clock.Format(Form!.SavedAt!.Value)}. Có thể quay lại điền tiếp bất cứ lúc nào.";
        }, ct);

    public Task<IActionResult> OnPostSubmitAsync(string? unit, int year, CancellationToken ct) =>
        PostAsync(unit, year, async round =>
        {
            var form = await Mediator.Send(new SubmitSelfAssessmentForm(Actor, round.Id, Unit!.Code, Entries()), ct);
            await ShowAsync(form, ct);
            if (form.Submitted is { } s)
                Message = $"Đã nộp bảng tự đánh giá (lần nộp {s.Revision}); tài liệu kiểm chứng đã đính kèm được nộp cùng.";
            else
            {
                Error = $"Chưa nộp được: có {form.Problems.Count(p => p.IsError)} lỗi, nêu bên cạnh từng ô. Bản nháp đã được lưu; sửa rồi nộp lại.";
                Errors = form.Problems.Where(p => p.IsError).Select(p => $"{p.LeafCode} · {p.Field}: {p.Message}").ToList();
            }
        }, ct);

    public Task<IActionResult> OnPostWithdrawAsync(string? unit, int year, CancellationToken ct) =>
        PostAsync(unit, year, async round =>
        {
            try
            {
                var withdrawn = await Mediator.Send(new WithdrawSubmission(Actor, round.Id, Unit!.Code), ct);
                Message = $"Đã rút lại bản tự đánh giá lần {withdrawn.Revision}. Sửa trên biểu mẫu rồi nộp lại trước hạn; đến khi nộp lại, đơn vị được xem là chưa nộp.";
            }
            finally
            {
                await ShowAsync(await Mediator.Send(new GetSelfAssessmentForm(Actor, round.Id, Unit!.Code), ct), ct);
            }
        }, ct);

    public Task<IActionResult> OnPostAttachAsync(string? unit, int year, string leaf, CancellationToken ct) =>
        PostAsync(unit, year, async round =>
        {
            // What is typed is kept first, so that attaching a file never loses it.
            await Mediator.Send(new SaveSelfAssessmentDraft(Actor, round.Id, Unit!.Code, Entries()), ct);
            try
            {
                if (Request.Form.Files.GetFile(Field("file", leaf)) is not { } file)
                    throw new InvalidRequestException($"Chưa chọn tệp tài liệu kiểm chứng cho tiêu chí {leaf}.");
                var content = await Uploads.ReadBytesAsync(file, ct, evidence.MaxFileBytes);
                var added = await Mediator.Send(new UploadEvidence(Actor, round.Id, Unit.Code, leaf, file.FileName, content), ct);
                Message = $"Đã đính kèm tệp {added.FileName} cho tiêu chí {leaf}.";
            }
            finally
            {
                await ShowAsync(await Mediator.Send(new GetSelfAssessmentForm(Actor, round.Id, Unit.Code), ct), ct);
            }
        }, ct);

    private Task<IActionResult> PostAsync(string? unit, int year, Func<RoundDto, Task> work, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage("/Unit/Index");
            if (RoundOf(year) is not { } round) return Page();
            await work(round);
            return Page();
        });

    private RoundDto? RoundOf(int? year)
    {
        var round = year is { } y ? Rounds.LastOrDefault(r => r.Year == y) : Rounds.LastOrDefault();
        if (round is null) Error ??= "Chưa có vòng đánh giá nào cho khối của đơn vị.";
        return round;
    }

    private async Task ShowAsync(FormView form, CancellationToken ct)
    {
        Form = form;
        Problems = form.Problems.ToLookup(p => (p.LeafCode, p.Field));
        try
        {
            Files = (await Mediator.Send(new ListEvidence(Actor, form.RoundId, form.UnitCode), ct)).ToLookup(f => f.LeafCode);
        }
        catch (ForbiddenException)
        {
            // Leadership reads no evidence before publication: the form shows none.
        }
    }

    /// <summary>The entries typed, per leaf code, from the posted fields.</summary>
    private Dictionary<string, FormEntry> Entries()
    {
        var form = Request.Form;
        var codes = form["codes"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).Distinct();
        return codes.ToDictionary(c => c, c => new FormEntry(
            Text(form[Field("value", c)]), Text(form[Field("score", c)]), form[Field("na", c)].Count > 0,
            Text(form[Field("evidence", c)]), Text(form[Field("explain", c)])));

        static string? Text(Microsoft.Extensions.Primitives.StringValues v) => string.IsNullOrWhiteSpace(v.ToString()) ? null : v.ToString().Trim();
    }
}
