using System.Security.Claims;
using MediatR;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>The audit log (nhật ký thay đổi): read and exported by the office.</summary>
internal static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Nhật ký (audit log)");

        audit.MapGet("/", (string? entity, string? user, int? take, long? beforeId, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListAudit(principal.ToActor(), entity, user, take ?? 200, beforeId), ct))
            .WithSummary("Nhật ký thay đổi, mới nhất trước; lọc theo đối tượng, người; trang bằng beforeId (the audit log; office)")
            .ProducesProblem(403);

        audit.MapGet("/export", async (ClaimsPrincipal principal, IMediator mediator, CancellationToken ct) =>
                ResultsApi.Download(await mediator.Send(new ExportAudit(principal.ToActor()), ct)))
            .WithSummary("Xuất toàn bộ nhật ký dạng CSV (export the audit log; office)")
            .Produces(200, contentType: "text/csv").ProducesProblem(403);
    }
}
