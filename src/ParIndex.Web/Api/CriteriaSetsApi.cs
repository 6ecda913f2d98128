using System.Security.Claims;
using MediatR;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>Criteria sets (bộ tiêu chí).</summary>
internal static class CriteriaSetsApi
{
    public static void MapCriteriaSetsApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/api/criteria-sets").WithTags("Bộ tiêu chí (criteria sets)");

        sets.MapGet("/", (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListCriteriaSets(user.ToActor()), ct))
            .WithSummary("Danh sách bộ tiêu chí đã nhập (list criteria sets)");

        sets.MapGet("/{year:int}/{group}", async (int year, string group, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                TypedResults.Text(await mediator.Send(new GetCriteriaSetYaml(user.ToActor(), year, group), ct), "application/yaml; charset=utf-8"))
            .WithSummary("Tệp YAML của một bộ tiêu chí (a criteria set's YAML)")
            .ProducesProblem(404);

        sets.MapPut("/{year:int}/{group}", async (int year, string group, HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new ImportCriteriaSet(user.ToActor(), $"{year}/{group}.yaml", await Uploads.ReadTextAsync(request, ct)), ct))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Nhập hoặc thay bộ tiêu chí của một năm và khối; bị từ chối khi năm đã công bố (import a criteria set; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
    }
}
