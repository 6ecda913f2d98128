namespace ParIndex.Application;

/// <summary>Every text of the batch pipeline that a person reads, Vietnamese first.</summary>
internal static class Texts
{
    public const string AppraisalIgnored =
        "Các cột Điểm thẩm định và Lý do thẩm định do Hội đồng thẩm định nhập; giá trị đơn vị điền trong tệp không được dùng.";

    public static string WorkbookRefused(string fileName) =>
        $"Tệp {fileName} không được mở vì lý do an toàn hoặc không phải bảng tính .xlsx; chưa lưu gì.";

    public static string Stage(Data.RoundStage stage) => stage switch
    {
        Data.RoundStage.Open => "mở",
        Data.RoundStage.SelfAssessment => "tự đánh giá",
        Data.RoundStage.Appraisal1 => "thẩm định lần 1",
        Data.RoundStage.Explanation => "giải trình",
        Data.RoundStage.Appraisal2 => "thẩm định lần 2",
        Data.RoundStage.Published => "đã công bố",
        _ => stage.ToString(),
    };

    public static string NoCriteriaSet(int year, string group) =>
        $"Không có bộ tiêu chí năm {year} cho khối {group} (cần tệp scoring-criteria/{year}/{group}.yaml)";

    public static string StrayWorkbook(int year) =>
        $"Tệp không ứng với đơn vị nào được đánh giá năm {year} trong units.yaml (tên tệp phải là <mã đơn vị>.xlsx)";
}
