using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Published;

/// <summary>A published annex read: every unit's result and the group's summary when it had no error, and every problem.</summary>
/// <param name="Results">The units' results, marked as coming from the annex; empty when any row failed.</param>
/// <param name="Summary">Ranked units, mean index and class counts; null when any row failed.</param>
/// <param name="Problems">Every problem, each located (file, sheet, cell).</param>
public sealed record AnnexRead(IReadOnlyList<PublishedResult> Results, GroupSummary? Summary, IReadOnlyList<WorkbookProblem> Problems)
{
    /// <summary>True when the annex can be used as a baseline.</summary>
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Reads the annex a province published with its ranking decision (phụ lục kết quả Chỉ số CCHC), whatever its
/// layout: the first sheet with a header row, found by text, holding <c>Mã đơn vị</c> or <c>Đơn vị</c>, and
/// <c>Chỉ số</c> or <c>Tổng điểm</c> with <c>Điểm tối đa</c>; optionally <c>Hạng</c>, <c>Xếp loại</c> and one
/// column per area code. Rows are matched to units by code, else by name ignoring case, Unicode composition
/// (NFC/NFD) and the prefix «UBND». Every unmatched row and every unit without a row is an error; an annex
/// with any error gives nothing (practice.md §3).
/// </summary>
public static class AnnexReader
{
    /// <summary>The header row is looked for in this many rows at the top of the sheet.</summary>
    public const int HeaderSearchRows = 30;

    static AnnexReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads an annex as the published result of <paramref name="group"/>.</summary>
    /// <param name="input">The workbook (seekable stream).</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <param name="group">The ranking group the annex publishes.</param>
    /// <param name="units">The group's units assessed in the annex's year: each must have exactly one row.</param>
    /// <param name="set">The group's criteria set of that year, when known: gives the area maxima (area columns are
    /// read as points) and the classification when the annex has no «Xếp loại»; null reads no areas.</param>
    /// <param name="decimals">Places an index computed from points and maximum is rounded to.</param>
    public static AnnexRead Read(Stream input, string fileName, string group, IReadOnlyList<Unit> units, CriteriaSet? set, int decimals = 2)
    {
        var problems = new List<WorkbookProblem>();
        string? sheet = null;
        void Error(string? cell, string message) => problems.Add(new WorkbookProblem(fileName, sheet, cell, message));

        var byCode = units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var byName = units.GroupBy(u => NameKey(u.Name)).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, (decimal Index, int? Rank, string? Class, Dictionary<string, decimal> Areas, string Cell)>(StringComparer.Ordinal);
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(input, new ExcelReaderConfiguration { LeaveOpen = true });
            sheet = reader.Name;
            Columns? cols = null;
            var row = 0;
            while (reader.Read())
            {
                row++;
                if (cols is null)
                {
                    cols = Columns.Find(reader, set);
                    if (cols is null && row >= HeaderSearchRows) break;
                    continue;
                }
                string Cell(int col) => Survey.SurveyAccumulator.ColumnLetters(col) + row;
                var code = cols.Code >= 0 ? Text(Value(reader, cols.Code)) : null;
                var name = cols.Name >= 0 ? Text(Value(reader, cols.Name)) : null;
                var indexValue = cols.Index >= 0 ? Value(reader, cols.Index) : null;
                if (code is null && name is null)
                    continue; // blank lines, sub-headings without a unit

                Unit? unit = null;
                var where = Cell(code is not null ? cols.Code : cols.Name);
                if (code is not null)
                {
                    if (!byCode.TryGetValue(code, out unit)) { Error(where, AnnexTexts.UnknownCode(code, group)); continue; }
                }
                else if (byName.TryGetValue(NameKey(name!), out var named))
                {
                    if (named.Count > 1) { Error(where, AnnexTexts.AmbiguousName(name!, named.Select(u => u.Code))); continue; }
                    unit = named[0];
                }
                else
                {
                    // A row without a unit's name is a heading or a total line («Bình quân», «Tổng cộng»).
                    if (IsBlank(indexValue) && (cols.Points < 0 || IsBlank(Value(reader, cols.Points)))) continue;
                    Error(where, AnnexTexts.UnknownName(name!, group));
                    continue;
                }

                seen.Add(unit.Code); // a row with a bad value is reported for its cell, not as a missing row as well
                decimal index;
                if (cols.Index >= 0)
                {
                    if (Number(indexValue) is not { } i || i < 0 || i > 100) { Error(Cell(cols.Index), AnnexTexts.BadIndex(Text(indexValue))); continue; }
                    index = Numbers.Round(i, decimals);
                }
                else
                {
                    var points = Number(Value(reader, cols.Points));
                    var max = Number(Value(reader, cols.Max));
                    if (points is null || points < 0) { Error(Cell(cols.Points), AnnexTexts.BadNumber(AnnexTexts.Points, Text(Value(reader, cols.Points)))); continue; }
                    if (max is null || max <= 0 || points > max) { Error(Cell(cols.Max), AnnexTexts.BadMax(Text(Value(reader, cols.Max)), points.Value)); continue; }
                    index = Numbers.Round(points.Value / max.Value * 100m, decimals);
                }

                int? rank = null;
                if (cols.Rank >= 0 && Value(reader, cols.Rank) is var rankValue && !IsBlank(rankValue))
                {
                    if (Number(rankValue) is not { } r || r < 1 || r != decimal.Truncate(r)) { Error(Cell(cols.Rank), AnnexTexts.BadRank(Text(rankValue))); continue; }
                    rank = (int)r;
                }
                var cls = cols.Class >= 0 ? Text(Value(reader, cols.Class)) : null;
                var areas = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var (areaCode, col) in cols.Areas)
                    if (Number(Value(reader, col)) is { } p) areas[areaCode] = p;

                if (rows.TryGetValue(unit.Code, out var first)) { Error(where, AnnexTexts.DuplicateUnit(unit.Code, first.Cell)); continue; }
                rows[unit.Code] = (index, rank, cls, areas, where);
            }
            if (cols is null) Error(null, AnnexTexts.HeaderNotFound(HeaderSearchRows));
            else
                foreach (var unit in units.Where(u => !seen.Contains(u.Code)).OrderBy(u => u.Code, StringComparer.Ordinal))
                    Error(null, AnnexTexts.UnitWithoutRow(unit.Code, unit.Name));
        }
        catch (Exception ex) when (ex is ExcelReaderException or InvalidDataException or System.Xml.XmlException
                                       or NotSupportedException or IOException)
        {
            Error(null, AnnexTexts.Unreadable(ex.Message));
        }
        if (problems.Count > 0) return new AnnexRead([], null, problems);

        // An annex without «Hạng» is ranked from its indices (competition), as published tables are.
        var ordered = rows.OrderByDescending(r => r.Value.Index).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var places = Ranking.Places(ordered.Select(r => r.Value.Index).ToList(), set?.Ranking.Method ?? RankingMethod.Competition);
        var results = ordered.Select((r, i) =>
        {
            var cls = r.Value.Class ?? (set is null ? null : Ranking.Classify(set.Classification, r.Value.Index));
            var areas = (set?.Areas() ?? []).Where(a => r.Value.Areas.ContainsKey(a.Code)).ToDictionary(
                a => a.Code,
                a => new PublishedArea(a.Code, a.Title, a.Max!.Value,
                    a.Max == 0 ? null : Numbers.Round(r.Value.Areas[a.Code] / a.Max!.Value * 100m, decimals)));
            return new PublishedResult(r.Key, group, UnitStatus.Ranked, r.Value.Index, r.Value.Rank ?? places[i], cls, areas)
            {
                Source = PreviousSource.Annex,
            };
        }).ToList();

        var labels = set?.Classification.OrderByDescending(c => c.Min).Select(c => c.Label).ToList()
            ?? results.Select(r => r.Class).OfType<string>().Distinct().ToList();
        var summary = new GroupSummary(results.Count, Numbers.Round(results.Average(r => r.Index!.Value), decimals), null,
            labels.Select(l => KeyValuePair.Create(l, results.Count(r => r.Class == l))).ToList(), null, 0, 0, 0, null, null);
        return new AnnexRead(results, summary, []);
    }

    /// <summary>A unit's name as annexes are matched: composed (NFC), lower case, single spaces, without «UBND».</summary>
    public static string NameKey(string name)
    {
        var text = string.Join(' ', name.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.StartsWith("ubnd ", StringComparison.Ordinal) ? text[5..] : text;
    }

    /// <summary>The located columns of an annex's header row.</summary>
    private sealed record Columns(int Code, int Name, int Index, int Points, int Max, int Rank, int Class, IReadOnlyList<(string Area, int Col)> Areas)
    {
        public static Columns? Find(IExcelDataReader reader, CriteriaSet? set)
        {
            int code = -1, name = -1, index = -1, points = -1, max = -1, rank = -1, cls = -1;
            var areas = new List<(string, int)>();
            var areaCodes = set?.Areas().Select(a => a.Code).ToHashSet(StringComparer.Ordinal) ?? [];
            for (var c = 0; c < reader.FieldCount; c++)
            {
                if (Text(reader.GetValue(c)) is not { } raw) continue;
                var label = RuleScoring.NormaliseLabel(raw);
                if (label == "mã đơn vị" && code < 0) code = c;
                else if (label is "đơn vị" or "tên đơn vị" && name < 0) name = c;
                else if ((label is "chỉ số" or "chỉ số cchc" || label.StartsWith("chỉ số (", StringComparison.Ordinal)
                          || label.StartsWith("chỉ số cchc (", StringComparison.Ordinal)) && index < 0) index = c;
                else if ((label == "tổng điểm" || label.StartsWith("tổng điểm (", StringComparison.Ordinal)) && points < 0) points = c;
                else if ((label == "điểm tối đa" || label.StartsWith("điểm tối đa ", StringComparison.Ordinal)) && max < 0) max = c;
                else if (label is "hạng" or "xếp hạng" or "thứ hạng" && rank < 0) rank = c;
                else if (label == "xếp loại" && cls < 0) cls = c;
                else if (AreaOf(raw, areaCodes) is { } area && areas.All(a => a.Item1 != area)) areas.Add((area, c));
            }
            var hasUnit = code >= 0 || name >= 0;
            var hasIndex = index >= 0 || (points >= 0 && max >= 0);
            return hasUnit && hasIndex ? new Columns(code, name, index, points, max, rank, cls, areas) : null;
        }

        /// <summary>"1", "1." or "1. Công tác chỉ đạo… (10)" for an area of the set.</summary>
        private static string? AreaOf(string header, HashSet<string> codes)
        {
            var text = header.Trim();
            var end = text.IndexOfAny([' ', '.']);
            var head = end < 0 ? text : text[..end];
            return codes.Contains(head) ? head : null;
        }
    }

    private static object? Value(IExcelDataReader reader, int column) =>
        column >= 0 && column < reader.FieldCount ? reader.GetValue(column) : null;

    private static bool IsBlank(object? value) => value is null or DBNull || value is string s && string.IsNullOrWhiteSpace(s);

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => Numbers.FromDouble(d).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim(),
    };

    /// <summary>A number cell, or a number typed as text with a decimal comma (77,9) or point; null otherwise.</summary>
    private static decimal? Number(object? value) => value switch
    {
        double d when double.IsFinite(d) && Math.Abs(d) < 1e15 => Numbers.FromDouble(d),
        string s when decimal.TryParse(s.Trim().TrimEnd('%').Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}

/// <summary>The annex reader's messages, in Vietnamese.</summary>
internal static class AnnexTexts
{
    public const string Points = "Tổng điểm";

    public static string HeaderNotFound(int rows) =>
        $"Không tìm thấy dòng tiêu đề của phụ lục trong {rows} dòng đầu: cần cột \"Mã đơn vị\" hoặc \"Đơn vị\", và cột \"Chỉ số\" hoặc hai cột \"Tổng điểm\" và \"Điểm tối đa\"";

    public static string UnknownCode(string code, string group) =>
        $"Mã đơn vị \"{code}\" không khớp đơn vị nào của {Export.ExportTexts.GroupLabel(group)} trong năm của phụ lục";

    public static string UnknownName(string name, string group) =>
        $"Tên đơn vị \"{name}\" không khớp đơn vị nào của {Export.ExportTexts.GroupLabel(group)} trong năm của phụ lục (so theo tên, không phân biệt hoa thường và tiền tố «UBND»)";

    public static string AmbiguousName(string name, IEnumerable<string> codes) =>
        $"Tên đơn vị \"{name}\" khớp nhiều đơn vị ({string.Join(", ", codes)}): thêm cột \"Mã đơn vị\"";

    public static string BadIndex(string? text) => $"Chỉ số \"{text}\" không hợp lệ: cần một số từ 0 đến 100";

    public static string BadNumber(string column, string? text) => $"{column} \"{text}\" không hợp lệ: cần một số không âm";

    public static string BadMax(string? text, decimal points) =>
        $"Điểm tối đa \"{text}\" không hợp lệ: cần một số lớn hơn 0 và không nhỏ hơn tổng điểm {Numbers.Vi(points)}";

    public static string BadRank(string? text) => $"Hạng \"{text}\" không hợp lệ: cần một số nguyên từ 1";

    public static string DuplicateUnit(string code, string first) => $"Đơn vị {code} có hai dòng trong phụ lục (dòng trước ở ô {first})";

    public static string UnitWithoutRow(string code, string name) => $"Đơn vị {code} ({name}) không có dòng nào trong phụ lục";

    public static string Unreadable(string detail) => $"Không đọc được tệp phụ lục như một bảng tính Excel (.xlsx): {detail}";
}
