using NUnit.Framework;
using ClosedXML.Excel;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>Small criteria sets and workbook helpers shared by the survey tests.</summary>
internal static class SurveyFixtures
{
    private static readonly Dictionary<char, decimal> DefaultAnswers = new() { ['A'] = 1.0m, ['B'] = 0.6m, ['C'] = 0.2m, ['D'] = 0m };

    /// <summary>
    /// Districts: leaf 1.1 (points, max 10), 8.1 survey Q01+Q02 (max 10), 8.2 survey Q03+Q04+Q05 (max 10);
    /// Q02 overrides the answers with A 1 / B 0,5 / C 0; at least 3 respondents.
    /// </summary>
    public static readonly CriteriaSet Districts = new(
        2024, "districts", "2024.1", "QĐ 1/QĐ-UBND", "Bộ tiêu chí cấp huyện", 2, new RankingOptions(), [new ClassRow(0m, "Trung bình")],
        new SurveySettings(3, DefaultAnswers,
        [
            new SurveyQuestion("Q01", "Công khai TTHC"),
            new SurveyQuestion("Q02", "Thái độ phục vụ", new Dictionary<char, decimal> { ['A'] = 1.0m, ['B'] = 0.5m, ['C'] = 0m }),
            new SurveyQuestion("Q03", "Thời gian giải quyết"),
            new SurveyQuestion("Q04", "Chi phí"),
            new SurveyQuestion("Q05", "Tiếp nhận phản ánh"),
        ]),
        [
            new Criterion("1", "Chỉ đạo, điều hành", 10m, null, [new Criterion("1.1", "Kế hoạch CCHC", 10m, new PointsRule(), [])]),
            new Criterion("8", "Tác động", 20m, null,
            [
                new Criterion("8.1", "Hài lòng về TTHC", 10m, new SurveyRule(["Q01", "Q02"]), []),
                new Criterion("8.2", "Hài lòng về giải quyết", 10m, new SurveyRule(["Q03", "Q04", "Q05"]), []),
            ]),
        ],
        Total: 30m);

    /// <summary>Communes: one survey leaf 8.1 over Q01 and Q06 (a question the districts do not have).</summary>
    public static readonly CriteriaSet Communes = new(
        2024, "communes", "2024.1", "QĐ 1/QĐ-UBND", "Bộ tiêu chí cấp xã", 2, new RankingOptions(), [new ClassRow(0m, "Trung bình")],
        new SurveySettings(3, DefaultAnswers, [new SurveyQuestion("Q01", "Công khai TTHC"), new SurveyQuestion("Q06", "Môi trường")]),
        [
            new Criterion("1", "Chỉ đạo, điều hành", 10m, null, [new Criterion("1.1", "Kế hoạch CCHC", 10m, new PointsRule(), [])]),
            new Criterion("8", "Tác động", 10m, null, [new Criterion("8.1", "Hài lòng", 10m, new SurveyRule(["Q01", "Q06"]), [])]),
        ],
        Total: 20m);

    public static string? GroupOf(string unit) => unit switch
    {
        "H-HL" or "H-CL" => "districts",
        "X-AB" => "communes",
        _ => null,
    };

    public static SurveyAccumulator NewAccumulator() => new([Districts, Communes], GroupOf);

    public static readonly string[] DistrictQuestions = ["Q01", "Q02", "Q03", "Q04", "Q05"];

    /// <summary>
    /// Writes a workbook the way Excel does (shared strings), cells from the top-left: a string is set as
    /// text, a double as a number, null is left empty. An empty array is an empty row.
    /// </summary>
    public static void WriteWithClosedXml(string path, IEnumerable<object?[]> rows, string sheet = "Phiếu")
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.AddWorksheet(sheet);
        var r = 0;
        foreach (var row in rows)
        {
            r++;
            for (var c = 0; c < row.Length; c++)
            {
                var cell = ws.Cell(r, c + 1);
                switch (row[c])
                {
                    case null: break;
                    case string s: cell.SetValue(s); cell.DataType = XLDataType.Text; break;
                    case double d: cell.SetValue(d); break;
                    default: throw new ArgumentException($"unsupported value {row[c]}");
                }
            }
        }
        workbook.SaveAs(path);
    }

    public static char?[] Answers(string letters) => letters.Select(c => c == '.' ? (char?)null : c).ToArray();

    public static void WriteWithSurveyWriter(string path, IReadOnlyList<string> questions, IEnumerable<SurveyRow> rows, int? rowCount = null)
    {
        using var stream = File.Create(path);
        SurveyWriter.Write(stream, questions, rows, rowCount: rowCount);
    }

    public static IReadOnlyList<WorkbookProblem> ReadFile(this SurveyAccumulator accumulator, string path, Action<long>? progress = null)
    {
        using var stream = File.OpenRead(path);
        return accumulator.Read(stream, Path.GetFileName(path), progress);
    }
}

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
public abstract class TempFolderTest
{
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), "parindex-survey-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    protected string PathOf(string name) => Path.Combine(Folder, name);
}

/// <summary>A read-only stream that cannot seek, like an HTTP upload.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
