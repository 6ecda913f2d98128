using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// Appraising one unit (thẩm định): its leaves with what the unit entered beside the appraised points and the
/// reason; the round's stage says whether it is appraisal 1 or 2. Also from a workbook.
/// </summary>
[StreamedUpload("Workbook", UploadLimit.SelfAssessment)]
public sealed class AppraiseModel(IMediator mediator) : OfficePageModel(mediator)
{
    public RoundDto? Round { get; private set; }
    public UnitDetailDto? Detail { get; private set; }

    /// <summary>Each leaf's errors of the last save.</summary>
    public Dictionary<string, List<string>> LeafErrors { get; } = [];

    /// <summary>What was typed, kept when the save had errors.</summary>
    public Dictionary<string, (string? Points, string? Reason)> Typed { get; } = [];

    /// <summary>The stage the appraisal goes to, or null outside the appraisal stages.</summary>
    public int? AppraisalStage => Round?.Stage switch { RoundStage.Appraisal1 => 1, RoundStage.Appraisal2 => 2, _ => null };

    public async Task<IActionResult> OnGetAsync(int round, string unit) => await LoadAsync(round, unit) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int round, string unit, string[] leaf, string?[] points, string?[] reason)
    {
        var saved = 0;
        for (var i = 0; i < leaf.Length; i++)
        {
            var text = i < points.Length ? points[i]?.Trim() : null;
            var why = i < reason.Length ? reason[i] : null;
            if (string.IsNullOrEmpty(text) && string.IsNullOrWhiteSpace(why)) continue;
            Typed[leaf[i]] = (text, why);
            if (!TryParse(text, out var value))
            {
                LeafErrors[leaf[i]] = [$"Điểm thẩm định \"{text}\" không phải là số (ví dụ 1,5)."];
                continue;
            }
            var before = Errors.Count;
            if (await TryAsync(() => Mediator.Send(new RecordAppraisal(Actor, round, unit, leaf[i], value, why ?? ""))))
            {
                saved++;
                Typed.Remove(leaf[i]);
            }
            else
            {
                LeafErrors[leaf[i]] = Errors.Skip(before).ToList();
                Errors.RemoveRange(before, Errors.Count - before);
            }
        }
        if (LeafErrors.Count == 0 && saved > 0)
            return Done($"Đã ghi điểm thẩm định của {saved} tiêu chí.", new { round, unit });
        if (LeafErrors.Count == 0) Errors.Add("Chưa nhập điểm thẩm định nào.");
        else Errors.Add($"Đã ghi {saved} tiêu chí; {LeafErrors.Count} tiêu chí có lỗi, xem từng dòng bên dưới.");
        return await LoadAsync(round, unit) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostWorkbookAsync(int round, string unit)
    {
        var upload = await ReadAsync(UploadLimit.SelfAssessment);
        IReadOnlyList<AppraisalDto> recorded = [];
        if (upload is not null
            && await TryAsync(async () => recorded = await Mediator.Send(new AppraiseFromWorkbook(Actor, round, unit, upload.FileName, upload.Content))))
            return Done($"Đã ghi điểm thẩm định của {recorded.Count} tiêu chí từ tệp {upload.FileName}.", new { round, unit });
        return await LoadAsync(round, unit) ? Page() : NotFound();
    }

    /// <summary>Reads points written with a decimal comma (Vietnamese) or point.</summary>
    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse((text ?? "").Replace(',', '.'), NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    private async Task<bool> LoadAsync(int round, string unit)
    {
        Round = (await Mediator.Send(new ListRounds(Actor))).FirstOrDefault(r => r.Id == round);
        if (Round is null) return false;
        await TryAsync(async () => Detail = await Mediator.Send(new GetUnitDetail(Actor, Round.Year, unit)));
        if (Detail is not null && Detail.Group != Round.Group)
        {
            Errors.Add($"{Detail.Unit.UnitName} không thuộc {ParIndex.Scoring.Labels.Lower(ParIndex.Scoring.Labels.Group(Round.Group, ParIndex.Scoring.Labels.Vietnamese))}.");
            Detail = null;
        }
        return true;
    }
}
