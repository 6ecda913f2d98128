using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>Published annexes (phụ lục kết quả đã công bố) imported as a year's baseline (practice.md §3).</summary>
internal static class BaselinesApi
{
    public static void MapBaselinesApi(this IEndpointRouteBuilder app)
    {
        var baselines = app.MapGroup("/api").WithTags("Phụ lục đã công bố (baselines)");

        var maxBytes = app.ServiceProvider.GetRequiredService<WorkbookSettings>().SelfAssessment.MaxFileBytes;
        baselines.MapPost("/years/{year:int}/baselines/{group}", async (int year, string group, HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var upload = await Uploads.ReadWorkbookAsync(request, maxBytes, ct);
                var done = await mediator.Send(new ImportBaseline(user.ToActor(), year, group, upload.FileName, upload.Content), ct);
                return TypedResults.Created($"/api/baselines", done);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(Uploads.RequestLimit(maxBytes)))
            .WithSummary("Nhập phụ lục kết quả đã công bố của năm làm kết quả năm trước của năm sau; phụ lục có lỗi bị từ chối cả tệp (import a published annex as a baseline; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);

        baselines.MapGet("/baselines", (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListBaselines(user.ToActor()), ct))
            .WithSummary("Các phụ lục đã công bố đã nhập (list imported annexes; office, leadership)")
            .ProducesProblem(403);
    }
}
