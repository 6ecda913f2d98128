using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>The council's points for one leaf, with the reason.</summary>
public sealed record AppraisalRequest(decimal Points, string Reason);

/// <summary>Accepting the unit's self-score of one leaf; the reason is optional (it then says the self-score was accepted).</summary>
public sealed record AcceptRequest(string? Reason);

/// <summary>Closing the round's current appraisal with the appraisal council's decision.</summary>
public sealed record CloseAppraisalRequest(string Decision, DateOnly Date);

/// <summary>A unit's explanation of one leaf.</summary>
public sealed record ExplanationRequest(string Text);

/// <summary>Appraisal (thẩm định) and explanations (giải trình) of a unit in a round.</summary>
internal static class AppraisalsApi
{
    public static void MapAppraisalsApi(this IEndpointRouteBuilder app)
    {
        var unit = app.MapGroup("/api/rounds/{roundId:int}/units/{unitCode}").WithTags("Thẩm định, giải trình (appraisal)");

        unit.MapGet("/appraisals", (int roundId, string unitCode, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListAppraisals(user.ToActor(), roundId, unitCode), ct))
            .WithSummary("Điểm thẩm định của một đơn vị trong vòng (a unit's appraisals)")
            .ProducesProblem(403).ProducesProblem(404);

        unit.MapPut("/appraisals/{leafCode}", (int roundId, string unitCode, string leafCode, AppraisalRequest body,
                    ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new RecordAppraisal(user.ToActor(), roundId, unitCode, leafCode, body.Points, body.Reason), ct))
            .WithSummary("Ghi điểm thẩm định một tiêu chí, có lý do; lần 1 hay lần 2 theo giai đoạn của vòng (appraise one leaf; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        unit.MapPost("/appraisals/{leafCode}/accept", (int roundId, string unitCode, string leafCode, AcceptRequest? body,
                    ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new AcceptSelfScore(user.ToActor(), roundId, unitCode, leafCode, body?.Reason), ct))
            .WithSummary("Chấp nhận điểm tự chấm của một tiêu chí làm điểm thẩm định (accept the self-score; the office or the leaf's appraiser)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        var round = app.MapGroup("/api/rounds/{roundId:int}").WithTags("Thẩm định, giải trình (appraisal)");
        round.MapGet("/appraisal-queue", (int roundId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new GetAppraisalQueue(user.ToActor(), roundId), ct))
            .WithSummary("Các tiêu chí được giao thẩm định của mọi đơn vị trong vòng (the appraiser's queue; the office or an appraiser)")
            .ProducesProblem(403).ProducesProblem(404);
        round.MapGet("/appraisal-progress", (int roundId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new GetAppraisalProgress(user.ToActor(), roundId), ct))
            .WithSummary("Tiến độ thẩm định theo đơn vị thẩm định và theo đơn vị (appraisal progress; office)")
            .ProducesProblem(403).ProducesProblem(404);
        round.MapPost("/appraisal-closure", (int roundId, CloseAppraisalRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new CloseAppraisal(user.ToActor(), roundId, body.Decision, body.Date), ct))
            .WithSummary("Chốt kết quả thẩm định lần hiện hành, ghi quyết định của Hội đồng (close the appraisal; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        var maxBytes = app.ServiceProvider.GetRequiredService<WorkbookSettings>().SelfAssessment.MaxFileBytes;
        unit.MapPost("/appraisals/workbook", async (int roundId, string unitCode, HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var upload = await Uploads.ReadWorkbookAsync(request, maxBytes, ct);
                return await mediator.Send(new AppraiseFromWorkbook(user.ToActor(), roundId, unitCode, upload.FileName, upload.Content), ct);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(Uploads.RequestLimit(maxBytes)))
            .WithSummary("Ghi điểm thẩm định từ cột thẩm định của bảng tính, tất cả hoặc không (appraise from a workbook; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        unit.MapGet("/explanations", (int roundId, string unitCode, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListExplanations(user.ToActor(), roundId, unitCode), ct))
            .WithSummary("Giải trình của một đơn vị trong vòng (a unit's explanations)")
            .ProducesProblem(403).ProducesProblem(404);

        unit.MapPut("/explanations/{leafCode}", (int roundId, string unitCode, string leafCode, ExplanationRequest body,
                    ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new RecordExplanation(user.ToActor(), roundId, unitCode, leafCode, body.Text), ct))
            .WithSummary("Ghi giải trình một tiêu chí trong giai đoạn giải trình (explain one leaf; the unit's focal point or the office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }
}
