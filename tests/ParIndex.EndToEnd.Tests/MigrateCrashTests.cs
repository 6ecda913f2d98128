using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ParIndex.EndToEnd.Tests;

/// <summary>
/// <c>kill -9</c> of a real <c>db migrate</c> on an empty SQLite file at random moments (a fixed seed): the next
/// <c>db migrate</c> finishes promptly — a lock row (<c>__EFMigrationsLock</c>) the killed run left behind is stale,
/// since no process holds the file's OS lock (<c>&lt;db&gt;.migrating</c>), and is removed — and the file is complete:
/// it passes <c>PRAGMA integrity_check</c> and holds the same schema and migration history as a clean migrate.
/// </summary>
[NonParallelizable]
public class MigrateCrashTests
{
    private const int Kills = 10;

    /// <summary>What a migrate that follows a kill may take at most (a clean one takes a few seconds).</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(60);

    private string _tmp = "";

    [SetUp]
    public void SetUp() => _tmp = Cli.TempFolder();

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    private static string[] Migrate(string file) => ["db", "migrate", "--connection", $"Data Source={file}"];

    [Test]
    public void KilledMigrate_TheNextMigrateFinishesPromptly_AndTheDatabaseIsComplete()
    {
        var clean = Path.Combine(_tmp, "clean.db");
        var clock = Stopwatch.StartNew();
        var run = Cli.Run(Migrate(clean));
        var duration = clock.Elapsed;
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var expected = Schema(clean);
        Assert.That(expected.History, Is.Not.Empty);

        var random = new Random(7);
        var outcomes = new List<string>();
        for (var i = 0; i < Kills; i++)
        {
            var file = Path.Combine(_tmp, $"killed-{i}.db");
            // Between 0.3 and 1 × the clean run's duration: the program's start-up is the first part of it, so most kills
            // land while the migrations run (some before the database is touched, some after the run finished).
            var outcome = CrashTests.KillOnce(Migrate(file), duration * (0.3 + 0.7 * random.NextDouble()));
            var again = Stopwatch.StartNew();
            var rerun = Cli.Start(Migrate(file));
            var output = rerun.StandardOutput.ReadToEndAsync();
            var error = rerun.StandardError.ReadToEndAsync();
            var finished = rerun.WaitForExit(Prompt);
            if (!finished) rerun.Kill();
            rerun.WaitForExit();
            Assert.That(finished, Is.True, $"kill {i + 1} ({outcome}): the next db migrate did not finish in {Prompt.TotalSeconds:0}s");
            Assert.That(rerun.ExitCode, Is.EqualTo(0), $"kill {i + 1} ({outcome}): {error.Result} {output.Result}");
            Assert.That(Integrity(file), Is.EqualTo("ok"), $"kill {i + 1}");
            var actual = Schema(file);
            Assert.That(actual.History, Is.EqualTo(expected.History), $"kill {i + 1}: migration history");
            Assert.That(actual.Objects, Is.EqualTo(expected.Objects), $"kill {i + 1}: schema");
            Assert.That(actual.LockRows, Is.Zero, $"kill {i + 1}: a migration lock row is left");
            outcomes.Add($"{outcome}; next migrate {again.Elapsed.TotalSeconds:0.00}s" + (error.Result.Contains("__EFMigrationsLock", StringComparison.Ordinal) ? ", stale lock row removed" : ""));
        }
        TestContext.Out.WriteLine($"db migrate: clean run {duration.TotalSeconds:0.00}s; {Kills} runs");
        foreach (var (o, i) in outcomes.Select((o, i) => (o, i))) TestContext.Out.WriteLine($"  {i + 1,2}. {o}");
        Assert.That(outcomes.Count(o => o.StartsWith("killed", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(Kills / 4), "too few runs were actually killed");
    }

    private sealed record Shape(List<string> History, List<string> Objects, long LockRows);

    private static Shape Schema(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        List<string> Rows(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read()) rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetString(i))));
            return rows;
        }
        var locks = Rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").Count == 0
            ? 0 : long.Parse(Rows("SELECT CAST(COUNT(*) AS TEXT) FROM \"__EFMigrationsLock\"").Single(), System.Globalization.CultureInfo.InvariantCulture);
        return new Shape(
            Rows("SELECT MigrationId FROM \"__EFMigrationsHistory\" ORDER BY MigrationId"),
            Rows("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"),
            locks);
    }

    private static string Integrity(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
