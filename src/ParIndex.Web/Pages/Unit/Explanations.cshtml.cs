using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Unit;

/// <summary>
/// The unit's explanations (giải trình): during the explanation stage, one text per appraised leaf whose appraisal
/// is below the self-score; the saved ones are shown at any stage.
/// </summary>
public sealed class ExplanationsModel(IMediator mediator) : UnitPageModel(mediator)
{
    /// <summary>The round of the year shown.</summary>
    public RoundDto? Round { get; private set; }

    /// <summary>The leaves to explain (appraised below the self-score) and those already explained.</summary>
    public IReadOnlyList<ScorecardLine> Leaves { get; private set; } = [];

    /// <summary>The saved explanations by leaf code.</summary>
    public IReadOnlyDictionary<string, ExplanationDto> Saved { get; private set; } = new Dictionary<string, ExplanationDto>();

    /// <summary>Texts typed but not saved (kept on the page after an error).</summary>
    public Dictionary<string, string> Typed { get; } = [];

    /// <summary>True when the form can be sent: the explanation stage, and the person may write for the unit.</summary>
    public bool CanExplain => Round?.Stage == RoundStage.Explanation && !User.IsInRole(Roles.Leadership);

    public Task<IActionResult> OnGetAsync(string? unit, int? year, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage("/Unit/Index");
            await LoadAsync(year, ct);
            return Page();
        });

    public Task<IActionResult> OnPostAsync(string? unit, int year, List<string> codes, List<string> texts, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage("/Unit/Index");
            await LoadAsync(year, ct);
            if (Round is null) return Page();
            var saved = 0;
            var errors = new List<string>();
            for (var i = 0; i < Math.Min(codes.Count, texts.Count); i++)
            {
                var code = codes[i];
                var text = texts[i]?.Trim() ?? "";
                if (text.Length == 0 || (Saved.TryGetValue(code, out var before) && before.Text == text)) continue;
                try
                {
                    await Mediator.Send(new RecordExplanation(Actor, Round.Id, Unit!.Code, code, text), ct);
                    saved++;
                }
                catch (Exception e) when (e is ConflictException or InvalidRequestException or NotFoundException)
                {
                    errors.Add($"{code}: {e.Message}");
                    Typed[code] = text;
                }
            }
            if (errors.Count > 0)
            {
                Error = saved > 0 ? $"Đã lưu {saved} giải trình; {errors.Count} giải trình chưa lưu được:" : "Chưa lưu được giải trình:";
                Errors = errors;
            }
            else
            {
                Message = saved > 0 ? $"Đã lưu {saved} giải trình." : "Không có thay đổi nào để lưu.";
            }
            await LoadAsync(year, ct);
            return Page();
        });

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        Round = year is { } y ? Rounds.LastOrDefault(r => r.Year == y) : Rounds.LastOrDefault();
        if (Round is null)
        {
            Error ??= "Chưa có vòng đánh giá nào cho khối của đơn vị.";
            return;
        }
        // The explanations first: leadership, before the round is published, gets the plain state and nothing else.
        var round = Round;
        if (await InputsAsync(() => Mediator.Send(new ListExplanations(Actor, round.Id, Unit!.Code), ct)) is not { } saved) return;
        Saved = saved.ToDictionary(e => e.LeafCode);
        var detail = await Mediator.Send(new GetUnitDetail(Actor, Round.Year, Unit!.Code), ct);
        Leaves = detail.Lines.Where(l => l.IsLeaf && (Below(l) || Saved.ContainsKey(l.Code))).ToList();
    }

    /// <summary>True when the latest appraisal gave less than the unit's self-score.</summary>
    public static bool Below(ScorecardLine l) =>
        l.Applicable && l.SelfScore is { } self && (l.Appraisal2 ?? l.Appraisal1) is { } appraisal && appraisal < self;
}
