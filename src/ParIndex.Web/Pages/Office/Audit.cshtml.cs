using MediatR;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Web.Api;

namespace ParIndex.Web.Pages.Office;

/// <summary>The audit log in words, newest first, filtered by unit, person, year and kind, a page at a time.</summary>
public sealed class AuditModel(IMediator mediator) : OfficePageModel(mediator)
{
    public const int PageSize = 50;

    public IReadOnlyList<AuditEntryDto> Rows { get; private set; } = [];
    public IReadOnlyList<UnitDto> Units { get; private set; } = [];
    public string? Unit { get; private set; }
    public string? Person { get; private set; }
    public int? Year { get; private set; }
    public string? Kind { get; private set; }
    public long? BeforeId { get; private set; }

    /// <summary>The next page's first id, when there is more.</summary>
    public long? Next => Rows.Count == PageSize ? Rows[^1].Id : null;

    /// <summary>The filter as a query string (for the pager and the export links).</summary>
    public string Query =>
        $"unit={Uri.EscapeDataString(Unit ?? "")}&person={Uri.EscapeDataString(Person ?? "")}&year={Year}&kind={Uri.EscapeDataString(Kind ?? "")}";

    public async Task OnGetAsync(string? unit, string? person, int? year, string? kind, long? beforeId)
    {
        BeforeId = beforeId;
        await TryAsync(async () =>
        {
            Units = await Mediator.Send(new ListUnits(Actor));
            var filter = AuditApi.Filter(unit, person, year, kind);
            (Unit, Person, Year, Kind) = (filter.Unit, filter.Person, filter.Year, filter.Kind?.ToString());
            Rows = await Mediator.Send(new ListAudit(Actor, filter, PageSize, beforeId));
        });
    }
}
