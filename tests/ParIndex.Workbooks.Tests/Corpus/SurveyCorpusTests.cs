using System.Text;
using System.Text.Json;
using NUnit.Framework;
using ParIndex.Workbooks.Survey;
using ParIndex.Workbooks.Tests.Survey;
using G = ParIndex.Workbooks.Safety.GuardTexts;

namespace ParIndex.Workbooks.Tests.Corpus;

/// <summary>
/// The bad-input corpus of survey workbooks: each refused whole with its exact located messages, and the
/// totals of the files read before it byte-identical after it (what the service stores comes from them).
/// </summary>
public sealed class SurveyCorpusTests : TempFolderTest
{
    private const string File = "khao-sat.xlsx";
    private static readonly object?[] Header = ["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q02", "Q03", "Q04", "Q05"];

    public sealed record Case(string Name, Func<string, (byte[] Workbook, string[] Expected)> Build, string FileName = File)
    {
        public override string ToString() => Name;
    }

    private static byte[] Write(string folder, params object?[][] rows)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".xlsx");
        SurveyFixtures.WriteWithClosedXml(path, new[] { Header }.Concat(rows));
        return System.IO.File.ReadAllBytes(path);
    }

    private static string At(string cell, string message) => $"{File}!Phiếu!{cell}: {message}";

    private static byte[] ValidSurvey(string folder) => Write(folder, ["H-HL", "Người dân", "10", "A", "B", "C", "D", "A"]);

    public static IEnumerable<Case> Refusals() =>
    [
        new("answer outside A–E", f => (Write(f, ["H-HL", "Người dân", "10", "A", "F", "C", "D", "A"]),
            [At("E2", "Đáp án \"F\" không hợp lệ ở câu Q02 (chỉ nhận A–E)")])),
        new("answer as a number", f => (Write(f, ["H-HL", "Người dân", "10", 1.0, "B", "C", "D", "A"]),
            [At("D2", "Đáp án 1 ở câu Q01 không hợp lệ: đáp án phải là một chữ cái A–E")])),
        new("answer E where the scale stops at D", f => (Write(f, ["H-HL", "Người dân", "10", "A", "B", "E", "D", "A"]),
            [At("F2", "Đáp án \"E\" không có trong thang điểm của câu Q03 (chỉ nhận A, B, C, D)")])),
        new("questionnaire id twice", f => (Write(f, ["H-HL", "Người dân", "10", "A", "B", "C", "D", "A"], ["H-HL", "Người dân", "10", "B", "B", "C", "D", "A"]),
            [At("C3", "Mã phiếu \"10\" của đơn vị H-HL bị trùng với dòng 2")])),
        new("questionnaire id of an earlier file", f => (Write(f, ["H-CL", "Người dân", "1", "A", "B", "C", "D", "A"]),
            [At("C2", "Mã phiếu \"1\" của đơn vị H-CL đã có trong một tệp khảo sát đã đọc trước đó")])),
        new("unknown unit", f => (Write(f, ["H-XX", "Người dân", "11", "A", "B", "C", "D", "A"]),
            [At("A2", "Mã đơn vị \"H-XX\" không có trong danh sách đơn vị được đánh giá")])),
        new("blank questionnaire id", f => (Write(f, ["H-HL", "Người dân", null, "A", "B", "C", "D", "A"]), [At("C2", "Thiếu mã phiếu")])),
        new("unknown question column", f =>
        {
            var path = Path.Combine(f, "q.xlsx");
            SurveyFixtures.WriteWithClosedXml(path, [["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q99"], ["H-HL", "Người dân", "12", "A", "B"]]);
            return (System.IO.File.ReadAllBytes(path), [At("E1", "Cột \"Q99\" không phải mã câu hỏi nào trong bộ tiêu chí (các mã câu hỏi: Q01, Q02, Q03, Q04, Q05, Q06)")]);
        }),
        new("empty file", _ => ([], [$"{File}: {G.Empty}"])),
        new("not a workbook", _ => ("Mã đơn vị,Mã phiếu\nH-HL,1"u8.ToArray(), [$"{File}: {G.NotAZip}"])),
        new("encrypted", _ => (HostileFiles.EncryptedXlsx(), [$"{File}: {G.Encrypted}"])),
        new("macro-enabled", f => (ValidSurvey(f), [$"khao-sat.xlsm: {G.Macro}"]), "khao-sat.xlsm"),
        new("zip bomb by ratio", f =>
        {
            var path = Path.Combine(f, "bomb.xlsx");
            HostileFiles.WriteWithLargePart(path, ValidSurvey(f), HostileFiles.SheetPart, "<?xml version=\"1.0\"?>", " ", 64L * 1024 * 1024, "");
            return (System.IO.File.ReadAllBytes(path), [$"{File}: {G.Ratio(HostileFiles.SheetPart, 200)}"]);
        }),
        new("XXE in the sheet", f => (HostileFiles.ReplacePart(ValidSurvey(f), HostileFiles.SheetPart,
            x => HostileFiles.WithDoctype(x, "<!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")), [$"{File}: {G.Dtd(HostileFiles.SheetPart)}"])),
        new("truncated", f => { var v = ValidSurvey(f); return (v[..(v.Length * 2 / 3)], [$"{File}: {G.Truncated}"]); }),
        // The guard leaves the sheet's bytes to the scanner, which refuses them past what the directory declares.
        new("directory lying about the sheet's size", f => (HostileFiles.LieAboutSize(ValidSurvey(f), HostileFiles.SheetPart, 1000),
            [$"{File}: {G.LyingSize(HostileFiles.SheetPart, 1000)}"])),
    ];

    private static SurveyAccumulator WithOneFileRead(string folder)
    {
        var accumulator = SurveyFixtures.NewAccumulator();
        var first = Path.Combine(folder, "dot-1.xlsx");
        SurveyFixtures.WriteWithClosedXml(first, [Header, ["H-CL", "Người dân", "1", "A", "B", "C", "D", "A"], ["H-HL", "Doanh nghiệp", "1", "B", "A", null, null, "C"]]);
        Assert.That(accumulator.ReadFile(first), Is.Empty);
        return accumulator;
    }

    private static string Totals(SurveyAccumulator a) => JsonSerializer.Serialize(new
    {
        a.FilesAccepted, a.Questionnaires,
        Tallies = a.Tallies().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new
        {
            t.Key, t.Value.Questionnaires,
            Counts = t.Value.AnswerCounts.OrderBy(c => c.Key, StringComparer.Ordinal).ToList(),
            Leaves = t.Value.LeafRespondents.OrderBy(c => c.Key, StringComparer.Ordinal).ToList(),
        }),
    });

    [TestCaseSource(nameof(Refusals))]
    public void Refused_ExactLocatedMessages_TotalsUnchanged(Case c)
    {
        var accumulator = WithOneFileRead(Folder);
        var before = Totals(accumulator);
        var (workbook, expected) = c.Build(Folder);

        var problems = accumulator.Read(new MemoryStream(workbook, writable: false), c.FileName);

        Assert.Multiple(() =>
        {
            Assert.That(problems.Select(p => p.ToString()), Is.EqualTo(expected));
            Assert.That(accumulator.FilesRejected, Is.EqualTo(1));
            Assert.That(Totals(accumulator), Is.EqualTo(before), "the totals are byte-identical");
        });
    }

    [Test]
    public void StraySpacesLowerCaseAndNfd_AreAccepted()
    {
        var accumulator = WithOneFileRead(Folder);
        var clean = WithOneFileRead(Folder);
        Assert.That(clean.Read(new MemoryStream(Write(Folder, ["H-HL", "Người dân", "20", "A", "B", "C", "D", "A"])), File), Is.Empty);

        var spaced = Write(Folder, ["  H-HL ", "Người dân".Normalize(NormalizationForm.FormD), " 20 ", " a", "b ", "C", " d ", "A"]);
        Assert.Multiple(() =>
        {
            Assert.That(accumulator.Read(new MemoryStream(spaced), File), Is.Empty);
            Assert.That(Totals(accumulator), Is.EqualTo(Totals(clean)));
        });
    }
}
