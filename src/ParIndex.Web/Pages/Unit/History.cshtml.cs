using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Unit;

/// <summary>The unit's index, rank and class over the years that have a round.</summary>
public sealed class HistoryModel(IMediator mediator) : UnitPageModel(mediator)
{
    /// <summary>One year of the unit's history (a note instead of numbers when the year could not be computed).</summary>
    public sealed record YearRow(int Year, Scoring.RoundStage Stage, UnitDetailDto? Detail, string? Note);

    /// <summary>The years, oldest first.</summary>
    public IReadOnlyList<YearRow> Years { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(string? unit, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage("/Unit/Index");
            var rows = new List<YearRow>();
            foreach (var round in Rounds)
            {
                try
                {
                    var detail = await Mediator.Send(new GetUnitDetail(Actor, round.Year, Unit!.Code), ct);
                    rows.Add(new YearRow(round.Year, round.Stage, detail, null));
                }
                catch (NotFoundException)
                {
                    // The unit was not assessed that year (merged, new): no row.
                }
                catch (Exception e) when (e is ConflictException or InvalidRequestException)
                {
                    rows.Add(new YearRow(round.Year, round.Stage, null, e.Message));
                }
            }
            Years = rows;
            return Page();
        });
}
