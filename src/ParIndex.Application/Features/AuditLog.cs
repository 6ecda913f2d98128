using System.Globalization;
using System.Text;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Workbooks.Export;

namespace ParIndex.Application.Features;

/// <summary>What the office narrows the log to: a unit (code), a person (name or user name), a year, a kind.</summary>
public sealed record AuditFilter(string? Unit = null, string? Person = null, int? Year = null, AuditKind? Kind = null);

/// <summary>Reads the audit log, newest first, in words, filtered and a page at a time (office only).</summary>
public sealed record ListAudit(Actor Actor, AuditFilter? Filter = null, int Take = ListAudit.DefaultTake, long? BeforeId = null) : IRequest<IReadOnlyList<AuditEntryDto>>
{
    /// <summary>Entries a list returns when the caller names no number.</summary>
    public const int DefaultTake = 200;

    /// <summary>The most entries one list returns (the rest by paging with <see cref="BeforeId"/>).</summary>
    public const int MaxTake = 1000;
}

/// <summary>The formats the log is exported in.</summary>
public enum AuditExportFormat
{
    /// <summary>CSV, UTF-8 with a byte order mark so that Excel reads Vietnamese.</summary>
    Csv,
    /// <summary>An Excel workbook.</summary>
    Xlsx,
}

/// <summary>Exports the (filtered) audit log in words, oldest first, as CSV or xlsx; office only.</summary>
public sealed record ExportAudit(Actor Actor, AuditFilter? Filter = null, AuditExportFormat Format = AuditExportFormat.Csv) : IRequest<FileDto>;

/// <summary>Records a sign-in attempt in the audit log (the log is the only place it is written).</summary>
public sealed record RecordSignIn(string UserName, SignInOutcome Outcome) : IRequest<Unit>;

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInOutcome
{
    /// <summary>Signed in.</summary>
    Succeeded,
    /// <summary>Wrong user name or password.</summary>
    Failed,
    /// <summary>The account is locked after too many failures.</summary>
    LockedOut,
    /// <summary>Signed out.</summary>
    SignedOut,
}

internal sealed class AuditHandlers(ParIndexDb db, ProvinceTime time, TimeProvider clock) :
    IRequestHandler<ListAudit, IReadOnlyList<AuditEntryDto>>,
    IRequestHandler<ExportAudit, FileDto>,
    IRequestHandler<RecordSignIn, Unit>
{
    /// <summary>The export's columns, in order.</summary>
    internal static readonly string[] Headers =
        ["Số", "Thời điểm (giờ Việt Nam)", "Người thực hiện", "Vai trò", "Đơn vị của người thực hiện", "Loại", "Nội dung", "Trước → sau", "Lý do"];

    public async Task<IReadOnlyList<AuditEntryDto>> Handle(ListAudit request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var take = Math.Clamp(request.Take, 1, ListAudit.MaxTake);
        var entries = new List<AuditEntryDto>();
        await foreach (var entry in ReadAsync(request.Filter, newestFirst: true, request.BeforeId, ct))
        {
            entries.Add(entry);
            if (entries.Count == take) break;
        }
        return entries;
    }

    public async Task<FileDto> Handle(ExportAudit request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var rows = new List<string?[]>();
        await foreach (var e in ReadAsync(request.Filter, newestFirst: false, null, ct))
            rows.Add([e.Id.ToString(CultureInfo.InvariantCulture), e.Time, e.Who, e.Role, e.WhoUnit, e.KindLabel, e.What, e.ChangesText, e.Reason]);
        if (request.Format == AuditExportFormat.Xlsx)
        {
            using var stream = new MemoryStream();
            TableWorkbook.Write(stream, "Nhật ký", Headers, rows);
            return new FileDto("nhat-ky-thay-doi.xlsx", FileDto.Xlsx, stream.ToArray());
        }
        var csv = new StringBuilder().AppendJoin(',', Headers.Select(Csv)).Append('\n');
        foreach (var row in rows) csv.AppendJoin(',', row.Select(Csv)).Append('\n');
        return new FileDto("nhat-ky-thay-doi.csv", "text/csv; charset=utf-8", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())]);
    }

    public async Task<Unit> Handle(RecordSignIn request, CancellationToken ct)
    {
        db.Audit.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime, User = request.UserName.Trim(), Action = request.Outcome.ToString(),
            Entity = AuditWording.SignInEntity, Key = request.UserName.Trim(),
        });
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }

    /// <summary>The entries matching the filter; kind and person narrow the query, unit and year are read from the wording.</summary>
    private async IAsyncEnumerable<AuditEntryDto> ReadAsync(AuditFilter? filter, bool newestFirst, long? beforeId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        filter ??= new AuditFilter();
        var wording = await AuditWording.LoadAsync(db, time, ct);
        var query = db.Audit.AsNoTracking();
        if (filter.Kind is { } kind && AuditWording.EntitiesOf(kind) is { } entities) query = query.Where(a => entities.Contains(a.Entity));
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var users = wording.UsersMatching(filter.Person.Trim());
            query = query.Where(a => users.Contains(a.User));
        }
        if (beforeId is { } b) query = query.Where(a => a.Id < b);
        query = newestFirst ? query.OrderByDescending(a => a.Id) : query.OrderBy(a => a.Id);
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            var entry = wording.Describe(row);
            if (filter.Kind is { } k && entry.Kind != k) continue;
            if (filter.Year is { } y && entry.Year != y) continue;
            if (!string.IsNullOrWhiteSpace(filter.Unit) && !string.Equals(entry.UnitCode, filter.Unit.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            yield return entry;
        }
    }

    /// <summary>Quotes a CSV field; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
    private static string Csv(string? value)
    {
        if (value is null) return "";
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
