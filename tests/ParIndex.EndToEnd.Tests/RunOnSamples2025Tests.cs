using System.Text.Json.Nodes;
using Snapshooter.NUnit;

namespace ParIndex.EndToEnd.Tests;

/// <summary>
/// The sample province through the 2025 reorganisation, end to end: merged departments, communes with a
/// baseline from the 2024 annex, survey by respondent group, one unit from aggregated results.
/// </summary>
[NonParallelizable]
public class RunOnSamples2025Tests
{
    private static string _out = "";
    private static Cli.Result _run = null!;

    [OneTimeSetUp]
    public void RunOnce()
    {
        _out = Cli.TempFolder();
        _run = Cli.Run("run", "--criteria", Cli.Criteria, "--data", Cli.Samples, "--year", "2025", "--out", _out);
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(_out, recursive: true);

    private static JsonNode Json() => JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "ranking-2025.json")))!;

    private static JsonNode Group(string group) => Json()["groups"]!.AsArray().Single(g => (string)g!["group"]! == group)!;

    private static JsonNode Unit(string code) =>
        Json()["groups"]!.AsArray().SelectMany(g => g!["units"]!.AsArray()).Single(u => (string)u!["unitCode"]! == code)!;

    [Test]
    public void Run2025_WritesBothGroupsScorecardsAndImprovementReports()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_run.ExitCode, Is.EqualTo(0), _run.Error);
            Assert.That(Json()["groups"]!.AsArray().Select(g => (string)g!["group"]!), Is.EqualTo(new[] { "communes", "departments" }));
            Assert.That(Group("communes")["units"]!.AsArray(), Has.Count.InRange(55, 65));
            Assert.That(Directory.GetFiles(Path.Combine(_out, "improvement"), "*.xlsx"), Has.Length.EqualTo(67), "one per scored unit");
            Assert.That(Directory.GetFiles(Path.Combine(_out, "scorecards"), "*.xlsx"), Has.Length.EqualTo(67));
            Assert.That(_run.Out, Does.Contain("Khối UBND cấp xã").Or.Contain("UBND các xã, phường, đặc khu"));
        });
    }

    [Test]
    public void Run2025_MergedDepartmentsAreDerivedNeverSameAndCountedApart()
    {
        var tc = Unit("SO-TC");
        var summary = Group("departments")["summary"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string)tc["previous"]!["basis"]!, Is.EqualTo("derived"), "keeps its code but absorbed Sở Kế hoạch và Đầu tư");
            Assert.That(tc["previous"]!["predecessors"]!.AsArray().Select(p => (string)p!), Is.EqualTo(new[] { "SO-TC", "SO-KHDT" }));
            Assert.That(tc["previous"]!["rank"], Is.Null);
            Assert.That(tc["rankChange"], Is.Null);
            Assert.That((string)Unit("SO-XDGT")["previous"]!["basis"]!, Is.EqualTo("derived"));
            Assert.That((string)Unit("SO-NV")["previous"]!["basis"]!, Is.EqualTo("same"));
            Assert.That((int)summary["derived"]!, Is.EqualTo(4));
            Assert.That((int)summary["rose"]! + (int)summary["fell"]! + (int)summary["held"]!, Is.EqualTo(5), "the same units only");
        });
    }

    [Test]
    public void Run2025_CommunesFromNamedCommunesCompareWithThePublishedAnnex()
    {
        var dl = Unit("X-DL");
        var ap = Unit("X-AP");
        Assert.Multiple(() =>
        {
            Assert.That((string)dl["previous"]!["basis"]!, Is.EqualTo("derived"));
            Assert.That((string)dl["previous"]!["source"]!, Is.EqualTo("annex"));
            // (86.75 + 77.9) / 2 from the annex, rows matched by name («Xã Đồng Lạc» in decomposed Unicode, «UBND xã Đồng Xuân»).
            Assert.That((decimal)dl["previous"]!["index"]!, Is.EqualTo(82.33m));
            Assert.That((decimal)ap["previous"]!["index"]!, Is.EqualTo(75.38m)); // (79.5 + 71.25) / 2
            Assert.That((string)Unit("X-QT")["previous"]!["basis"]!, Is.EqualTo("new"));
            Assert.That(Unit("X-QT")["previous"]!["source"], Is.Null);
            Assert.That((int)Group("communes")["summary"]!["new"]!, Is.GreaterThan(50));
        });
    }

    [Test]
    public void Run2025_CommunesMeanChangeIsAgainstTheSixUnitAnnex()
    {
        // The 2024 annex lists 6 communes: 88.4, 86.75, 68.1/80 → 85.13, 79.5, 77.9, 71.25; mean 81.49; 3 Khá, 3 Trung bình.
        // The change is given against that mean, however few units it rests on (scoring-criteria/README.md).
        var summary = Group("communes")["summary"]!;
        var counts = summary["classCounts"]!.AsObject();
        var changes = summary["classCountChanges"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That((decimal)summary["meanIndexChange"]!, Is.EqualTo((decimal)summary["meanIndex"]! - 81.49m));
            Assert.That((int)changes["Khá"]!, Is.EqualTo((int)counts["Khá"]! - 3));
            Assert.That((int)changes["Trung bình"]!, Is.EqualTo((int)counts["Trung bình"]! - 3));
            Assert.That((int)changes["Tốt"]!, Is.EqualTo((int)counts["Tốt"]!));
            Assert.That((int)summary["derived"]! + (int)summary["new"]!, Is.EqualTo(counts.Sum(c => (int)c.Value!)),
                "no commune is the same unit as in 2024: every previous value is derived or missing");
        });
    }

    [Test]
    public void Run2025_SurveyByRespondentGroupWithOneGroupBelowItsMinimumAndOneUnitFromAggregatedResults()
    {
        var bm = Unit("X-BM")["surveyGroups"]!.AsArray();
        var ms = Unit("P-MS");
        var ranked = Group("communes")["units"]!.AsArray().Where(u => (string)u!["status"]! == "ranked").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bm.Select(g => ((string)g!["group"]!, (int)g["questionnaires"]!, (bool)g["counted"]!)),
                Is.EqualTo(new[] { ("CB", (int)bm[0]!["questionnaires"]!, true), ("ND", 20, false) }));
            Assert.That(ms["surveyGroups"]!.AsArray(), Is.Empty);
            Assert.That((decimal?)ms["surveyPoints"], Is.Not.Null, "from the contractor's results");
            Assert.That(ranked.All(u => u!["surveyRank"] is not null), Is.True);
            Assert.That(ranked.Max(u => (int)u!["surveyRank"]!), Is.LessThanOrEqualTo(ranked.Count));
        });
    }

    [Test]
    public void Run2025_RankingJsonMatchesReviewedSnapshot() =>
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(File.ReadAllText(Path.Combine(_out, "ranking-2025.json"))));
}
