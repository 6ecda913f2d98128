using Microsoft.OpenApi;

namespace ParIndex.Web.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json (readable by signed-in users only, like the rest of the API).</summary>
internal static class OpenApi
{
    public static IServiceCollection AddParIndexOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ParIndex — Chỉ số cải cách hành chính cấp tỉnh (PAR Index API)",
                Version = "v1",
                Description =
                    "API của hệ thống chấm điểm Chỉ số CCHC: đơn vị, bộ tiêu chí, vòng đánh giá, tự đánh giá, thẩm định, công bố, nhật ký. " +
                    "Đăng nhập tại /api/auth/login (cookie cho trình duyệt, bearer token cho script); lỗi trả về dạng ProblemDetails.\n\n" +
                    "The API of the provincial administrative-reform index: units, criteria sets, rounds, self-assessments, appraisal, " +
                    "publication, audit log. Sign in at /api/auth/login (a cookie for browsers, a bearer token for scripts); errors are ProblemDetails.",
            };
            return Task.CompletedTask;
        }));
}
