using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Survey;

/// <summary>One unit's aggregated survey results as read, with the cell of its first row (for a conflict's message).</summary>
/// <param name="UnitCode">The unit.</param>
/// <param name="Leaves">Per survey leaf code, the share of its maximum and the questionnaires behind it.</param>
/// <param name="FirstCell">Where the unit's first row is: file, sheet and cell.</param>
public sealed record AggregatedUnit(string UnitCode, IReadOnlyDictionary<string, AggregatedLeaf> Leaves, WorkbookProblem FirstCell);

/// <summary>A survey results workbook read: the units' results when it had no error, and every problem.</summary>
public sealed record SurveyResultsRead(IReadOnlyList<AggregatedUnit> Units, IReadOnlyList<WorkbookProblem> Problems)
{
    /// <summary>True when the workbook had no error (then <see cref="Units"/> may be used).</summary>
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Reads aggregated survey results (kết quả điều tra XHH tổng hợp) as a contractor or SIPAS delivers them:
/// the first sheet, a header row with <c>Mã đơn vị</c> · <c>Mã tiêu chí</c> · <c>Tỷ lệ (%)</c> or <c>Điểm</c> ·
/// optional <c>Số phiếu</c>, found by text; one row per unit and survey leaf. A workbook with any error is
/// rejected whole. Results files are small (units × leaves rows), but they are read as a stream like surveys.
/// </summary>
public static class SurveyResultsReader
{
    private static readonly string UnitLabel = RuleScoring.NormaliseLabel(SurveyTexts.UnitColumn);
    private static readonly string LeafLabel = RuleScoring.NormaliseLabel(SurveyTexts.LeafColumn);
    private static readonly string ShareLabel = RuleScoring.NormaliseLabel(SurveyTexts.ShareColumn);
    private static readonly string PointsLabel = RuleScoring.NormaliseLabel(SurveyTexts.PointsColumn);
    private static readonly string CountLabel = RuleScoring.NormaliseLabel(SurveyTexts.CountColumn);

    static SurveyResultsReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads one results workbook.</summary>
    /// <param name="input">The workbook (seekable stream).</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <param name="setForUnit">The criteria set a unit is assessed under this year; null for a code that is no unit.</param>
    public static SurveyResultsRead Read(Stream input, string fileName, Func<string, CriteriaSet?> setForUnit)
    {
        var problems = new List<WorkbookProblem>();
        var units = new Dictionary<string, (Dictionary<string, AggregatedLeaf> Leaves, Dictionary<string, string> Cells, WorkbookProblem First)>(StringComparer.Ordinal);
        string? sheet = null;
        void Error(string? cell, string message) => problems.Add(new WorkbookProblem(fileName, sheet, cell, message));
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(input, new ExcelReaderConfiguration { LeaveOpen = true });
            sheet = reader.Name;
            int unitCol = -1, leafCol = -1, shareCol = -1, pointsCol = -1, countCol = -1, row = 0;
            var header = false;
            while (reader.Read())
            {
                row++;
                if (!header)
                {
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        if (reader.GetValue(c) is not string s) continue;
                        var label = RuleScoring.NormaliseLabel(s);
                        if (label == UnitLabel && unitCol < 0) unitCol = c;
                        else if (label == LeafLabel && leafCol < 0) leafCol = c;
                        else if (label == ShareLabel && shareCol < 0) shareCol = c;
                        else if (label == PointsLabel && pointsCol < 0) pointsCol = c;
                        else if (label == CountLabel && countCol < 0) countCol = c;
                    }
                    header = unitCol >= 0 && leafCol >= 0 && (shareCol >= 0 || pointsCol >= 0);
                    if (!header)
                    {
                        unitCol = leafCol = shareCol = pointsCol = countCol = -1;
                        if (row >= SurveyAccumulator.HeaderSearchRows) break;
                    }
                    continue;
                }

                string Cell(int col) => SurveyAccumulator.ColumnLetters(col) + row;
                var unitCode = Text(Value(reader, unitCol));
                var leafCode = Text(Value(reader, leafCol));
                if (unitCode is null && leafCode is null) continue;
                if (unitCode is null) { Error(Cell(unitCol), SurveyTexts.BlankUnit); continue; }
                if (setForUnit(unitCode) is not { } set) { Error(Cell(unitCol), SurveyTexts.UnknownUnit(unitCode)); continue; }
                var leaf = leafCode is null ? null : set.Find(leafCode);
                if (leaf is not { IsSurvey: true })
                {
                    Error(Cell(leafCol), SurveyTexts.ResultsNotASurveyLeaf(leafCode ?? "", unitCode));
                    continue;
                }

                decimal? share = null;
                if (shareCol >= 0 && Number(Value(reader, shareCol), out var percent) is { } p)
                {
                    if (!percent) { Error(Cell(shareCol), SurveyTexts.ResultsBadNumber(SurveyTexts.ShareColumn)); continue; }
                    if (p is < 0m or > 100m) { Error(Cell(shareCol), SurveyTexts.ResultsShareOutOfRange(p)); continue; }
                    share = p / 100m;
                }
                else if (pointsCol >= 0 && Number(Value(reader, pointsCol), out var points) is { } pts)
                {
                    if (!points) { Error(Cell(pointsCol), SurveyTexts.ResultsBadNumber(SurveyTexts.PointsColumn)); continue; }
                    if (pts < 0m || pts > leaf.Max!.Value) { Error(Cell(pointsCol), SurveyTexts.ResultsPointsOverMax(pts, leaf.Max!.Value, leaf.Code)); continue; }
                    share = leaf.Max!.Value == 0m ? 0m : pts / leaf.Max.Value;
                }
                if (share is null)
                {
                    Error(Cell(shareCol >= 0 ? shareCol : pointsCol),
                        SurveyTexts.ResultsBadNumber(shareCol >= 0 ? SurveyTexts.ShareColumn : SurveyTexts.PointsColumn));
                    continue;
                }

                int? count = null;
                if (countCol >= 0 && Number(Value(reader, countCol), out var isNumber) is { } n)
                {
                    if (!isNumber || n < 0 || n != decimal.Truncate(n) || n > int.MaxValue) { Error(Cell(countCol), SurveyTexts.ResultsBadCount); continue; }
                    count = (int)n;
                }

                if (!units.TryGetValue(unitCode, out var entry))
                    units[unitCode] = entry = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), new WorkbookProblem(fileName, sheet, Cell(unitCol), ""));
                if (entry.Cells.TryGetValue(leaf.Code, out var first))
                {
                    Error(Cell(leafCol), SurveyTexts.ResultsDuplicate(unitCode, leaf.Code, first));
                    continue;
                }
                entry.Cells[leaf.Code] = Cell(leafCol);
                entry.Leaves[leaf.Code] = new AggregatedLeaf(share.Value, count);
            }
            if (!header) Error(null, SurveyTexts.ResultsHeaderNotFound(SurveyAccumulator.HeaderSearchRows));
        }
        catch (Exception ex) when (ex is ExcelReaderException or InvalidDataException or System.Xml.XmlException
                                       or NotSupportedException or IOException)
        {
            Error(null, SurveyTexts.Unreadable(ex.Message));
        }

        if (problems.Count > 0) return new SurveyResultsRead([], problems);
        return new SurveyResultsRead(
            units.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new AggregatedUnit(u.Key, u.Value.Leaves, u.Value.First)).ToList(),
            problems);
    }

    private static object? Value(IExcelDataReader reader, int column) =>
        column >= 0 && column < reader.FieldCount ? reader.GetValue(column) : null;

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => Numbers.FromDouble(d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim(),
    };

    /// <summary>A cell's number: null when blank; <paramref name="isNumber"/> false when the cell holds something else.</summary>
    private static decimal? Number(object? value, out bool isNumber)
    {
        isNumber = true;
        switch (value)
        {
            case null or DBNull:
                return null;
            case double d when double.IsFinite(d) && Math.Abs(d) < 1e15:
                return Numbers.FromDouble(d);
            case string s when string.IsNullOrWhiteSpace(s):
                return null;
            case string s when decimal.TryParse(s.Trim().Replace(',', '.'), System.Globalization.NumberStyles.Number,
                System.Globalization.CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                isNumber = false;
                return 0m;
        }
    }
}
