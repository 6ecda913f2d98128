using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter.NUnit;

namespace ParIndex.EndToEnd.Tests;

/// <summary>The README's first command, end to end on the committed samples.</summary>
[NonParallelizable]
public class RunOnSamplesTests
{
    private static string _out = "";
    private static Cli.Result _run = null!;

    [OneTimeSetUp]
    public void RunOnce()
    {
        _out = Cli.TempFolder();
        _run = Cli.Run("run", "--criteria", Cli.Criteria, "--data", Cli.Samples, "--year", "2024", "--out", _out);
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(_out, recursive: true);

    private static JsonNode Json() => JsonNode.Parse(File.ReadAllText(Path.Combine(_out, "ranking-2024.json")))!;

    private static JsonNode Unit(string code) =>
        Json()["groups"]!.AsArray().SelectMany(g => g!["units"]!.AsArray()).Single(u => (string)u!["unitCode"]! == code)!;

    [Test]
    public void Run_Samples_SucceedsAndWritesRankingAndScorecards()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_run.ExitCode, Is.EqualTo(0), _run.Error);
            Assert.That(File.Exists(Path.Combine(_out, "ranking-2024.xlsx")), Is.True);
            Assert.That(File.Exists(Path.Combine(_out, "ranking-2024.json")), Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(_out, "scorecards"), "*.xlsx"), Has.Length.EqualTo(20));
            Assert.That(_run.Out, Does.Contain("Sở Nội vụ"));
            Assert.That(_run.Out, Does.Contain("[2024] "), "progress lines while reading workbooks");
        });
    }

    [Test]
    public void Run_Samples_RankingJsonMatchesReviewedSnapshot() =>
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(File.ReadAllText(Path.Combine(_out, "ranking-2024.json"))));

    [Test]
    public void Run_Samples_EveryIndexIsPointsOverApplicableMaxRounded()
    {
        foreach (var group in Json()["groups"]!.AsArray())
            foreach (var unit in group!["units"]!.AsArray())
            {
                if ((string)unit!["status"]! == "missing") continue;
                var points = (decimal)unit["points"]!;
                var max = (decimal)unit["applicableMax"]!;
                var areas = unit["areas"]!.AsArray().Sum(a => (decimal?)a!["points"] ?? 0m);
                Assert.Multiple(() =>
                {
                    // Points are rounded for show; the index comes from the exact points, so allow the rounding of points.
                    Assert.That((decimal)unit["index"]!, Is.EqualTo(Math.Round(points / max * 100m, 2, MidpointRounding.AwayFromZero)).Within(0.01m), (string)unit["unitCode"]!);
                    Assert.That(Math.Clamp(areas + (decimal)unit["bonus"]! - (decimal)unit["penalty"]!, 0, max), Is.EqualTo(points).Within(0.05m), (string)unit["unitCode"]!);
                });
            }
    }

    [Test]
    public void Run_Samples_ShowsTheScenarioTheSamplesWereMadeFor()
    {
        var groups = Json()["groups"]!.AsArray();
        var districts = groups.Single(g => (string)g!["group"]! == "districts")!["units"]!.AsArray();
        var ranks = districts.Where(u => u!["rank"] is not null).Select(u => (int)u!["rank"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ranks.Count, Is.GreaterThan(ranks.Distinct().Count()), "a tie in index shares a place");
            Assert.That((string)Unit("H-TS")["index"]!.ToJsonString(), Is.EqualTo(Unit("H-BL")["index"]!.ToJsonString()));
            Assert.That((string)Unit("SO-XD")["status"]!, Is.EqualTo("missing"));
            Assert.That((string)Unit("TTR")["status"]!, Is.EqualTo("unranked"));
            Assert.That((decimal)Unit("SO-GTVT")["applicableMax"]!, Is.EqualTo(70m), "below the survey minimum: scored out of 70");
            Assert.That((decimal)Unit("SO-TNMT")["applicableMax"]!, Is.LessThan(100m), "a not-applicable leaf");
            Assert.That((string)Unit("H-NM")["previous"]!["basis"]!, Is.EqualTo("derived"));
            Assert.That((bool)Unit("H-KS")["appraised"]!, Is.False);
            var changes = groups.SelectMany(g => g!["units"]!.AsArray()).Select(u => (int?)u!["rankChange"]).Where(c => c is not null).ToList();
            Assert.That(changes, Has.Some.GreaterThan(0), "units rising");
            Assert.That(changes, Has.Some.LessThan(0), "units falling");
        });
    }

    [Test]
    public void Run_Samples_TwiceGivesIdenticalJson()
    {
        var again = Cli.TempFolder();
        try
        {
            var second = Cli.Run("run", "--criteria", Cli.Criteria, "--data", Cli.Samples, "--year", "2024", "--out", again);
            Assert.That(second.ExitCode, Is.EqualTo(0), second.Error);
            Assert.That(File.ReadAllText(Path.Combine(again, "ranking-2024.json")),
                Is.EqualTo(File.ReadAllText(Path.Combine(_out, "ranking-2024.json"))));
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }
}
