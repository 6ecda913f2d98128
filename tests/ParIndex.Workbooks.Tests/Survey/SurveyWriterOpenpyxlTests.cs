using NUnit.Framework;
using ParIndex.Workbooks.Survey;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>
/// The survey workbooks ParIndex writes are read by analysts' scripts too: openpyxl's read-only mode sizes rows by the
/// sheet's dimension and yields only the cells a row holds, so the dimension must be there and every row as long as the header.
/// </summary>
public sealed class SurveyWriterOpenpyxlTests : TempFolderTest
{
    private const string Script = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
        ws = wb.worksheets[0]
        print(ws.calculate_dimension())
        for row in ws.iter_rows(values_only=True):
            print(len(row), "|".join("" if v is None else str(v) for v in row))
        """;

    [Test]
    public void Write_OpenpyxlReadOnly_SeesDimensionAndRectangularRows()
    {
        var path = PathOf("mau.xlsx");
        WriteWithSurveyWriter(path, ["Q01", "Q02", "Q03"],
        [
            new SurveyRow("H-HL", "Người dân", "0012", Answers("A..")),
            new SurveyRow("H-CL", "Doanh nghiệp", "13", Answers("..C")),
            new SurveyRow("H-CL", "Doanh nghiệp", "14", Answers("...")),
        ]);

        var lines = Openpyxl.Run(Script, path);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("A1:F4"));
            Assert.That(lines.Skip(1).Select(l => l.Split(' ', 2)[0]), Is.EqualTo(new[] { "6", "6", "6", "6" }), "every row has the header's length");
            Assert.That(lines[1], Is.EqualTo("6 Mã đơn vị|Nhóm đối tượng|Mã phiếu|Q01|Q02|Q03"));
            Assert.That(lines[2], Is.EqualTo("6 H-HL|Người dân|0012|A||"));
            Assert.That(lines[3], Is.EqualTo("6 H-CL|Doanh nghiệp|13|||C"));
            Assert.That(lines[4], Is.EqualTo("6 H-CL|Doanh nghiệp|14|||"));
        });

        var accumulator = NewAccumulator();
        Assert.That(accumulator.ReadFile(path), Is.Empty, "blank cells are still no answer to ParIndex");
    }

    [Test]
    public void Write_LazyRowsWithoutCount_IsRefused_AndAWrongCountToo()
    {
        using var stream = new MemoryStream();
        IEnumerable<SurveyRow> Lazy() { yield return new SurveyRow("H-HL", "Người dân", "1", Answers("A")); }
        Assert.Multiple(() =>
        {
            Assert.That(() => SurveyWriter.Write(stream, ["Q01"], Lazy()), Throws.ArgumentException.With.Message.Contains("row count"));
            Assert.That(() => SurveyWriter.Write(new MemoryStream(), ["Q01"], Lazy(), rowCount: 2),
                Throws.ArgumentException.With.Message.Contains("1 rows were given for a declared 2"));
        });
    }
}
