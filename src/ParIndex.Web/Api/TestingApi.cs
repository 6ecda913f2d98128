using ParIndex.Application;
using ParIndex.Workbooks;

namespace ParIndex.Web.Api;

/// <summary>
/// Mapped only in the Testing environment: throws each kind of error so that tests can check how it is answered.
/// </summary>
internal static class TestingApi
{
    public static void MapTestingApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/testing/throw/{kind}", (string kind) => kind switch
            {
                "not-found" => throw new NotFoundException("Không có vòng đánh giá số 99."),
                "forbidden" => throw new ForbiddenException("Không được xem dữ liệu của đơn vị khác."),
                "conflict" => throw new ConflictException("Vòng đánh giá đã công bố."),
                "invalid" => throw new InvalidRequestException("Yêu cầu có lỗi.", ["Thiếu năm.", "Khối không hợp lệ."]),
                "workbook" => throw new WorkbookRejectedException("Tệp có lỗi.",
                    [new WorkbookProblem("H-HL.xlsx", "Tự đánh giá", "F23", "Điểm vượt điểm tối đa."),
                     new WorkbookProblem("H-HL.xlsx", "Tự đánh giá", "F24", "Điểm tự chấm khác điểm tính.", Severity.Warning)]),
                "crash" => throw new InvalidOperationException("secret internal detail: Host=db;Password=hunter2"),
                _ => Results.Ok(),
            })
            .ExcludeFromDescription();
}
