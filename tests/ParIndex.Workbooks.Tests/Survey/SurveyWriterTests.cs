using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Workbooks.Survey;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

public sealed class SurveyWriterTests : TempFolderTest
{
    [Test]
    public void Write_OpensInClosedXml_WithHeaderTextIdsAndBlankAnswers()
    {
        var path = PathOf("mau.xlsx");
        WriteWithSurveyWriter(path, ["Q01", "Q02"],
        [
            new SurveyRow("H-HL", "Người dân", "0012", Answers("A.")),
            new SurveyRow("H-CL", " Doanh nghiệp ", "13", Answers("cB")),
        ]);

        using var workbook = new XLWorkbook(path);
        var ws = workbook.Worksheet(1);
        Assert.Multiple(() =>
        {
            Assert.That(ws.Name, Is.EqualTo("Phiếu"));
            Assert.That(Enumerable.Range(1, 5).Select(c => ws.Cell(1, c).GetString()),
                Is.EqualTo(new[] { "Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q02" }));
            Assert.That(ws.Cell("C2").GetString(), Is.EqualTo("0012"));
            Assert.That(ws.Cell("C2").DataType, Is.EqualTo(XLDataType.Text));
            Assert.That(ws.Cell("D2").GetString(), Is.EqualTo("A"));
            Assert.That(ws.Cell("E2").IsEmpty(), Is.True);
            Assert.That(ws.Cell("B3").GetString(), Is.EqualTo(" Doanh nghiệp "));
            Assert.That(ws.Cell("D3").GetString(), Is.EqualTo("c"));
            Assert.That(ws.LastRowUsed().RowNumber(), Is.EqualTo(3));
            Assert.That(ws.SheetView.SplitRow, Is.EqualTo(1));
        });
    }

    [Test]
    public void Write_OtherSheetName_IsUsedAndReadBack()
    {
        using var stream = new MemoryStream();
        SurveyWriter.Write(stream, ["Q01"], [new SurveyRow("H-HL", "Người dân", "1", Answers("B"))], "Đợt 1");
        Assert.That(stream.CanWrite, Is.True, "the caller's stream is left open");

        stream.Position = 0;
        var accumulator = NewAccumulator();
        Assert.That(accumulator.Read(stream, "dot1.xlsx"), Is.Empty);
        Assert.That(accumulator.Tallies()["H-HL"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 0, 1, 0, 0, 0 }));
    }

    [Test]
    public void Write_AnswerCountDiffersFromQuestions_Throws()
    {
        using var stream = new MemoryStream();
        Assert.That(() => SurveyWriter.Write(stream, ["Q01", "Q02"], [new SurveyRow("H-HL", "Người dân", "1", Answers("A"))]),
            Throws.ArgumentException.With.Message.Contains("1 answers for 2 questions"));
    }
}
