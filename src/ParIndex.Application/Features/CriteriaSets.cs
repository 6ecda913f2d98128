using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Criteria;
using ParIndex.Data;

namespace ParIndex.Application.Features;

/// <summary>A criteria set as the API lists it.</summary>
public sealed record CriteriaSetDto(int Year, string Group, string Version, string Title, string Decision, int Leaves, decimal Total, string Sha256);

/// <summary>Imports (or replaces) one criteria file, e.g. source <c>2024/districts.yaml</c>. Office only; refused once the year is published.</summary>
public sealed record ImportCriteriaSet(Actor Actor, string Source, string Yaml) : IRequest<CriteriaSetDto>;

/// <summary>Lists the criteria sets. Anyone signed in.</summary>
public sealed record ListCriteriaSets(Actor Actor) : IRequest<IReadOnlyList<CriteriaSetDto>>;

/// <summary>One set's YAML text.</summary>
public sealed record GetCriteriaSetYaml(Actor Actor, int Year, string Group) : IRequest<string>;

/// <summary>One set, parsed (once per text, <see cref="CriteriaCache"/>), so pages read criteria without parsing YAML.</summary>
public sealed record GetCriteriaSet(Actor Actor, int Year, string Group) : IRequest<ParIndex.Scoring.Criteria.CriteriaSet>;

internal sealed class CriteriaSetsHandlers(ParIndexDb db, TimeProvider clock) :
    IRequestHandler<ImportCriteriaSet, CriteriaSetDto>,
    IRequestHandler<ListCriteriaSets, IReadOnlyList<CriteriaSetDto>>,
    IRequestHandler<GetCriteriaSetYaml, string>,
    IRequestHandler<GetCriteriaSet, ParIndex.Scoring.Criteria.CriteriaSet>
{
    private static CriteriaSetDto Dto(CriteriaSetRecord r)
    {
        var set = Store.Parse(r);
        return new(r.Year, r.Group, r.Version, set.Title, set.Decision, set.ScoredLeafCount, set.Total, r.Sha256);
    }

    public async Task<CriteriaSetDto> Handle(ImportCriteriaSet request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var loaded = CriteriaLoader.Load(new StringReader(request.Yaml), request.Source);
        if (loaded.Set is not { } set)
            throw new InvalidRequestException($"Bộ tiêu chí {request.Source} có lỗi.", loaded.Problems.Select(p => p.ToString()).ToList());
        Vocabulary.RequireGroup(set.Group);
        // The appraising units are checked against the units stored (none stored yet: a province setting up, checked by the CLI).
        var stored = await Store.UnitsAsync(db, ct);
        var appraisers = stored.Count == 0 ? [] : CriteriaLoader.CheckAppraisers(set, stored);
        if (appraisers.Count > 0)
            throw new InvalidRequestException($"Bộ tiêu chí {request.Source} có lỗi.", appraisers.Select(p => p.ToString()).ToList());
        if (request.Source != $"{set.Year}/{set.Group}.yaml")
            throw new InvalidRequestException($"Tên tệp {request.Source} phải là {set.Year}/{set.Group}.yaml theo năm và khối khai báo trong tệp.");
        await Store.RequireYearOpenAsync(db, set.Year, ct);
        var record = await db.CriteriaSets.SingleOrDefaultAsync(c => c.Year == set.Year && c.Group == set.Group, ct);
        if (record is null) db.CriteriaSets.Add(record = new CriteriaSetRecord { Year = set.Year, Group = set.Group });
        record.Version = set.Version;
        record.Source = request.Source;
        record.Yaml = request.Yaml;
        record.Sha256 = Store.Sha256(request.Yaml);
        record.ImportedAt = clock.GetUtcNow().UtcDateTime;
        db.AuditContext.Reason ??= $"Nhập bộ tiêu chí {request.Source} phiên bản {set.Version}";
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }

    public async Task<IReadOnlyList<CriteriaSetDto>> Handle(ListCriteriaSets request, CancellationToken ct) =>
        (await db.CriteriaSets.AsNoTracking().OrderBy(c => c.Year).ThenBy(c => c.Group).ToListAsync(ct)).Select(Dto).ToList();

    public async Task<string> Handle(GetCriteriaSetYaml request, CancellationToken ct) =>
        (await db.CriteriaSets.AsNoTracking().SingleOrDefaultAsync(c => c.Year == request.Year && c.Group == request.Group, ct))?.Yaml
        ?? throw new NotFoundException($"Chưa có bộ tiêu chí năm {request.Year} cho {Scoring.Labels.Lower(Scoring.Labels.Group(request.Group, Scoring.Labels.Vietnamese))}.");

    public async Task<ParIndex.Scoring.Criteria.CriteriaSet> Handle(GetCriteriaSet request, CancellationToken ct) =>
        Store.Parse(await db.CriteriaSets.AsNoTracking().SingleOrDefaultAsync(c => c.Year == request.Year && c.Group == request.Group, ct)
            ?? throw new NotFoundException($"Chưa có bộ tiêu chí năm {request.Year} cho {Scoring.Labels.Lower(Scoring.Labels.Group(request.Group, Scoring.Labels.Vietnamese))}."));
}
