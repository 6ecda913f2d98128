using ParIndex.Scoring;

namespace ParIndex.Workbooks.Survey;

/// <summary>Every text a person sees in or about a survey workbook (phiếu khảo sát), Vietnamese first.</summary>
public static class SurveyTexts
{
    /// <summary>The default name of the sheet the writer creates.</summary>
    public const string SheetName = "Phiếu";

    /// <summary>Header of the column with the assessed unit's code.</summary>
    public const string UnitColumn = "Mã đơn vị";

    /// <summary>Header of the column with the respondent group (người dân, doanh nghiệp, …).</summary>
    public const string GroupColumn = "Nhóm đối tượng";

    /// <summary>Header of the column with the questionnaire's id.</summary>
    public const string IdColumn = "Mã phiếu";

    internal static string HeaderNotFound(int rows) =>
        $"Không tìm thấy dòng tiêu đề trong {rows} dòng đầu: cần các cột \"{UnitColumn}\", \"{GroupColumn}\", \"{IdColumn}\" và các cột mã câu hỏi (Q01, Q02, …)";

    internal static string MissingColumn(string label, int headerRow) =>
        $"Dòng tiêu đề (dòng {headerRow}) thiếu cột \"{label}\"";

    internal static string NoQuestionColumns(int headerRow) =>
        $"Dòng tiêu đề (dòng {headerRow}) không có cột câu hỏi nào (Q01, Q02, …)";

    internal static string UnknownQuestion(string text, IEnumerable<string> known) =>
        $"Cột \"{text}\" không phải mã câu hỏi nào trong bộ tiêu chí (các mã câu hỏi: {string.Join(", ", known)})";

    internal static string DuplicateColumn(string text, string firstCell) =>
        $"Cột \"{text}\" bị lặp lại (đã có ở ô {firstCell})";

    internal const string BlankUnit = "Thiếu mã đơn vị";

    internal static string UnknownUnit(string unit) =>
        $"Mã đơn vị \"{unit}\" không có trong danh sách đơn vị được đánh giá";

    internal const string BlankId = "Thiếu mã phiếu";

    internal static string DuplicateIdInFile(string id, string unit, int firstRow) =>
        $"Mã phiếu \"{id}\" của đơn vị {unit} bị trùng với dòng {firstRow}";

    internal static string DuplicateIdAboveInFile(string id, string unit) =>
        $"Mã phiếu \"{id}\" của đơn vị {unit} bị trùng với một dòng phía trên trong tệp này";

    internal static string DuplicateIdEarlier(string id, string unit) =>
        $"Mã phiếu \"{id}\" của đơn vị {unit} đã có trong một tệp khảo sát đã đọc trước đó";

    internal static string NumberAnswer(decimal value, string question) =>
        $"Đáp án {Numbers.Vi(value)} ở câu {question} không hợp lệ: đáp án phải là một chữ cái A–E";

    internal static string NotALetter(string question) =>
        $"Đáp án ở câu {question} không hợp lệ: đáp án phải là một chữ cái A–E";

    internal static string InvalidLetter(string text, string question) =>
        $"Đáp án \"{text}\" không hợp lệ ở câu {question} (chỉ nhận A–E)";

    internal static string LetterWithoutShare(char letter, string question, IEnumerable<char> allowed) =>
        $"Đáp án \"{letter}\" không có trong thang điểm của câu {question} (chỉ nhận {string.Join(", ", allowed)})";

    internal static string QuestionNotInUnitSet(string question, string unit, string group) =>
        $"Câu {question} không thuộc bộ tiêu chí của đơn vị {unit} (khối {group}): ô này phải để trống";

    internal static string MoreErrors(int more, int shown) =>
        $"… và {more} lỗi khác trong tệp này (chỉ liệt kê {shown} lỗi đầu tiên)";

    internal static string Unreadable(string detail) =>
        $"Không đọc được tệp như một bảng tính Excel (.xlsx): {detail}";

    internal const string NoSheet = "Tệp không có trang tính nào";

    internal static string BlankRespondentGroup(string unit, IEnumerable<string> groups) =>
        $"Thiếu nhóm đối tượng của phiếu về đơn vị {unit} (bộ tiêu chí tính theo nhóm: {string.Join(", ", groups)})";

    internal static string UnknownRespondentGroup(string text, string unit, IEnumerable<string> groups) =>
        $"Nhóm đối tượng \"{text}\" không có trong bộ tiêu chí của đơn vị {unit} (chỉ nhận {string.Join(", ", groups)})";

    // Aggregated results (kết quả điều tra XHH tổng hợp, <year>/survey-results).
    /// <summary>The criterion code column of an aggregated results sheet.</summary>
    public const string LeafColumn = "Mã tiêu chí";
    /// <summary>The share column (0–100 % of the leaf's maximum).</summary>
    public const string ShareColumn = "Tỷ lệ (%)";
    /// <summary>The points column (at most the leaf's maximum).</summary>
    public const string PointsColumn = "Điểm";
    /// <summary>The optional questionnaires column.</summary>
    public const string CountColumn = "Số phiếu";

    internal static string ResultsHeaderNotFound(int rows) =>
        $"Không tìm thấy dòng tiêu đề trong {rows} dòng đầu: cần các cột \"{UnitColumn}\", \"{LeafColumn}\" và \"{ShareColumn}\" hoặc \"{PointsColumn}\"";

    internal static string ResultsNotASurveyLeaf(string code, string unit) =>
        $"Mã tiêu chí \"{code}\" không phải tiêu chí điều tra XHH trong bộ tiêu chí của đơn vị {unit}";

    internal static string ResultsBadNumber(string column) =>
        $"Cột \"{column}\" phải là một số";

    internal static string ResultsShareOutOfRange(decimal value) =>
        $"Tỷ lệ {Numbers.Vi(value)}% phải từ 0 đến 100";

    internal static string ResultsPointsOverMax(decimal value, decimal max, string code) =>
        $"Điểm {Numbers.Vi(value)} vượt điểm tối đa {Numbers.Vi(max)} của tiêu chí {code}";

    internal static string ResultsBadCount =>
        $"Cột \"{CountColumn}\" phải là một số nguyên không âm";

    internal static string ResultsDuplicate(string unit, string code, string first) =>
        $"Kết quả tiêu chí {code} của đơn vị {unit} bị lặp lại (đã có ở {first})";

    /// <summary>A unit with both questionnaires and aggregated results.</summary>
    public static string ResultsAndQuestionnaires(string unit) =>
        $"Đơn vị {unit} đã có số liệu điều tra XHH từ phiếu khảo sát (thư mục survey) hoặc từ một tệp kết quả tổng hợp khác: điểm điều tra XHH của một đơn vị chỉ lấy từ một nguồn, bỏ một trong hai";
}
