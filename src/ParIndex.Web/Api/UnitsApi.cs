using System.Security.Claims;
using MediatR;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>Changes to a unit; the reason goes to the audit log.</summary>
public sealed record UpdateUnitRequest(string Name, string Group, bool Ranked, int? From, int? Until, string? Reason);

/// <summary>Units (đơn vị).</summary>
internal static class UnitsApi
{
    public static void MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Đơn vị (units)");

        units.MapGet("/", (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListUnits(user.ToActor()), ct))
            .WithSummary("Danh sách đơn vị: tất cả, hoặc đơn vị của mình với tài khoản đầu mối (list units)");

        units.MapPost("/import", async (HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new ImportUnits(user.ToActor(), await Uploads.ReadTextAsync(request, ct)), ct))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Nhập tệp units.yaml: thêm đơn vị mới, cập nhật đơn vị đã có (import units.yaml; office)")
            .ProducesProblem(400).ProducesProblem(403);

        units.MapPut("/{code}", (string code, UpdateUnitRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new UpdateUnit(user.ToActor(), code, body.Name, body.Group, body.Ranked, body.From, body.Until, body.Reason), ct))
            .WithSummary("Sửa tên, khối, xếp hạng hay năm của một đơn vị, có ghi lý do (update a unit; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
    }
}
