using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;
using ParIndex.Workbooks;

namespace ParIndex.Web.Hosting;

/// <summary>Every error answered as ProblemDetails (RFC 9457), titled in Vietnamese.</summary>
internal static class Problems
{
    public static IServiceCollection AddParIndexProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Bodiless statuses (a challenge, a forbidden policy, an unknown route) get the same Vietnamese wording.
            if (c.ProblemDetails.Detail is null && c.ProblemDetails.Status is { } status && DefaultDetail(status) is { } detail)
            {
                c.ProblemDetails.Title = Title(status);
                c.ProblemDetails.Detail = detail;
            }
        });
        services.AddExceptionHandler<ExceptionToProblem>();
        // A body that does not bind (a stage 99, a misspelt name) reaches the handler below, which names the field,
        // instead of a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Stages travel as words ("SelfAssessment"); only the domain's values are read (DefinedEnumConverter).
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new DefinedEnumConverterFactory()));
        return services;
    }

    /// <summary>One problem of a rejected workbook, as the "problems" extension lists it.</summary>
    public sealed record WorkbookProblemDto(string File, string? Sheet, string? Cell, string Message, Severity Severity);

    /// <summary>The title for each status the service answers with.</summary>
    public static string Title(int status) => status switch
    {
        400 => "Yêu cầu không hợp lệ",
        401 => "Chưa đăng nhập hoặc đăng nhập không thành công",
        403 => "Không có quyền",
        404 => "Không tìm thấy",
        405 => "Phương thức không được hỗ trợ",
        409 => "Xung đột với trạng thái hiện tại",
        422 => "Tệp bảng tính có lỗi",
        _ => status >= 500 ? "Lỗi máy chủ" : "Lỗi",
    };

    private static string? DefaultDetail(int status) => status switch
    {
        401 => "Vui lòng đăng nhập (POST /api/auth/login).",
        403 => "Tài khoản của bạn không được thực hiện thao tác này.",
        404 => "Không có địa chỉ hay dữ liệu được yêu cầu.",
        405 => "Địa chỉ này không nhận phương thức HTTP đó.",
        _ => null,
    };

    public static WorkbookProblemDto Dto(WorkbookProblem p) => new(p.File, p.Sheet, p.Cell, p.Message, p.Severity);
}

/// <summary>Maps the application's exceptions to statuses; anything else is a 500 that shows nothing of the inside.</summary>
internal sealed class ExceptionToProblem(IProblemDetailsService problems, ILogger<ExceptionToProblem> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Refusal.Of(exception) is { } refusal ? Problem(refusal)
            : exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } path } json } bad
                ? Problem(bad.StatusCode, $"Trường \"{Field(path)}\": {json.Message}", ("errors", new[] { $"{Field(path)}: {json.Message}" }))
            : exception is BadHttpRequestException e ? Problem(e.StatusCode, "Yêu cầu không đọc được (sai định dạng hoặc thiếu dữ liệu).")
            : null;
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problem(500, "Máy chủ gặp lỗi không mong muốn. Vui lòng thử lại; nếu lỗi lặp lại, báo cho quản trị hệ thống kèm mã truy vết.");
        }
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>A json path as a field name: "$.stage" → "stage".</summary>
    private static string Field(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>The application's refusal, worded as the pages and the command line word it.</summary>
    private static ProblemDetails Problem(Refusal refusal) => refusal.Status switch
    {
        Refusal.Invalid => Problem(refusal.Status, refusal.Message, ("errors", refusal.Errors)),
        Refusal.WorkbookRejected => Problem(refusal.Status, refusal.Message, ("problems", refusal.Problems.Select(Problems.Dto).ToList())),
        _ => Problem(refusal.Status, refusal.Message),
    };

    private static ProblemDetails Problem(int status, string detail, params (string Key, object Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = Problems.Title(status), Detail = detail };
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }
}
