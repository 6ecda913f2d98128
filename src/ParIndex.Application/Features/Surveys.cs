using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Safety;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Application.Features;

/// <summary>A survey import as the API shows it, with questionnaires per unit and the units under the minimum.</summary>
public sealed record SurveyImportDto(int Id, int Year, string FileName, bool Active, long Questionnaires,
    IReadOnlyDictionary<string, int> PerUnit, DateTime ImportedAt, string ImportedBy);

/// <summary>
/// Imports a survey workbook for a year (office only). A workbook with errors is refused whole (422 with every
/// problem) and stores nothing. A workbook with the same file name as an active import replaces it (the old
/// one is kept, inactive).
/// </summary>
public sealed record ImportSurvey(Actor Actor, int Year, string FileName, byte[] Content) : IRequest<SurveyImportDto>;

/// <summary>Lists the survey imports of a year (office and leadership).</summary>
public sealed record ListSurveyImports(Actor Actor, int Year) : IRequest<IReadOnlyList<SurveyImportDto>>;

/// <summary>Withdraws a survey import (kept, inactive). Office only, with a reason.</summary>
public sealed record WithdrawSurvey(Actor Actor, int Id, string Reason) : IRequest<SurveyImportDto>;

internal sealed class SurveyHandlers(ParIndexDb db, WorkbookSettings limits, TimeProvider clock) :
    IRequestHandler<ImportSurvey, SurveyImportDto>,
    IRequestHandler<ListSurveyImports, IReadOnlyList<SurveyImportDto>>,
    IRequestHandler<WithdrawSurvey, SurveyImportDto>
{
    private static SurveyImportDto Dto(SurveyImportRecord r) => new(r.Id, r.Year, r.FileName, r.Active, r.Questionnaires,
        JsonSerializer.Deserialize<Dictionary<string, int>>(r.RespondentsJson, Store.Json) ?? [], r.ImportedAt, r.ImportedBy);

    /// <summary>A survey reader for a year's units and sets.</summary>
    internal static async Task<SurveyAccumulator> AccumulatorAsync(ParIndexDb db, int year, CancellationToken ct, WorkbookLimits? limits = null)
    {
        var units = (await Store.UnitsAsync(db, ct)).Where(u => u.IsAssessedIn(year)).ToDictionary(u => u.Code);
        var sets = new List<CriteriaSet>();
        foreach (var record in await db.CriteriaSets.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct))
            sets.Add(Store.Parse(record));
        return new SurveyAccumulator(sets, code => units.TryGetValue(code, out var u) ? u.Group : null) { Limits = limits ?? WorkbookLimits.Survey };
    }

    public async Task<SurveyImportDto> Handle(ImportSurvey request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        await Store.RequireYearOpenAsync(db, request.Year, ct);
        var fileName = Path.GetFileName(request.FileName);
        var accumulator = await AccumulatorAsync(db, request.Year, ct, limits.Survey);
        // Re-read the year's active imports first, so that a questionnaire id repeated across files is caught.
        var others = await db.SurveyImports.Where(s => s.Year == request.Year && s.Active && s.FileName != fileName).ToListAsync(ct);
        foreach (var other in others)
            accumulator.Read(new MemoryStream(other.Content, writable: false), other.FileName);
        var before = accumulator.Tallies();
        var problems = accumulator.Read(new MemoryStream(request.Content, writable: false), fileName);
        if (problems.Any(p => p.IsError))
            throw new WorkbookRejectedException($"Tệp khảo sát {fileName} có lỗi; chưa lưu gì.", problems);
        var perUnit = accumulator.Tallies().ToDictionary(kv => kv.Key,
            kv => kv.Value.Questionnaires - (before.TryGetValue(kv.Key, out var b) ? b.Questionnaires : 0));

        var replaced = await db.SurveyImports.Where(s => s.Year == request.Year && s.Active && s.FileName == fileName).ToListAsync(ct);
        foreach (var old in replaced) old.Active = false;
        var record = new SurveyImportRecord
        {
            Year = request.Year, FileName = fileName, Content = request.Content, Sha256 = Store.Sha256(request.Content),
            Questionnaires = perUnit.Values.Sum(), RespondentsJson = JsonSerializer.Serialize(perUnit.Where(kv => kv.Value > 0)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value), Store.Json),
            ImportedAt = clock.GetUtcNow().UtcDateTime, ImportedBy = request.Actor.Name,
        };
        db.SurveyImports.Add(record);
        db.AuditContext.Reason ??= replaced.Count > 0 ? $"Thay tệp khảo sát {fileName}" : $"Nhập tệp khảo sát {fileName}";
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }

    public async Task<IReadOnlyList<SurveyImportDto>> Handle(ListSurveyImports request, CancellationToken ct)
    {
        if (request.Actor.Role == ActorRole.FocalPoint)
            throw new ForbiddenException("Danh sách tệp khảo sát dành cho Phòng CCHC và lãnh đạo.");
        return (await db.SurveyImports.AsNoTracking().Where(s => s.Year == request.Year).OrderBy(s => s.Id).ToListAsync(ct))
            .Select(Dto).ToList();
    }

    public async Task<SurveyImportDto> Handle(WithdrawSurvey request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var record = await db.SurveyImports.SingleOrDefaultAsync(s => s.Id == request.Id, ct)
            ?? throw new NotFoundException($"Không có tệp khảo sát số {request.Id}.");
        await Store.RequireYearOpenAsync(db, record.Year, ct);
        if (string.IsNullOrWhiteSpace(request.Reason)) throw new InvalidRequestException("Rút tệp khảo sát phải ghi lý do.");
        record.Active = false;
        db.AuditContext.Reason = request.Reason;
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }
}
