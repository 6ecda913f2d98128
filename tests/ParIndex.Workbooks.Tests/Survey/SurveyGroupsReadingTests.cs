using NUnit.Framework;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Survey;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>practice.md §8: the «Nhóm đối tượng» column counted per group, and aggregated results read.</summary>
public class SurveyGroupsReadingTests : TempFolderTest
{
    private static readonly CriteriaSet Weighted = SurveyFixtures.Communes with
    {
        Survey = SurveyFixtures.Communes.Survey! with
        {
            Groups = new Dictionary<string, RespondentGroup> { ["CB"] = new(0.3m, 1), ["ND"] = new(0.7m, 1) },
        },
    };

    private static SurveyAccumulator Accumulator() => new([Weighted], u => u == "X-AB" ? "communes" : null);

    private static object?[] Header => ["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q06"];

    [Test]
    public void Read_WeightedSet_TalliesEachRespondentGroupApartAnyCase()
    {
        var path = PathOf("khao-sat.xlsx");
        SurveyFixtures.WriteWithClosedXml(path, [Header, ["X-AB", "CB", "1", "A", "A"], ["X-AB", "nd", "2", "D", "B"], ["X-AB", " ND ", "3", "A", null]]);
        var accumulator = Accumulator();
        var problems = accumulator.ReadFile(path);
        var tally = accumulator.Tallies()["X-AB"];
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(tally.Questionnaires, Is.EqualTo(3));
            Assert.That(tally.Groups!.Keys, Is.EquivalentTo(new[] { "CB", "ND" }));
            Assert.That(tally.Groups["ND"].Questionnaires, Is.EqualTo(2));
            Assert.That(tally.Groups["ND"].AnswerCounts["Q01"], Is.EqualTo(new long[] { 1, 0, 0, 1, 0 }));
            Assert.That(tally.Groups["CB"].LeafRespondents["8.1"], Is.EqualTo(1));
            Assert.That(tally.AnswerCounts["Q01"], Is.EqualTo(new long[] { 2, 0, 0, 1, 0 }), "the pooled tally stays");
        });
    }

    [Test]
    public void Read_WeightedSet_GroupNotInTheSetOrBlank_IsLocatedErrorAndFileContributesNothing()
    {
        var path = PathOf("khao-sat.xlsx");
        SurveyFixtures.WriteWithClosedXml(path, [Header, ["X-AB", "DN", "1", "A", "A"], ["X-AB", null, "2", "A", "A"], ["X-AB", "CB", "3", "A", "A"]]);
        var accumulator = Accumulator();
        var problems = accumulator.ReadFile(path).Select(p => p.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.EqualTo("khao-sat.xlsx!Phiếu!B2: Nhóm đối tượng \"DN\" không có trong bộ tiêu chí của đơn vị X-AB (chỉ nhận CB, ND)"));
            Assert.That(problems, Has.Some.StartsWith("khao-sat.xlsx!Phiếu!B3: Thiếu nhóm đối tượng"));
            Assert.That(accumulator.Tallies(), Is.Empty);
        });
    }

    [Test]
    public void ReadResults_ShareOrPoints_GiveTheShareOfTheLeafMaximum()
    {
        var path = PathOf("ket-qua.xlsx");
        SurveyFixtures.WriteWithClosedXml(path,
        [
            ["KẾT QUẢ ĐIỀU TRA XHH NĂM 2025"], [],
            ["Mã đơn vị", "Mã tiêu chí", "Tỷ lệ (%)", "Số phiếu"],
            ["X-AB", "8.1", 79.66, 412.0],
        ]);
        var pointsPath = PathOf("ket-qua-diem.xlsx");
        SurveyFixtures.WriteWithClosedXml(pointsPath, [["Mã đơn vị", "Mã tiêu chí", "Điểm"], ["X-AB", "8.1", 7.5]]);
        SurveyResultsRead Read(string p)
        {
            using var stream = File.OpenRead(p);
            return SurveyResultsReader.Read(stream, Path.GetFileName(p), u => u == "X-AB" ? Weighted : null);
        }
        var share = Read(path);
        var points = Read(pointsPath);
        Assert.Multiple(() =>
        {
            Assert.That(share.Problems, Is.Empty);
            Assert.That(share.Units.Single().Leaves["8.1"], Is.EqualTo(new Scoring.AggregatedLeaf(0.7966m, 412)));
            Assert.That(share.Units.Single().FirstCell.Cell, Is.EqualTo("A4"));
            Assert.That(points.Units.Single().Leaves["8.1"].Share, Is.EqualTo(0.75m));
        });
    }

    [Test]
    public void ReadResults_BadRows_AreLocatedErrorsAndNothingIsUsed()
    {
        var path = PathOf("ket-qua.xlsx");
        SurveyFixtures.WriteWithClosedXml(path,
        [
            ["Mã đơn vị", "Mã tiêu chí", "Tỷ lệ (%)"],
            ["X-AB", "1.1", 50.0],
            ["X-ZZ", "8.1", 50.0],
            ["X-AB", "8.1", 120.0],
            ["X-AB", "8.1", "nhiều"],
        ]);
        using var stream = File.OpenRead(path);
        var read = SurveyResultsReader.Read(stream, "ket-qua.xlsx", u => u == "X-AB" ? Weighted : null);
        Assert.Multiple(() =>
        {
            Assert.That(read.Accepted, Is.False);
            Assert.That(read.Units, Is.Empty);
            Assert.That(read.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            {
                "ket-qua.xlsx!Phiếu!B2: Mã tiêu chí \"1.1\" không phải tiêu chí điều tra XHH trong bộ tiêu chí của đơn vị X-AB",
                "ket-qua.xlsx!Phiếu!A3: Mã đơn vị \"X-ZZ\" không có trong danh sách đơn vị được đánh giá",
                "ket-qua.xlsx!Phiếu!C4: Tỷ lệ 120% phải từ 0 đến 100",
                "ket-qua.xlsx!Phiếu!C5: Cột \"Tỷ lệ (%)\" phải là một số",
            }));
        });
    }
}
