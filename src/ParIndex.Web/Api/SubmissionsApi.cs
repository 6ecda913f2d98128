using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Web.Hosting;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>Self-assessment workbooks: templates, uploads (kept as revisions), downloads.</summary>
internal static class SubmissionsApi
{
    public static void MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Tự đánh giá (self-assessments)");

        api.MapGet("/templates/{year:int}/{unitCode}", async (int year, string unitCode, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                Download(await mediator.Send(new DownloadTemplate(user.ToActor(), year, unitCode), ct)))
            .WithSummary("Tải mẫu bảng tự đánh giá của một đơn vị (download a unit's template)")
            .Produces(200, contentType: FileDto.Xlsx).ProducesProblem(403).ProducesProblem(404);

        var maxBytes = app.ServiceProvider.GetRequiredService<WorkbookSettings>().SelfAssessment.MaxFileBytes;
        api.MapPost("/rounds/{roundId:int}/units/{unitCode}/submissions", (int roundId, string unitCode, HttpRequest request, ClaimsPrincipal user,
                    IMediator mediator, CancellationToken ct) => UploadAsync(roundId, unitCode, request, maxBytes, user, mediator, ct))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(Uploads.RequestLimit(maxBytes)))
            .WithSummary("Nộp bảng tự đánh giá: mỗi lần nộp được lưu; tệp có lỗi bị từ chối (422) và không thay bản hiện hành (upload a self-assessment)")
            .Produces<SubmissionDto>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        api.MapPost("/rounds/{roundId:int}/units/{unitCode}/withdrawal", (int roundId, string unitCode, ClaimsPrincipal user, IMediator mediator,
                    CancellationToken ct) => mediator.Send(new WithdrawSubmission(user.ToActor(), roundId, unitCode), ct))
            .WithSummary("Rút lại bản tự đánh giá đã nộp để sửa, khi giai đoạn tự đánh giá còn hạn (withdraw a submission to edit it)")
            .Produces<SubmissionDto>(200).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/rounds/{roundId:int}/submissions", (int roundId, string? unit, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListSubmissions(user.ToActor(), roundId, unit), ct))
            .WithSummary("Các lần nộp của vòng; tài khoản đầu mối chỉ thấy của đơn vị mình (list submissions)")
            .ProducesProblem(403).ProducesProblem(404);

        api.MapGet("/submissions/{submissionId:int}/file", async (int submissionId, ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                Download(await mediator.Send(new DownloadSubmission(user.ToActor(), submissionId), ct)))
            .WithSummary("Tải tệp đã nộp (download an uploaded workbook)")
            .Produces(200, contentType: FileDto.Xlsx).ProducesProblem(403).ProducesProblem(404);
    }

    /// <summary>
    /// A rejected workbook is kept as a revision (for the record) but answered as 422 with every problem,
    /// so that a script or a form sees at once that nothing changed.
    /// </summary>
    /// <remarks>The form is streamed (see <see cref="Uploads.ReadWorkbookAsync"/>): fields "file" and, optional, "keepAppraisal".</remarks>
    private static async Task<IResult> UploadAsync(int roundId, string unitCode, HttpRequest request, long maxBytes,
        ClaimsPrincipal user, IMediator mediator, CancellationToken ct)
    {
        var upload = await Uploads.ReadWorkbookAsync(request, maxBytes, ct);
        var keepAppraisal = upload.Fields.TryGetValue("keepAppraisal", out var keep) && bool.TryParse(keep.Trim(), out var k) && k;
        var submission = await mediator.Send(new UploadSelfAssessment(user.ToActor(), roundId, unitCode, upload.FileName, upload.Content, keepAppraisal), ct);
        if (submission.Accepted)
            return TypedResults.Created($"/api/submissions/{submission.Id}/file", submission);
        return TypedResults.Problem(
            detail: $"Tệp {submission.FileName} có {submission.Problems.Count(p => p.Severity == Workbooks.Severity.Error)} lỗi: lần nộp {submission.Revision} bị từ chối, bản hiện hành không đổi. Sửa các ô được nêu rồi nộp lại.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: Problems.Title(422),
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = submission.Problems,
                ["submissionId"] = submission.Id,
                ["revision"] = submission.Revision,
            });
    }

    private static FileContentHttpResult Download(FileDto file) => ResultsApi.Download(file);
}
