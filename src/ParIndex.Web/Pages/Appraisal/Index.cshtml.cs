using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Scoring;
using ParIndex.Web.Pages.Office;

namespace ParIndex.Web.Pages.Appraisal;

/// <summary>
/// The appraiser's queue (practice.md §4): every unit of a round with only the leaves routed to the signed-in appraiser
/// (for the office, the leaves no department appraises), what the unit entered and its evidence files beside the input
/// for the appraised points and the reason, or accepting the self-score. One form per unit.
/// </summary>
public sealed class IndexModel(IMediator mediator) : OfficePageModel(mediator)
{
    /// <summary>The rounds in an appraisal stage, newest first.</summary>
    public IReadOnlyList<RoundDto> Rounds { get; private set; } = [];

    public AppraisalQueueDto? Queue { get; private set; }

    /// <summary>Only the leaves not yet appraised or accepted.</summary>
    [BindProperty(SupportsGet = true)] public bool Pending { get; set; }

    /// <summary>Each (unit, leaf)'s errors of the last save.</summary>
    public Dictionary<(string Unit, string Leaf), List<string>> LeafErrors { get; } = [];

    /// <summary>What was typed, kept when the save had errors.</summary>
    public Dictionary<(string Unit, string Leaf), (string? Points, string? Reason, bool Accept)> Typed { get; } = [];

    public async Task<IActionResult> OnGetAsync(int? round) => await LoadAsync(round) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int round, string unit, string[] leaf, string?[] points, string?[] reason, string[] accept)
    {
        var saved = 0;
        var accepted = accept.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < leaf.Length; i++)
        {
            var code = leaf[i];
            var text = i < points.Length ? points[i]?.Trim() : null;
            var why = i < reason.Length ? reason[i] : null;
            var accepting = accepted.Contains(code);
            if (!accepting && string.IsNullOrEmpty(text) && string.IsNullOrWhiteSpace(why)) continue;
            Typed[(unit, code)] = (text, why, accepting);
            decimal value = 0;
            if (!accepting && !AppraiseModel.TryParse(text, out value))
            {
                LeafErrors[(unit, code)] = [string.IsNullOrEmpty(text)
                    ? $"Tiêu chí {code}: nhập điểm thẩm định hoặc chọn «Chấp nhận điểm tự chấm»."
                    : $"Điểm thẩm định \"{text}\" không phải là số (ví dụ 1,5)."];
                continue;
            }
            var before = Errors.Count;
            var ok = accepting
                ? await TryAsync(() => Mediator.Send(new AcceptSelfScore(Actor, round, unit, code, why)))
                : await TryAsync(() => Mediator.Send(new RecordAppraisal(Actor, round, unit, code, value, why ?? "")));
            if (ok)
            {
                saved++;
                Typed.Remove((unit, code));
            }
            else
            {
                LeafErrors[(unit, code)] = Errors.Skip(before).ToList();
                Errors.RemoveRange(before, Errors.Count - before);
            }
        }
        if (LeafErrors.Count == 0 && saved > 0)
            return Done($"Đã ghi thẩm định {saved} tiêu chí của {await UnitNameAsync(round, unit)}.", new { round, pending = Pending });
        if (LeafErrors.Count == 0) Errors.Add("Chưa nhập điểm thẩm định hoặc chấp nhận tiêu chí nào.");
        else Errors.Add($"Đã ghi {saved} tiêu chí; {LeafErrors.Count} tiêu chí có lỗi, xem từng dòng bên dưới.");
        return await LoadAsync(round) ? Page() : NotFound();
    }

    private async Task<string> UnitNameAsync(int round, string unit)
    {
        await LoadAsync(round);
        return Queue?.Units.FirstOrDefault(u => u.UnitCode == unit)?.UnitName ?? unit;
    }

    private async Task<bool> LoadAsync(int? round)
    {
        var all = await Mediator.Send(new ListRounds(Actor));
        Rounds = all.Where(r => r.Stage is RoundStage.Appraisal1 or RoundStage.Appraisal2)
            .OrderByDescending(r => r.Year).ThenBy(r => r.Group, StringComparer.Ordinal).ToList();
        if (round is null)
        {
            if (Rounds.FirstOrDefault() is not { } first) return true;
            round = first.Id;
        }
        if (all.All(r => r.Id != round)) return false;
        await TryAsync(async () => Queue = await Mediator.Send(new GetAppraisalQueue(Actor, round.Value)));
        return true;
    }

    /// <summary>The unit's leaves as the page lists them (all, or only those still to do).</summary>
    public IEnumerable<QueueLeaf> Shown(QueueUnit unit) => Pending ? unit.Leaves.Where(l => !l.Done || LeafErrors.ContainsKey((unit.UnitCode, l.Code))) : unit.Leaves;
}
