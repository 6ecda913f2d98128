using System.Globalization;
using System.Text;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;

namespace ParIndex.Application.Features;

/// <summary>An audit row as the API shows it.</summary>
public sealed record AuditDto(long Id, DateTime At, string User, string Action, string Entity, string Key, string? Before, string? After, string? Reason);

/// <summary>Reads the audit log, newest first, optionally filtered (office only).</summary>
public sealed record ListAudit(Actor Actor, string? Entity = null, string? User = null, int Take = 200, long? BeforeId = null) : IRequest<IReadOnlyList<AuditDto>>;

/// <summary>Exports the whole audit log as CSV (UTF-8 with BOM so Excel reads Vietnamese), office only.</summary>
public sealed record ExportAudit(Actor Actor) : IRequest<FileDto>;

internal sealed class AuditHandlers(ParIndexDb db) :
    IRequestHandler<ListAudit, IReadOnlyList<AuditDto>>,
    IRequestHandler<ExportAudit, FileDto>
{
    private static AuditDto Dto(AuditRecord a) => new(a.Id, a.At, a.User, a.Action, a.Entity, a.Key, a.Before, a.After, a.Reason);

    public async Task<IReadOnlyList<AuditDto>> Handle(ListAudit request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var query = db.Audit.AsNoTracking();
        if (request.Entity is { } e) query = query.Where(a => a.Entity == e);
        if (request.User is { } u) query = query.Where(a => a.User == u);
        if (request.BeforeId is { } b) query = query.Where(a => a.Id < b);
        return (await query.OrderByDescending(a => a.Id).Take(Math.Clamp(request.Take, 1, 1000)).ToListAsync(ct)).Select(Dto).ToList();
    }

    public async Task<FileDto> Handle(ExportAudit request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var csv = new StringBuilder("Số,Thời điểm (UTC),Người thực hiện,Thao tác,Đối tượng,Khóa,Trước,Sau,Lý do\n");
        await foreach (var a in db.Audit.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
            csv.AppendJoin(',', a.Id.ToString(CultureInfo.InvariantCulture), a.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Csv(a.User), Csv(a.Action), Csv(a.Entity), Csv(a.Key), Csv(a.Before), Csv(a.After), Csv(a.Reason)).Append('\n');
        return new FileDto("nhat-ky-thay-doi.csv", "text/csv; charset=utf-8", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())]);
    }

    /// <summary>Quotes a CSV field; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
    private static string Csv(string? value)
    {
        if (value is null) return "";
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
