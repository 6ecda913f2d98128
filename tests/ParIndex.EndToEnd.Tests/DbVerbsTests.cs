namespace ParIndex.EndToEnd.Tests;

/// <summary>The <c>parindex db</c> verbs: the service's cycle from the command line, on a SQLite file.</summary>
public class DbVerbsTests
{
    private string _tmp = "";
    private string[] Db => ["--connection", $"Data Source={Path.Combine(_tmp, "parindex.db")}"];

    [SetUp]
    public void SetUp() => _tmp = Cli.TempFolder();

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    [Test]
    public void ImportComputePublishExport_GivesTheBatchRunsJson_AndPublishedYearRefusesChanges()
    {
        var migrate = Cli.Run(["db", "migrate", .. Db]);
        Assert.That(migrate.ExitCode, Is.EqualTo(0), migrate.Error);
        var import = Cli.Run(["db", "import", "--criteria", Cli.Criteria, "--data", Cli.Samples, .. Db]);
        Assert.That(import.ExitCode, Is.EqualTo(0), import.Error);
        Assert.That(import.Out, Does.Contain("6 bộ tiêu chí").And.Contain("88 đơn vị").And.Contain("109 bảng tự đánh giá (0 bị từ chối)"));

        var compute = Cli.Run(["db", "compute", "--year", "2024", .. Db]);
        Assert.That(compute.ExitCode, Is.EqualTo(0), compute.Error);

        var publish = Cli.Run(["db", "publish", "--year", "2024", "--decision", "QĐ 99/QĐ-UBND", "--date", "2025-02-15", .. Db]);
        Assert.That(publish.ExitCode, Is.EqualTo(0), publish.Error);
        Assert.That(publish.Out, Does.Contain("lần 1").And.Contain("15/02/2025"));

        var twice = Cli.Run(["db", "publish", "--year", "2024", "--decision", "QĐ 99/QĐ-UBND", "--date", "2025-02-15", .. Db]);
        Assert.Multiple(() =>
        {
            Assert.That(twice.ExitCode, Is.EqualTo(1), "publishing a published year again is refused");
            Assert.That(twice.Error, Does.Contain("Năm 2024 đã công bố (lần 1)"));
            Assert.That(twice.Error, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
        });

        var again = Cli.Run(["db", "compute", "--year", "2024", .. Db]);
        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.EqualTo(1));
            Assert.That(again.Error, Does.Contain("đã công bố"));
        });

        var export = Cli.Run(["db", "export", "--year", "2024", "--out", Path.Combine(_tmp, "out"), .. Db]);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        var batch = Cli.Run("run", "--criteria", Cli.Criteria, "--data", Cli.Samples, "--year", "2024", "--out", Path.Combine(_tmp, "batch"));
        Assert.That(batch.ExitCode, Is.EqualTo(0), batch.Error);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(_tmp, "out", "ranking-2024.json")),
                Is.EqualTo(File.ReadAllText(Path.Combine(_tmp, "batch", "ranking-2024.json"))));
            Assert.That(File.Exists(Path.Combine(_tmp, "out", "ranking-2024.xlsx")), Is.True);
        });
    }

    [Test]
    public void Baseline_ImportsThePublishedAnnex_AndRefusesAYearComputedFromItsInputs()
    {
        Assert.That(Cli.Run(["db", "migrate", .. Db]).ExitCode, Is.EqualTo(0));
        Assert.That(Cli.Run(["db", "import", "--criteria", Cli.Criteria, "--data", Cli.Samples, .. Db]).ExitCode, Is.EqualTo(0));
        var annex = Path.Combine(Cli.Samples, "2024", "published", "communes.xlsx");
        var baseline = Cli.Run(["db", "baseline", "--year", "2024", "--group", "communes", "--file", annex, .. Db]);
        var computed = Cli.Run(["db", "baseline", "--year", "2024", "--group", "departments", "--file", annex, .. Db]);
        var export = Cli.Run(["db", "export", "--year", "2025", "--out", Path.Combine(_tmp, "out"), .. Db]);
        Assert.Multiple(() =>
        {
            Assert.That(baseline.ExitCode, Is.EqualTo(0), baseline.Error);
            Assert.That(baseline.Out, Does.Contain("Đã nhập phụ lục communes.xlsx").And.Contain("6 đơn vị").And.Contain("năm 2025"));
            Assert.That(computed.ExitCode, Is.EqualTo(1));
            Assert.That(computed.Error, Does.Contain("Năm 2024 đã có vòng đánh giá").And.Not.Contain("   at "));
            Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
            Assert.That(File.ReadAllText(Path.Combine(_tmp, "out", "ranking-2025.json")), Does.Contain("\"source\": \"annex\""));
        });
    }

    [Test]
    public void Publish_BadDate_IsWrongUsage()
    {
        var run = Cli.Run(["db", "publish", "--year", "2024", "--decision", "QĐ", "--date", "15/02/2025", .. Db]);
        Assert.That(run.ExitCode, Is.EqualTo(2));
    }
}
