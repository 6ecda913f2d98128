using System.Security.Claims;
using MediatR;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Scoring;

namespace ParIndex.Web.Api;

/// <summary>Opening a round of a year and group, with its deadlines.</summary>
public sealed record OpenRoundRequest(int Year, string Group, DateOnly? SelfAssessmentDeadline = null,
    DateOnly? Appraisal1Deadline = null, DateOnly? ExplanationDeadline = null, DateOnly? Appraisal2Deadline = null);

/// <summary>Moving a round to another stage; reopening a published round needs a reason.</summary>
public sealed record SetStageRequest(RoundStage Stage, string? Reason = null);

/// <summary>Extending one unit's deadline of a door (Submission or Explanation) to the end of a day, with a reason.</summary>
public sealed record ExtensionRequest(ParIndex.Application.StageDoor Door, DateOnly Until, string Reason);

/// <summary>Rounds (vòng đánh giá) and their stages.</summary>
internal static class RoundsApi
{
    public static void MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds").WithTags("Vòng đánh giá (rounds)");

        rounds.MapGet("/", (int? year, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListRounds(user.ToActor(), year), ct))
            .WithSummary("Danh sách vòng đánh giá, có thể lọc theo năm (list rounds)");

        rounds.MapPost("/", async (OpenRoundRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var round = await mediator.Send(new OpenRound(user.ToActor(), body.Year, body.Group, body.SelfAssessmentDeadline,
                    body.Appraisal1Deadline, body.ExplanationDeadline, body.Appraisal2Deadline), ct);
                return TypedResults.Created($"/api/rounds/{round.Id}", round);
            })
            .WithSummary("Mở vòng đánh giá của một năm và khối (open a round; office)")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        rounds.MapPut("/{roundId:int}/stage", (int roundId, SetStageRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new SetRoundStage(user.ToActor(), roundId, body.Stage, body.Reason), ct))
            .WithSummary("Chuyển giai đoạn của vòng; vòng đã công bố chỉ mở lại để đính chính, có lý do (set a round's stage; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        rounds.MapPut("/{roundId:int}/schedule", (int roundId, RoundSchedule body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new SetRoundSchedule(user.ToActor(), roundId, body), ct))
            .WithSummary("Đặt kế hoạch thời gian của vòng: ngày mở và hạn cuối từng giai đoạn, giờ Việt Nam (set a round's schedule; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        rounds.MapPost("/{roundId:int}/units/{unitCode}/extensions", (int roundId, string unitCode, ExtensionRequest body, ClaimsPrincipal user,
                    IMediator mediator, CancellationToken ct) =>
                mediator.Send(new GrantExtension(user.ToActor(), roundId, unitCode, body.Door, body.Until, body.Reason), ct))
            .WithSummary("Gia hạn nộp bảng tự đánh giá hoặc gửi giải trình cho một đơn vị, có lý do (extend a unit's deadline; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        rounds.MapGet("/{roundId:int}/dashboard", (int roundId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new GetRoundDashboard(user.ToActor(), roundId), ct))
            .WithSummary("Bảng theo dõi: tình trạng nộp và thẩm định của từng đơn vị (a round's dashboard; office, leadership)")
            .ProducesProblem(403).ProducesProblem(404);
    }
}
