using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Scoring;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Pages.Leadership;

/// <summary>A unit's trend over the years (/Leadership/Unit?code=H-HL): index per year, its table, the scorecards.</summary>
public sealed class UnitModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    /// <summary>One year of the unit.</summary>
    public sealed record YearRow(int Year, bool Draft, GroupDocument Group, UnitDocument Unit)
    {
        public int RankedCount => Group.RankedUnits;
    }

    public string? UnitName { get; private set; }
    public IReadOnlyList<YearRow> Rows { get; private set; } = [];
    /// <summary>Years with a round but nothing the reader may see (not published).</summary>
    public IReadOnlyList<int> Unpublished { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            var actor = User.ToActor();
            if (actor.Role == ActorRole.FocalPoint) return Forbid();
            if (string.IsNullOrWhiteSpace(Code))
            {
                Message = "Chưa chọn đơn vị: mở từ bảng xếp hạng.";
                return Page();
            }
            var years = (await mediator.Send(new ListRounds(actor), ct)).Select(r => r.Year).Distinct().Order().ToList();
            var rows = new List<YearRow>();
            var unpublished = new List<int>();
            foreach (var year in years)
            {
                RankingDocument ranking;
                bool draft;
                try
                {
                    ranking = await mediator.Send(new GetRanking(actor, year), ct);
                    draft = (await mediator.Send(new ListPublications(actor, year), ct)).Count == 0;
                }
                catch (NotFoundException)
                {
                    unpublished.Add(year);
                    continue;
                }
                foreach (var group in ranking.Groups)
                    if (group.Units.FirstOrDefault(u => u.UnitCode == Code) is { } unit)
                        rows.Add(new YearRow(year, draft, group, unit));
            }
            Rows = rows;
            Unpublished = unpublished;
            UnitName = rows.LastOrDefault()?.Unit.UnitName;
            if (rows.Count == 0) Message = $"Không có kết quả nào của đơn vị {Code} mà bạn được xem.";
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        return Page();
    }
}
