using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Unit;

/// <summary>The unit's scorecard of a year: index, rank and class, then every criterion line by line.</summary>
public sealed class ScorecardModel(IMediator mediator) : UnitPageModel(mediator)
{
    /// <summary>The year shown.</summary>
    public int? Year { get; private set; }

    /// <summary>The unit's result of the year.</summary>
    public UnitDetailDto? Detail { get; private set; }

    public Task<IActionResult> OnGetAsync(string? unit, int? year, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!await LoadUnitAsync(unit, ct)) return RedirectToPage("/Unit/Index");
            Year = year ?? Rounds.LastOrDefault()?.Year;
            if (Year is null)
            {
                Error = "Chưa có vòng đánh giá nào cho khối của đơn vị.";
                return Page();
            }
            Detail = await Mediator.Send(new GetUnitDetail(Actor, Year.Value, Unit!.Code), ct);
            return Page();
        });
}
