using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>Evidence files (tài liệu kiểm chứng) per leaf, as practice.md §5 names the routes.</summary>
internal static class EvidenceApi
{
    public static void MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var tag = "Tài liệu kiểm chứng (evidence files)";
        var unit = app.MapGroup("/api/rounds/{roundId:int}/units/{unitCode}/evidence").WithTags(tag);
        var maxBytes = app.ServiceProvider.GetRequiredService<EvidenceSettings>().MaxFileBytes;

        unit.MapPost("/{leafCode}", async (int roundId, string unitCode, string leafCode, HttpRequest request, ClaimsPrincipal user,
                IMediator mediator, CancellationToken ct) =>
            {
                // Streamed, and refused as soon as it passes the limit: an oversized file is never read whole.
                var upload = await Uploads.ReadFileAsync(request, maxBytes,
                    (_, max) => $"tệp nặng hơn {WorkbookLimits.Mb(max)} MB, vượt giới hạn một tệp tài liệu kiểm chứng; hãy quét lại với độ phân giải thấp hơn hoặc tách thành nhiều tệp", ct);
                var file = await mediator.Send(new UploadEvidence(user.ToActor(), roundId, unitCode, leafCode, upload.FileName, upload.Content), ct);
                return TypedResults.Created($"/api/evidence/{file.Id}", file);
            })
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(Uploads.RequestLimit(maxBytes)))
            .WithSummary("Đính kèm tài liệu kiểm chứng cho một tiêu chí: PDF, PNG/JPEG, DOCX, XLSX theo nội dung tệp (attach an evidence file; multipart field \"file\")")
            .Produces<EvidenceDto>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        unit.MapGet("", (int roundId, string unitCode, int? submissionId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListEvidence(user.ToActor(), roundId, unitCode, submissionId), ct))
            .WithSummary("Tài liệu kiểm chứng của đơn vị: của lần nộp tới, hoặc đã chốt cùng lần nộp submissionId (list evidence files)")
            .Produces<IReadOnlyList<EvidenceDto>>(200).ProducesProblem(403).ProducesProblem(404);

        var one = app.MapGroup("/api/evidence").WithTags(tag);
        one.MapGet("/{id:int}", async (int id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                ResultsApi.Download(await mediator.Send(new DownloadEvidence(user.ToActor(), id), ct)))
            .WithSummary("Tải một tài liệu kiểm chứng (download an evidence file)")
            .Produces(200, contentType: "application/octet-stream").ProducesProblem(404);

        one.MapDelete("/{id:int}", (int id, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new DeleteEvidence(user.ToActor(), id), ct))
            .WithSummary("Gỡ một tài liệu kiểm chứng chưa nộp, khi giai đoạn còn mở (drop an evidence file)")
            .Produces<EvidenceDto>(200).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }
}
