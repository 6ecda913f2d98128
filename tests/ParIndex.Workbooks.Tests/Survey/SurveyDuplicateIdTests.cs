using NUnit.Framework;
using ParIndex.Workbooks.Survey;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>
/// The duplicate-questionnaire check over many ids and files: the id table grows, shrinks, and forgets a
/// rejected file's ids while keeping the accepted ones.
/// </summary>
public sealed class SurveyDuplicateIdTests : TempFolderTest
{
    private const string Earlier = "đã có trong một tệp khảo sát đã đọc trước đó";

    /// <summary>One questionnaire per id, answering Q01 with A; the units alternate H-HL, H-CL.</summary>
    private static IEnumerable<SurveyRow> Rows(string prefix, int from, int count) =>
        Enumerable.Range(from, count).Select(i => Row(prefix, i));

    private static SurveyRow Row(string prefix, int i, string answer = "A") =>
        new(i % 2 == 0 ? "H-HL" : "H-CL", "Người dân", $"{prefix}{i:D5}", Answers(answer));

    private string Write(string name, IEnumerable<SurveyRow> rows)
    {
        var path = PathOf(name);
        WriteWithSurveyWriter(path, ["Q01"], rows);
        return path;
    }

    [Test]
    public void Read_20000IdsPerFile_DuplicateOfAnEarlierFileFoundAfterTheTableGrew()
    {
        var first = Write("dot-1.xlsx", Rows("A", 0, 20_000));
        // 20,000 new ids, then one of the first file's (row 20,002).
        var withCopy = Write("dot-2.xlsx", Rows("B", 0, 20_000).Append(Row("A", 12_345)));
        var withoutCopy = Write("dot-2-sua.xlsx", Rows("B", 0, 20_000));
        var accumulator = NewAccumulator();

        Assert.That(accumulator.ReadFile(first), Is.Empty);
        var problems = accumulator.ReadFile(withCopy);

        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            $"dot-2.xlsx!Phiếu!C20002: Mã phiếu \"A12345\" của đơn vị H-CL {Earlier}",
        }));
        Assert.That((accumulator.FilesAccepted, accumulator.FilesRejected, accumulator.Questionnaires), Is.EqualTo((1, 1, 20_000L)));

        // Taking the rejected file's ids out kept every one of the first file's (checked before the same ids go
        // back in, which could fill the same slots again)…
        AssertAllEarlier(accumulator, first, 20_000);
        // … and its 20,000 ids are free again.
        Assert.That(accumulator.ReadFile(withoutCopy), Is.Empty);
        Assert.That(accumulator.Questionnaires, Is.EqualTo(40_000));
        AssertAllEarlier(accumulator, withoutCopy, 20_000);
        var again = Write("lap-lai.xlsx", [Row("X", 1), Row("A", 0), Row("A", 19_999), Row("B", 7)]);
        Assert.That(accumulator.ReadFile(again).Select(p => p.ToString()), Is.EqualTo(new[]
        {
            $"lap-lai.xlsx!Phiếu!C3: Mã phiếu \"A00000\" của đơn vị H-HL {Earlier}",
            $"lap-lai.xlsx!Phiếu!C4: Mã phiếu \"A19999\" của đơn vị H-CL {Earlier}",
            $"lap-lai.xlsx!Phiếu!C5: Mã phiếu \"B00007\" của đơn vị H-CL {Earlier}",
        }));
        Assert.That(accumulator.Tallies()["H-HL"].Questionnaires, Is.EqualTo(20_000));
        Assert.That(accumulator.Tallies()["H-CL"].Questionnaires, Is.EqualTo(20_000));
    }

    /// <summary>Reading the file again finds every one of its ids in an earlier file.</summary>
    private static void AssertAllEarlier(SurveyAccumulator accumulator, string path, int ids)
    {
        var problems = accumulator.ReadFile(path);
        Assert.That(problems.Take(SurveyAccumulator.MaxErrorsPerFile).Select(p => p.Message), Has.All.EndsWith(Earlier));
        Assert.That(problems[^1].Message, Does.StartWith($"… và {ids - SurveyAccumulator.MaxErrorsPerFile} lỗi khác"));
    }

    [Test]
    public void Read_LargeRejectedFileAfterASmallOne_KeepsTheSmallFilesIdsOnly()
    {
        var small = Write("nho.xlsx", Rows("A", 0, 3));
        // 20,000 ids whose last answer is wrong: the table grows for them, then has to give them all back.
        var large = Write("lon-loi.xlsx", Rows("B", 0, 19_999).Append(Row("B", 19_999, "X")));
        var largeFixed = Write("lon-sua.xlsx", Rows("B", 0, 20_000));
        var accumulator = NewAccumulator();

        Assert.That(accumulator.ReadFile(small), Is.Empty);
        Assert.That(accumulator.ReadFile(large).Select(p => p.Cell), Is.EqualTo(new[] { "D20001" }));

        var copyOfSmall = Write("ban-sao-nho.xlsx", [Row("A", 2)]);
        Assert.That(accumulator.ReadFile(copyOfSmall).Select(p => p.Message), Is.EqualTo(new[] { $"Mã phiếu \"A00002\" của đơn vị H-HL {Earlier}" }));
        Assert.That(accumulator.ReadFile(largeFixed), Is.Empty);
        Assert.That((accumulator.FilesAccepted, accumulator.FilesRejected, accumulator.Questionnaires), Is.EqualTo((2, 2, 20_003L)));
        AssertAllEarlier(accumulator, largeFixed, 20_000);
    }

    [Test]
    public void Read_SmallRejectedFile_LeavesTheAcceptedIdsRegistered()
    {
        var accumulator = NewAccumulator();
        Assert.That(accumulator.ReadFile(Write("a.xlsx", Rows("P", 1, 3))), Is.Empty);
        // P00004 and P00005 are new, but the file has an error: it contributes nothing.
        Assert.That(accumulator.ReadFile(Write("b.xlsx", [Row("P", 4), Row("P", 5), Row("P", 6, "F")])), Has.Count.EqualTo(1));

        Assert.That(accumulator.ReadFile(Write("c.xlsx", [Row("P", 4), Row("P", 5)])), Is.Empty);
        Assert.That(accumulator.ReadFile(Write("d.xlsx", [Row("P", 6), Row("P", 1)])).Select(p => p.ToString()), Is.EqualTo(new[]
        {
            $"d.xlsx!Phiếu!C3: Mã phiếu \"P00001\" của đơn vị H-CL {Earlier}",
        }));
        Assert.That(accumulator.Questionnaires, Is.EqualTo(5));
    }

    [Test]
    public void Read_ManySmallFiles_EveryEarlierIdStaysRegistered()
    {
        var accumulator = NewAccumulator();
        for (var f = 0; f < 25; f++)
            Assert.That(accumulator.ReadFile(Write($"dot-{f}.xlsx", Rows($"F{f:D2}-", 0, 1000))), Is.Empty);

        var problems = accumulator.ReadFile(Write("lap.xlsx", [Row("F00-", 0), Row("F24-", 999), Row("F12-", 500), Row("F12-", 1000)]));

        Assert.That(problems.Select(p => p.Cell), Is.EqualTo(new[] { "C2", "C3", "C4" }));
        Assert.That((accumulator.FilesAccepted, accumulator.Questionnaires), Is.EqualTo((25, 25_000L)));
    }

    [Test]
    public void Read_DuplicateInTheSameFile_NamesTheFirstRowWhenRemembered()
    {
        var path = Write("trung.xlsx", Rows("P", 0, 10_000).Append(Row("P", 5)).Append(Row("P", 9_000)));

        var problems = NewAccumulator().ReadFile(path);

        // P00005 is the 6th id of the file (row 7), P09000 the 9,001st: past the ids remembered with their row.
        Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "trung.xlsx!Phiếu!C10002: Mã phiếu \"P00005\" của đơn vị H-CL bị trùng với dòng 7",
            "trung.xlsx!Phiếu!C10003: Mã phiếu \"P09000\" của đơn vị H-HL bị trùng với một dòng phía trên trong tệp này",
        }));
    }

    [Test]
    public void Read_ProgressCallbackThrows_TheFileLeavesNoTrace()
    {
        var first = Write("a.xlsx", [Row("P", 0)]);
        var path = Write("b.xlsx", Rows("P", 1, 2500));
        var accumulator = NewAccumulator();
        Assert.That(accumulator.ReadFile(first), Is.Empty);

        Assert.Throws<OperationCanceledException>(() => accumulator.ReadFile(path, rows => throw new OperationCanceledException()));

        Assert.That(accumulator.ReadFile(path), Is.Empty);
        Assert.That(accumulator.ReadFile(first).Select(p => p.Message), Is.EqualTo(new[] { $"Mã phiếu \"P00000\" của đơn vị H-HL {Earlier}" }));
        Assert.That((accumulator.FilesAccepted, accumulator.FilesRejected, accumulator.Questionnaires), Is.EqualTo((2, 1, 2501L)));
    }
}
