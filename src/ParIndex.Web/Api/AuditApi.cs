using System.Security.Claims;
using MediatR;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>The audit log (nhật ký thay đổi): read and exported by the office, in words. Nothing edits or deletes an entry.</summary>
internal static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Nhật ký (audit log)");

        audit.MapGet("/", (string? unit, string? person, int? year, string? kind, int? take, long? beforeId, ClaimsPrincipal principal,
                    IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListAudit(principal.ToActor(), Filter(unit, person, year, kind), take ?? ListAudit.DefaultTake, beforeId), ct))
            .WithSummary("Nhật ký thay đổi, mới nhất trước; lọc theo đơn vị, người, năm, loại (kind); trang bằng beforeId (the audit log; office)")
            .ProducesProblem(400).ProducesProblem(403);

        audit.MapGet("/export", async (string? unit, string? person, int? year, string? kind, string? format, ClaimsPrincipal principal,
                    IMediator mediator, CancellationToken ct) =>
                ResultsApi.Download(await mediator.Send(new ExportAudit(principal.ToActor(), Filter(unit, person, year, kind), Format(format)), ct)))
            .WithSummary("Xuất nhật ký (đã lọc) dạng CSV hoặc xlsx: format=csv|xlsx (export the audit log; office)")
            .Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(403);
    }

    /// <summary>The filter of the query string; an unknown kind is refused, naming the field.</summary>
    public static AuditFilter Filter(string? unit, string? person, int? year, string? kind)
    {
        AuditKind? k = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (!char.IsLetter(kind[0]) || !Enum.TryParse<AuditKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                throw new InvalidRequestException($"Loại (kind) \"{kind}\" không có: dùng một trong {string.Join(", ", Enum.GetNames<AuditKind>())}.");
            k = parsed;
        }
        return new AuditFilter(string.IsNullOrWhiteSpace(unit) ? null : unit.Trim(), string.IsNullOrWhiteSpace(person) ? null : person.Trim(), year, k);
    }

    private static AuditExportFormat Format(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "csv" => AuditExportFormat.Csv,
        "xlsx" => AuditExportFormat.Xlsx,
        _ => throw new InvalidRequestException($"Định dạng (format) \"{format}\" không có: dùng csv hoặc xlsx."),
    };
}
