namespace ParIndex.Application;

/// <summary>Every text of the batch pipeline that a person reads, Vietnamese first.</summary>
internal static class Texts
{
    public const string AppraisalIgnored =
        "Các cột Điểm thẩm định và Lý do thẩm định do Hội đồng thẩm định nhập; giá trị đơn vị điền trong tệp không được dùng.";

    public static string WorkbookRefused(string fileName) =>
        $"Tệp {fileName} không được mở vì lý do an toàn hoặc không phải bảng tính .xlsx; chưa lưu gì.";

    public static string Stage(Scoring.RoundStage stage) => Scoring.Labels.Lower(Scoring.Labels.Vi(stage));

    public static string NoCriteriaSet(int year, string group) =>
        $"Không có bộ tiêu chí năm {year} cho {Scoring.Labels.Lower(Scoring.Labels.Group(group, Scoring.Labels.Vietnamese))} (cần tệp scoring-criteria/{year}/{group}.yaml)";

    public static string StrayWorkbook(int year) =>
        $"Tệp không ứng với đơn vị nào được đánh giá năm {year} trong units.yaml (tên tệp phải là <mã đơn vị>.xlsx)";
}
