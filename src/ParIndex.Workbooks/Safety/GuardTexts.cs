namespace ParIndex.Workbooks.Safety;

/// <summary>Why a workbook is refused before it is opened, in Vietnamese, with what the sender can do.</summary>
public static class GuardTexts
{
    private static string Mb(long bytes) => WorkbookLimits.Mb(bytes);

    /// <summary>An empty file.</summary>
    public const string Empty = "Tệp trống (0 byte); hãy chọn đúng tệp bảng tính .xlsx rồi gửi lại";

    /// <summary>A file larger than allowed.</summary>
    public static string FileTooLarge(long bytes, long max) =>
        $"Tệp nặng {Mb(bytes)} MB, vượt giới hạn {Mb(max)} MB; hãy xoá các trang tính, hình ảnh không cần thiết rồi gửi lại";

    /// <summary>An upload stopped as soon as it passed the limit (its whole size is not known).</summary>
    public static string FileTooLargeWhileReading(long atLeast, long max) =>
        $"Tệp nặng hơn {Mb(max)} MB, vượt giới hạn; hãy xoá các trang tính, hình ảnh không cần thiết rồi gửi lại";

    /// <summary>Not a zip at all.</summary>
    public const string NotAZip = "Tệp không phải bảng tính Excel dạng .xlsx; hãy mở tệp bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"";

    /// <summary>A zip that is no workbook (no content types part).</summary>
    public const string NotAWorkbookZip = "Tệp là một tệp nén nhưng không phải bảng tính Excel (.xlsx); hãy mở bảng tính bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"";

    /// <summary>A zip without its end (cut short in a download or a copy).</summary>
    public const string Truncated = "Tệp không trọn vẹn (có thể tải về hoặc sao chép chưa xong); hãy lưu lại tệp từ Excel rồi gửi lại";

    /// <summary>A zip whose structure is broken.</summary>
    public const string Corrupt = "Tệp bị hỏng: cấu trúc nén bên trong không đọc được; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại";

    /// <summary>A password-protected (encrypted) workbook.</summary>
    public const string Encrypted = "Tệp được đặt mật khẩu mở (mã hoá) nên phần mềm không đọc được; hãy bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại";

    /// <summary>An Excel 97–2003 workbook.</summary>
    public const string LegacyXls = "Tệp là bảng tính Excel 97–2003 (.xls); phần mềm chỉ nhận .xlsx: hãy mở bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"";

    /// <summary>A macro-enabled workbook.</summary>
    public const string Macro = "Tệp có chứa macro (.xlsm); phần mềm không nhận tệp có macro: hãy lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"";

    /// <summary>More parts than any workbook has.</summary>
    public static string TooManyEntries(long count, int max) =>
        $"Tệp chứa {(count > max ? "hơn " + max : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} phần nén bên trong, vượt giới hạn {max}; đây không phải một bảng tính bình thường";

    /// <summary>One part inflates beyond the limit.</summary>
    public static string EntryTooLarge(string part, long bytes, long max) =>
        $"Phần {part} của tệp khi giải nén lớn hơn {Mb(max)} MB (giới hạn cho một phần); tệp không được mở để tránh làm treo phần mềm";

    /// <summary>All parts together inflate beyond the limit.</summary>
    public static string TotalTooLarge(long bytes, long max) =>
        $"Tệp khi giải nén lớn hơn {Mb(max)} MB (giới hạn cho cả tệp); tệp không được mở để tránh làm treo phần mềm";

    /// <summary>A part compressed far more than a real sheet (a zip bomb).</summary>
    public static string Ratio(string part, int ratio) =>
        $"Phần {part} của tệp có tỷ lệ nén hơn {ratio}:1, bất thường với một bảng tính (có thể là \"bom nén\"); tệp không được mở";

    /// <summary>A part that inflates to more than the central directory declares.</summary>
    public static string LyingSize(string part, long declared) =>
        $"Phần {part} của tệp giải nén ra nhiều hơn kích thước ghi trong tệp ({declared} byte); tệp bị hỏng hoặc bị làm giả nên không được mở";

    /// <summary>An XML part with a DTD (entities: XXE, billion laughs).</summary>
    public static string Dtd(string part) =>
        $"Phần {part} của tệp có khai báo DTD hoặc thực thể (<!DOCTYPE>, <!ENTITY>), điều bảng tính Excel không có; tệp không được mở";

    /// <summary>An XML part that is not XML.</summary>
    public static string BadXml(string part) =>
        $"Phần {part} của tệp không phải XML hợp lệ; tệp bị hỏng: hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại";
}
