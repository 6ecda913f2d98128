using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using ParIndex.Data;
using ParIndex.Service.Tests;

namespace ParIndex.EndToEnd.Tests;

/// <summary>
/// <c>kill -9</c> of <c>db import</c>, <c>db compute</c> and <c>db publish</c> at random moments (a fixed seed, so a
/// failure repeats), 20 times each on a SQLite file and on a PostgreSQL database: afterwards a SQLite file passes
/// <c>PRAGMA integrity_check</c>, and the database holds either the state before the command or the state a clean run
/// leaves (nothing half-written, no extra revision or survey import), and running the command again finishes with
/// the results of a clean run. A database is named by its connection string; a copy is a file copy (SQLite) or
/// <c>CREATE DATABASE … TEMPLATE</c> (PostgreSQL).
/// One year of the samples (2024) keeps each run short; the built program runs directly (no build, no dotnet run).
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class CrashTests(DatabaseProvider provider)
{
    private const int Kills = 20;

    /// <summary>
    /// Kills land within this share of the clean run's duration (measured once, in the set-up): the machine may be less
    /// loaded later than when it was measured, and a kill that comes after the command finished tests nothing.
    /// </summary>
    private const double KillWindow = 0.6;
    private string _tmp = "";
    private string _data = "";
    private string _template = "";
    // The clean runs, one after the other on copies: migrated -> imported -> computed -> published.
    private string _imported = "", _computed = "", _published = "";
    private TimeSpan _importTime, _computeTime, _publishTime;

    /// <summary>The tables that hold the cycle (identity tables stay empty from the command line).</summary>
    private static readonly string[] Tables =
        ["Units", "CriteriaSets", "Rounds", "Submissions", "Appraisals", "Explanations", "SurveyImports", "Results", "Publications", "Audit"];

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _tmp = Cli.TempFolder();
        _data = Path.Combine(_tmp, "data");
        Directory.CreateDirectory(_data);
        File.Copy(Path.Combine(Cli.Samples, "units.yaml"), Path.Combine(_data, "units.yaml"));
        Cli.Copy(Path.Combine(Cli.Samples, "2024"), Path.Combine(_data, "2024"));
        _template = provider == DatabaseProvider.Sqlite
            ? $"Data Source={Path.Combine(_tmp, "migrated.db")}"
            : TestDatabase.Create(DatabaseProvider.Postgres).ConnectionString;
        var migrate = Cli.Run(["db", "migrate", .. Db(_template)]);
        Assert.That(migrate.ExitCode, Is.EqualTo(0), migrate.Error);
        _imported = Copy(_template, "imported.db");
        _importTime = Timed(Import(_imported));
        _computed = Copy(_imported, "computed.db");
        _computeTime = Timed(Compute(_computed));
        _published = Copy(_computed, "published.db");
        _publishTime = Timed(Publish(_published));
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
        if (provider == DatabaseProvider.Postgres) TestDatabase.CleanUp();
    }

    private string[] Db(string connection) => ["--provider", provider.ToString(), "--connection", connection];

    private string[] Import(string file) => ["db", "import", "--criteria", Cli.Criteria, "--data", _data, .. Db(file)];

    private string[] Compute(string file) => ["db", "compute", "--year", "2024", .. Db(file)];

    private string[] Publish(string file) => ["db", "publish", "--year", "2024", "--decision", "QĐ 7/QĐ-UBND", "--date", "2025-02-15", .. Db(file)];

    [Test]
    public void KilledImport_LeavesTheOldOrTheNewState_AndReRunEqualsACleanRun()
    {
        var before = State(_template);
        var after = State(_imported);
        Assert.That(after["Submissions"], Has.Count.EqualTo(20));

        // Every kill hits a whole import (from the migrated, empty database), so no kill lands on a quick re-run.
        var outcomes = KillEachFrom(_template, Import, _importTime, seed: 4, before, after, out var work);

        var rerun = Cli.Run(Import(work));
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.Error);
        Assert.That(Diff(State(work), after), Is.Empty, "a re-run after a kill differs from a clean run");
        Assert.That(Cli.Run(Compute(work)).ExitCode, Is.EqualTo(0));
        Assert.That(RankingJson(work), Is.EqualTo(RankingJson(_computed)));

        // And a re-run over a finished import stores nothing new: no revision, no survey import, no audit row.
        var again = Copy(_imported, "import-again.db");
        Assert.That(Cli.Run(Import(again)).ExitCode, Is.EqualTo(0));
        Assert.That(Diff(State(again), after), Is.Empty, "a second import of the same folder changed the database");
        Report("db import", _importTime, outcomes);
    }

    [Test]
    public void KilledCompute_AddsAWholeResultOrNothing_AndReRunEqualsACleanRun()
    {
        var duration = _computeTime;
        var before = State(_imported);
        var after = State(_computed);
        var audited = after["Audit"].Count - before["Audit"].Count;
        Assert.That(after["Results"], Has.Count.EqualTo(1));

        // Each run that got to its commit adds one result, equal to the clean run's; the rest of the database is untouched.
        var work = Copy(_imported, "compute-work.db");
        var outcomes = KillRepeatedly(Compute(work), duration, seed: 5, file =>
        {
            var state = State(file);
            var results = state["Results"];
            Assert.Multiple(() =>
            {
                foreach (var table in Tables.Where(t => t is not "Results" and not "Audit"))
                    Assert.That(state[table], Is.EqualTo(before[table]), table);
                Assert.That(results.Select(WithoutId), Is.All.EqualTo(WithoutId(after["Results"].Single())));
                Assert.That(state["Audit"], Has.Count.EqualTo(before["Audit"].Count + audited * results.Count));
            });
            return $"{results.Count} result(s)";
        });

        var rerun = Cli.Run(Compute(work));
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.Error);
        Assert.That(RankingJson(work), Is.EqualTo(RankingJson(_computed)));
        Report("db compute", duration, outcomes);
    }

    [Test]
    public void KilledPublish_PublishesWhollyOrNotAtAll_AndReRunEqualsACleanRun()
    {
        var before = State(_computed);
        var after = State(_published);
        Assert.That(after["Publications"], Has.Count.EqualTo(1));

        // A publication refuses a second one, so every kill starts again from the computed year.
        var outcomes = KillEachFrom(_computed, Publish, _publishTime, seed: 6, before, after, out var work);
        if (Same(State(work), before))
        {
            var rerun = Cli.Run(Publish(work));
            Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.Error);
        }
        Assert.That(Diff(State(work), after), Is.Empty);
        Assert.That(RankingJson(work), Is.EqualTo(RankingJson(_published)));
        Report("db publish", _publishTime, outcomes);
    }

    /// <summary>
    /// <see cref="Kills"/> times: a fresh copy of <paramref name="start"/>, the command killed after a random part of a
    /// clean run's duration; each time the file passes the integrity check and holds <paramref name="before"/> or
    /// <paramref name="after"/>. <paramref name="work"/> is the last copy, for the re-run.
    /// </summary>
    private List<string> KillEachFrom(string start, Func<string, string[]> command, TimeSpan duration, int seed,
        Dictionary<string, List<string>> before, Dictionary<string, List<string>> after, out string work)
    {
        var random = new Random(seed);
        var outcomes = new List<string>();
        work = "";
        for (var i = 0; i < Kills; i++)
        {
            work = Copy(start, "work.db");
            var outcome = KillOnce(command(work), duration * (KillWindow * random.NextDouble()));
            Assert.That(Integrity(work), Is.EqualTo("ok"), $"kill {i + 1}");
            var state = State(work);
            Assert.That(Same(state, before) || Same(state, after), Is.True, () => $"kill {i + 1}: neither the old nor the new state:\n" + Diff(state, after));
            outcomes.Add(outcome + (Same(state, before) ? ", old state" : ", new state"));
        }
        return outcomes;
    }

    /// <summary>Runs the command <see cref="Kills"/> times on the same file, killing it after a random part of a clean run's duration.</summary>
    private List<string> KillRepeatedly(string[] command, TimeSpan duration, int seed, Func<string, string> check)
    {
        var file = command[^1];
        var random = new Random(seed);
        var outcomes = new List<string>();
        for (var i = 0; i < Kills; i++)
        {
            var outcome = KillOnce(command, duration * (KillWindow * random.NextDouble()));
            Assert.That(Integrity(file), Is.EqualTo("ok"), $"kill {i + 1}");
            outcomes.Add(outcome + ", " + check(file));
        }
        return outcomes;
    }

    /// <summary>Starts the command and sends it SIGKILL (Process.Kill on Linux) after <paramref name="delay"/>, unless it finished first.</summary>
    internal static string KillOnce(string[] command, TimeSpan delay)
    {
        using var process = Cli.Start(command);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (process.WaitForExit(delay))
        {
            process.WaitForExit();
            return $"finished at {delay.TotalSeconds:0.00}s (exit {process.ExitCode})";
        }
        process.Kill();
        process.WaitForExit();
        _ = output.Result + error.Result;
        return $"killed at {delay.TotalSeconds:0.00}s";
    }

    private static TimeSpan Timed(string[] command)
    {
        var clock = Stopwatch.StartNew();
        var run = Cli.Run(command);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        return clock.Elapsed;
    }

    private string Copy(string from, string name)
    {
        if (provider == DatabaseProvider.Postgres)
            return TestDatabase.Clone(new DatabaseOptions(DatabaseProvider.Postgres, from)).ConnectionString;
        from = new SqliteConnectionStringBuilder(from).DataSource;
        var to = Path.Combine(_tmp, name);
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            if (File.Exists(to + suffix)) File.Delete(to + suffix);
            if (File.Exists(from + suffix)) File.Copy(from + suffix, to + suffix);
        }
        return $"Data Source={to}";
    }

    private string RankingJson(string file)
    {
        var folder = Path.Combine(_tmp, "export-" + Guid.NewGuid().ToString("N"));
        var export = Cli.Run(["db", "export", "--year", "2024", "--out", folder, .. Db(file)]);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Error);
        return File.ReadAllText(Path.Combine(folder, "ranking-2024.json"));
    }

    /// <summary>A connection of its own (no pool: a pooled connection would keep a PostgreSQL template busy).</summary>
    private DbConnection Open(string database)
    {
        DbConnection connection = provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database + ";Pooling=False")
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>SQLite: <c>PRAGMA integrity_check</c>. PostgreSQL keeps its own files whole (its WAL): "ok" once the database opens.</summary>
    private string Integrity(string file)
    {
        using var connection = Open(file);
        if (provider == DatabaseProvider.Postgres) return "ok";
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return string.Join("\n", Read(command).Select(r => r[0]));
    }

    /// <summary>
    /// Every row of the cycle's tables, in key order, as text: all columns but times (…At), stored files (Content) and
    /// the audit log's before/after copies (which hold those times); what a re-run must reproduce exactly.
    /// </summary>
    private Dictionary<string, List<string>> State(string file)
    {
        using var connection = Open(file);
        var state = new Dictionary<string, List<string>>();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            using var reader = command.ExecuteReader();
            var keep = Enumerable.Range(0, reader.FieldCount)
                .Where(i => reader.GetName(i) is var n && !n.EndsWith("At", StringComparison.Ordinal) && n is not "Content" and not "Before" and not "After")
                .Where(i => !(provider == DatabaseProvider.Postgres && IsSurrogateKey(reader.GetName(i), reader.GetFieldType(i))))
                .ToList();
            var rows = new List<string>();
            while (reader.Read())
                rows.Add(string.Join(" | ", keep.Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}")));
            // Without its keys a PostgreSQL row has no order of its own: rows are compared as a sorted list.
            if (provider == DatabaseProvider.Postgres) rows.Sort(StringComparer.Ordinal);
            state[table] = rows;
        }
        return state;
    }

    /// <summary>
    /// A generated key (Id) or a reference to one (…Id, a number). PostgreSQL's sequences are not transactional: a
    /// transaction killed after an insert has still used its key values, so a re-run's rows carry other keys than a
    /// clean run's (and the audit rows name those keys, <c>Key</c>). The rows themselves (codes, years, revisions,
    /// values, what the audit says) must still be the same.
    /// </summary>
    private static bool IsSurrogateKey(string column, Type type) =>
        column == "Key" || column.EndsWith("Id", StringComparison.Ordinal) && (type == typeof(int) || type == typeof(long));

    private static List<string[]> Read(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString() ?? "").ToArray());
        return rows;
    }

    private static string WithoutId(string row) => row[row.IndexOf(" | ", StringComparison.Ordinal)..];

    private static bool Same(Dictionary<string, List<string>> a, Dictionary<string, List<string>> b) => Diff(a, b).Length == 0;

    private static string Diff(Dictionary<string, List<string>> actual, Dictionary<string, List<string>> expected)
    {
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            if (actual[table].SequenceEqual(expected[table])) continue;
            text.AppendLine($"{table}: {actual[table].Count} rows, expected {expected[table].Count}");
            foreach (var row in actual[table].Except(expected[table]).Take(3)) text.AppendLine("  + " + row);
            foreach (var row in expected[table].Except(actual[table]).Take(3)) text.AppendLine("  - " + row);
        }
        return text.ToString();
    }

    /// <summary>The figures for docs/reliability.md, in the test's output.</summary>
    private void Report(string verb, TimeSpan clean, List<string> outcomes)
    {
        var killed = outcomes.Count(o => o.StartsWith("killed", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"{verb} ({provider}): clean run {clean.TotalSeconds:0.00}s; {outcomes.Count} runs, {killed} killed, " +
            $"{outcomes.Count - killed} finished before the kill; integrity ok every time");
        foreach (var (o, i) in outcomes.Select((o, i) => (o, i))) TestContext.Out.WriteLine($"  {i + 1,2}. {o}");
        // Timing varies with the machine's load; a quarter of the runs actually killed is the least that tests anything.
        Assert.That(killed, Is.GreaterThanOrEqualTo(outcomes.Count / 4), "too few runs were actually killed");
    }
}
