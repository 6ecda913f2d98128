using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Web.Hosting;

namespace ParIndex.Web.Api;

/// <summary>Publishing a year: the decision and its date; a correction of an earlier publication needs a reason.</summary>
public sealed record PublishRequest(string Decision, DateOnly Date, string? CorrectionReason = null);

/// <summary>Whether a publication recomputes to the identical json.</summary>
public sealed record VerifyDto(int Year, int Number, bool Identical);

/// <summary>Computing, publishing (công bố) and the exports of a year.</summary>
internal static class ResultsApi
{
    public static void MapResultsApi(this IEndpointRouteBuilder app)
    {
        var year = app.MapGroup("/api/years/{year:int}").WithTags("Kết quả, công bố (results)");

        year.MapPost("/compute", (int year, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ComputeRanking(user.ToActor(), year), ct))
            .WithSummary("Tính chỉ số của năm từ dữ liệu đã lưu (compute a year; office)")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        year.MapPost("/publications", async (int year, PublishRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var published = await mediator.Send(new PublishRanking(user.ToActor(), year, body.Decision, body.Date, body.CorrectionReason), ct);
                return TypedResults.Created($"/api/years/{year}/ranking.json?publication={published.PublicationNumber}", published);
            })
            .WithSummary("Công bố kết quả của năm; công bố lại là đính chính, phải có lý do (publish a year; office)")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        year.MapGet("/publications", (int year, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListPublications(user.ToActor(), year), ct))
            .WithSummary("Các lần công bố của năm (list a year's publications)");

        year.MapGet("/publications/{number:int}/verify", async (int year, int number, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(new VerifyDto(year, number, await mediator.Send(new VerifyPublication(user.ToActor(), year, number), ct))))
            .WithSummary("Tính lại một lần công bố và so sánh với bản đã công bố (verify a publication)")
            .ProducesProblem(403).ProducesProblem(404);

        // The gate runs on every request (a refusal is never a 304); an unchanged document answers 304 to its ETag.
        // "private, no-cache": only the caller's own browser keeps it, and asks again each time.
        year.MapGet("/ranking.json", async (int year, int? publication, HttpContext http, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
            {
                var document = await mediator.Send(new GetRankingBytes(user.ToActor(), year, publication), ct);
                // Every browser accepts gzip: the document's compressed bytes are made once per stored record, not per request.
                return Compressed.Result(http, document.Bytes, "application/json; charset=utf-8", "private, no-cache");
            })
            .Produces<string>(200, "application/json").Produces(304)
            .WithSummary("Bảng xếp hạng dạng JSON: bản công bố, hoặc bản tính mới nhất với Phòng CCHC (the ranking json)")
            .ProducesProblem(403).ProducesProblem(404);

        year.MapGet("/ranking.xlsx", async (int year, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                Download(await mediator.Send(new GetRankingWorkbook(user.ToActor(), year), ct)))
            .WithSummary("Bảng xếp hạng dạng bảng tính (the ranking workbook; office, leadership)")
            .Produces(200, contentType: FileDto.Xlsx).ProducesProblem(403).ProducesProblem(404);

        year.MapGet("/scorecards/{unitCode}", async (int year, string unitCode, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                Download(await mediator.Send(new GetScorecard(user.ToActor(), year, unitCode), ct)))
            .WithSummary("Phiếu điểm của một đơn vị (a unit's scorecard)")
            .Produces(200, contentType: FileDto.Xlsx).ProducesProblem(403).ProducesProblem(404);
    }

    internal static FileContentHttpResult Download(FileDto file) => TypedResults.File(file.Content, file.ContentType, file.FileName);
}
