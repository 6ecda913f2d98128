using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>Why a survey import is withdrawn.</summary>
public sealed record WithdrawRequest(string Reason);

/// <summary>Survey workbooks (điều tra xã hội học) of a year.</summary>
internal static class SurveysApi
{
    public static void MapSurveysApi(this IEndpointRouteBuilder app)
    {
        var surveys = app.MapGroup("/api").WithTags("Điều tra XHH (surveys)");

        var maxBytes = app.ServiceProvider.GetRequiredService<WorkbookSettings>().Survey.MaxFileBytes;
        surveys.MapPost("/years/{year:int}/surveys", async (int year, HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var upload = await Uploads.ReadWorkbookAsync(request, maxBytes, ct);
                var import = await mediator.Send(new ImportSurvey(user.ToActor(), year, upload.FileName, upload.Content), ct);
                return TypedResults.Created($"/api/years/{year}/surveys", import);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(Uploads.RequestLimit(maxBytes)))
            .WithSummary("Nhập bảng tính điều tra XHH của năm; tệp có lỗi bị từ chối cả tệp (import a survey workbook; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409).ProducesProblem(422);

        surveys.MapGet("/years/{year:int}/surveys", (int year, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListSurveyImports(user.ToActor(), year), ct))
            .WithSummary("Các lần nhập điều tra XHH của năm (list survey imports; office, leadership)")
            .ProducesProblem(403);

        surveys.MapPost("/surveys/{id:int}/withdraw", (int id, WithdrawRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new WithdrawSurvey(user.ToActor(), id, body.Reason), ct))
            .WithSummary("Rút một lần nhập điều tra (vẫn lưu, không dùng nữa), có lý do (withdraw a survey import; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }
}
