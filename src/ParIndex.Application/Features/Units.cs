using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Criteria;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>A unit as the API shows it.</summary>
public sealed record UnitDto(string Code, string Name, string Group, bool Ranked, int? From, int? Until, IReadOnlyList<string> Predecessors);

/// <summary>Imports units.yaml: adds new units and updates existing ones (by code). Office only.</summary>
public sealed record ImportUnits(Actor Actor, string Yaml) : IRequest<IReadOnlyList<UnitDto>>;

/// <summary>Lists units: all for the office and leadership, their own for a focal point.</summary>
public sealed record ListUnits(Actor Actor) : IRequest<IReadOnlyList<UnitDto>>;

/// <summary>
/// Changes a unit's name, group, ranked flag or years. Office only; a reason is recorded. Units are cross-year,
/// so a change is not refused because a year was published: a published year is served from the inputs frozen
/// with its publication (names, groups, ranked flags included), so no unit change or import can alter it; the
/// change reaches only years not yet published (their drafts are recomputed on the next read).
/// </summary>
public sealed record UpdateUnit(Actor Actor, string Code, string Name, string Group, bool Ranked, int? From, int? Until, string? Reason) : IRequest<UnitDto>;

internal sealed class UnitsHandlers(ParIndexDb db) :
    IRequestHandler<ImportUnits, IReadOnlyList<UnitDto>>,
    IRequestHandler<ListUnits, IReadOnlyList<UnitDto>>,
    IRequestHandler<UpdateUnit, UnitDto>
{
    internal static UnitDto Dto(UnitRecord u) => new(u.Code, u.Name, u.Group, u.Ranked, u.FromYear, u.UntilYear,
        u.Predecessors.Length == 0 ? [] : u.Predecessors.Split(','));

    public async Task<IReadOnlyList<UnitDto>> Handle(ImportUnits request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var loaded = UnitsLoader.Load(new StringReader(request.Yaml), "units.yaml");
        if (!loaded.Ok)
            throw new InvalidRequestException("Tệp units.yaml có lỗi.", loaded.Problems.Select(p => p.ToString()).ToList());
        var unknown = loaded.Units.Where(u => !RankingGroups.TryParse(u.Group, out _))
            .Select(u => $"units.yaml: đơn vị {u.Code}: khối (group) \"{u.Group}\" không có: dùng một trong {string.Join(", ", RankingGroups.Codes)}.").ToList();
        if (unknown.Count > 0) throw new InvalidRequestException("Tệp units.yaml có lỗi.", unknown);
        var existing = await db.Units.ToDictionaryAsync(u => u.Code, ct);
        foreach (var unit in loaded.Units)
        {
            if (!existing.TryGetValue(unit.Code, out var record))
                db.Units.Add(record = new UnitRecord { Code = unit.Code });
            record.Name = unit.Name;
            record.Group = unit.Group;
            record.Ranked = unit.Ranked;
            record.FromYear = unit.From;
            record.UntilYear = unit.Until;
            record.Predecessors = string.Join(',', unit.PredecessorCodes);
        }
        db.AuditContext.Reason ??= "Nhập danh sách đơn vị từ units.yaml";
        await db.SaveChangesAsync(ct);
        return await Handle(new ListUnits(request.Actor), ct);
    }

    public async Task<IReadOnlyList<UnitDto>> Handle(ListUnits request, CancellationToken ct)
    {
        var query = db.Units.AsNoTracking();
        if (request.Actor.Role == ActorRole.FocalPoint) query = query.Where(u => u.Code == request.Actor.UnitCode);
        return (await query.OrderBy(u => u.Code).ToListAsync(ct)).Select(Dto).ToList();
    }

    public async Task<UnitDto> Handle(UpdateUnit request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var record = await db.Units.SingleOrDefaultAsync(u => u.Code == request.Code, ct)
            ?? throw new NotFoundException($"Không có đơn vị {request.Code}.");
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Group))
            throw new InvalidRequestException("Tên đơn vị và khối không được để trống.");
        Vocabulary.RequireGroup(request.Group);
        record.Name = request.Name;
        record.Group = request.Group;
        record.Ranked = request.Ranked;
        record.FromYear = request.From;
        record.UntilYear = request.Until;
        db.AuditContext.Reason = request.Reason;
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }
}
