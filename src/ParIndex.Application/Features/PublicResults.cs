using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;

namespace ParIndex.Application.Features;

/// <summary>The years that have a publication, newest first (the public page's index; anyone the gate lets read rankings).</summary>
public sealed record ListPublishedYears(Actor Actor) : IRequest<IReadOnlyList<int>>;

internal sealed class PublicResultsHandlers(ParIndexDb db) : IRequestHandler<ListPublishedYears, IReadOnlyList<int>>
{
    public async Task<IReadOnlyList<int>> Handle(ListPublishedYears request, CancellationToken ct)
    {
        ResultsGate.RequireRanking(request.Actor);
        return await db.Publications.AsNoTracking().Select(p => p.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
    }
}
