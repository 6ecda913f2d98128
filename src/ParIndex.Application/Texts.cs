namespace ParIndex.Application;

/// <summary>Every text of the batch pipeline that a person reads, Vietnamese first.</summary>
internal static class Texts
{
    public static string NoCriteriaSet(int year, string group) =>
        $"Không có bộ tiêu chí năm {year} cho khối {group} (cần tệp scoring-criteria/{year}/{group}.yaml)";

    public static string StrayWorkbook(int year) =>
        $"Tệp không ứng với đơn vị nào được đánh giá năm {year} trong units.yaml (tên tệp phải là <mã đơn vị>.xlsx)";
}
