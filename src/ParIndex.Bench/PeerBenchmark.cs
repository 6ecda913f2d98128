using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ParIndex.Application;
using ParIndex.Criteria;

namespace ParIndex.Bench;

/// <summary>
/// ParIndex against the analyst's script (<c>peer/par_index_peer.py</c>, issue #14): both score the same data folder,
/// must agree on every unit's index and rank, and are timed alternately in fresh processes, at three sizes: the
/// repository's samples, the bench's province and the big merged province of the 2025 work (#12, departments and
/// communes with their respondent groups). Each tool is started once per year of the folder, as the office
/// would call it; ParIndex's <c>run</c> also validates, compares with the year before and writes the exports, which
/// the script does not.
/// </summary>
public static class PeerBenchmark
{
    /// <summary>The script, relative to the repository's root.</summary>
    public const string Script = "src/ParIndex.Bench/peer/par_index_peer.py";

    /// <summary>One unit's result in a year and group: the rounded index (null when it has none) and its place (null when unranked).</summary>
    public readonly record struct Result(decimal? Index, int? Rank);

    /// <param name="BigCommunes">The big merged province of the 2025 work (its communes; 0 leaves that size out).</param>
    public sealed record Options(string Criteria, string Samples, string Cli, string Script, int Units, int Questionnaires, int Repeats,
        int BigCommunes = 170, int BigDepartments = 20, int BigQuestionnaires = 100_000);

    public static int Run(Options options, TextWriter log)
    {
        var python = Python();
        var catalog = CriteriaCatalog.Load(options.Criteria);
        if (catalog.Problems.Count > 0) throw new InvalidOperationException(string.Join('\n', catalog.Problems));
        var work = Path.Combine(Path.GetTempPath(), "parindex-peer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            if (options.Cli == PublishedCli)
                options = options with { Cli = Publish(Path.Combine(work, "cli"), log) };
            var (province, provinceCriteria) = WriteProvince(catalog, options.Criteria, work, options.Units, options.Questionnaires);
            var sizes = new List<(string, Options, string)>
            {
                ($"{options.Units} units, {options.Questionnaires:N0} questionnaires", options with { Criteria = provinceCriteria }, province),
                ($"samples ({options.Samples})", options, options.Samples),
            };
            if (options.BigCommunes > 0)
            {
                // The big merged province of the 2025 work (#12): departments, and communes with their respondent groups.
                var big = new DataFolder(Path.Combine(work, "big"));
                ScaleBenchmark.WriteProvince(catalog, big, "", options.BigDepartments, options.BigCommunes, options.BigQuestionnaires,
                    TextWriter.Null, out _, out _);
                var bigCriteria = CopySets(options.Criteria, Path.Combine(work, "big-criteria"), Years(big.Root));
                sizes.Add(($"big merged province: {options.BigCommunes} communes + {options.BigDepartments} departments, " +
                    $"{options.BigQuestionnaires:N0} questionnaires", options with { Criteria = bigCriteria }, big.Root));
            }
            var rows = sizes.Select(size => Measure(size.Item1, size.Item3, python, size.Item2, work, log)).ToList();

            var inv = CultureInfo.InvariantCulture;
            log.WriteLine();
            log.WriteLine($"# ParIndex run (cold) against the analyst's script, median of {options.Repeats}, alternating");
            log.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {python}, {DateTime.UtcNow:yyyy-MM-dd}");
            log.WriteLine();
            log.WriteLine("| folder | years | units compared | ParIndex (s) | script (s) | ParIndex ÷ script |");
            log.WriteLine("|---|---|---:|---:|---:|---:|");
            foreach (var r in rows)
                log.WriteLine(string.Create(inv, $"| {r.Name} | {string.Join(", ", r.Years)} | {r.Compared} | {r.Ours:F2} | {r.Peer:F2} | {r.Ours / r.Peer:F2} |"));
            log.WriteLine();
            log.WriteLine("Both agree on every unit's index and rank at every size.");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            // A disagreement or a failed run: said on stderr, with the temporary folder still removed below.
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Writes the bench's province into <paramref name="folder"/>: its data folder (<c>province</c>) and the sets of its
    /// years (<c>criteria</c>). <c>run</c> checks every set of the criteria folder against the units (a 2025 set's
    /// appraisers must be units of 2025), so the province, a 2024 province, is scored with its year's sets alone.
    /// </summary>
    public static (string Data, string Criteria) WriteProvince(CriteriaCatalog catalog, string criteria, string folder, int units, int questionnaires)
    {
        var province = Path.Combine(folder, "province");
        Benchmark.WriteProvince(catalog, new DataFolder(province), units, questionnaires);
        return (province, CopySets(criteria, Path.Combine(folder, "criteria"), Years(province)));
    }

    /// <summary>The sets of <paramref name="years"/> alone, copied into <paramref name="folder"/>.</summary>
    private static string CopySets(string criteria, string folder, IEnumerable<int> years)
    {
        foreach (var year in years)
        {
            Directory.CreateDirectory(Path.Combine(folder, Year(year)));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(criteria, Year(year)), "*.yaml"))
                File.Copy(file, Path.Combine(folder, Year(year), Path.GetFileName(file)));
        }
        return folder;
    }

    /// <summary>The <c>province</c> command: the province written into a folder that stays, to run or profile by hand.</summary>
    public static void WriteProvince(string criteria, string folder, int units, int questionnaires, TextWriter log)
    {
        var catalog = CriteriaCatalog.Load(criteria);
        if (catalog.Problems.Count > 0) throw new InvalidOperationException(string.Join('\n', catalog.Problems));
        var (data, sets) = WriteProvince(catalog, criteria, folder, units, questionnaires);
        log.WriteLine($"parindex run --criteria {sets} --data {data} --year 2024 --out OUT");
    }

    /// <summary>The <c>--cli</c> that asks for the CLI as it is deployed: published ReadyToRun for this machine.</summary>
    public const string PublishedCli = "publish";

    /// <summary>
    /// Publishes the CLI ReadyToRun for this machine's runtime identifier into <paramref name="folder"/> (not timed): the
    /// form an office installs, its code compiled ahead so that a cold run does not spend its first seconds in the JIT.
    /// </summary>
    private static string Publish(string folder, TextWriter log)
    {
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        string[] args = ["publish", Path.Combine("src", "ParIndex.Cli"), "-c", "Release", "-r", rid, "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-o", folder, "-nologo", "-v", "quiet"];
        var seconds = Time("dotnet", args);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLI published ReadyToRun ({rid}) in {seconds:F1} s: dotnet {string.Join(' ', args[..^5])}"));
        return Path.Combine(folder, OperatingSystem.IsWindows() ? "parindex.exe" : "parindex");
    }

    private sealed record Row(string Name, IReadOnlyList<int> Years, int Compared, double Ours, double Peer);

    private static Row Measure(string name, string data, string python, Options options, string work, TextWriter log)
    {
        var years = Years(data);
        var ours = new List<double>();
        var peer = new List<double>();
        var compared = 0;
        for (var i = 0; i < options.Repeats; i++)
        {
            var outDir = Path.Combine(work, $"ours-{i}");
            var peerFile = Path.Combine(work, $"peer-{i}.json");
            // Alternate which goes first, so that neither always meets the other's warm caches.
            if (i % 2 == 0)
            {
                ours.Add(TimeOurs(options, data, years, outDir));
                peer.Add(TimePeer(python, options, data, years, peerFile));
            }
            else
            {
                peer.Add(TimePeer(python, options, data, years, peerFile));
                ours.Add(TimeOurs(options, data, years, outDir));
            }
            var theirs = ReadPeer(years.Select(y => $"{peerFile}.{y}"));
            var ourResults = years.SelectMany(y => ReadOurs(Path.Combine(outDir, $"ranking-{y}.json"))).ToDictionary();
            if (FirstDisagreement(ourResults, theirs) is { } disagreement)
                throw new InvalidOperationException($"{name}: ParIndex and the script disagree: {disagreement}");
            compared = ourResults.Count;
            Directory.Delete(outDir, recursive: true);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} #{i + 1}: ParIndex {ours[^1]:F2} s, script {peer[^1]:F2} s, {compared} units agree"));
        }
        return new Row(name, years, compared, Benchmark.Median(ours), Benchmark.Median(peer));
    }

    /// <summary>The built CLI's <c>run</c>, a fresh process per year of the folder; seconds in all.</summary>
    private static double TimeOurs(Options options, string data, IEnumerable<int> years, string outDir) =>
        years.Sum(y => Time(options.Cli, ["run", "--criteria", options.Criteria, "--data", data, "--year", Year(y), "--out", outDir]));

    /// <summary>The script, a fresh interpreter per year of the folder, each writing <c>&lt;file&gt;.&lt;year&gt;</c>; seconds in all.</summary>
    private static double TimePeer(string python, Options options, string data, IEnumerable<int> years, string file) =>
        years.Sum(y => Time(python, [options.Script, "--criteria", options.Criteria, "--data", data, "--year", Year(y), "--out", $"{file}.{y}"]));

    private static string Year(int y) => y.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs a program to its end with its output drained; its wall-clock seconds. A failure stops the bench.</summary>
    public static double Time(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var seconds = sw.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{error.Result}\n{output.Result}");
        return seconds;
    }

    /// <summary>The interpreter: <c>PARINDEX_PYTHON</c>, else Debian's python3 (where python3-openpyxl installs), else python3 on PATH.</summary>
    public static string Python() =>
        Environment.GetEnvironmentVariable("PARINDEX_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    /// <summary>The years a data folder holds self-assessments for.</summary>
    public static IReadOnlyList<int> Years(string data) =>
        Directory.EnumerateDirectories(data)
            .Select(Path.GetFileName)
            .Where(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out _) && Directory.Exists(Path.Combine(data, d!, "self-assessments")))
            .Select(d => int.Parse(d!, CultureInfo.InvariantCulture))
            .Order()
            .ToList();

    /// <summary>Every unit of ParIndex's <c>ranking-&lt;Y&gt;.json</c>, keyed <c>year/group/unit</c>.</summary>
    public static IEnumerable<KeyValuePair<string, Result>> ReadOurs(string rankingJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(rankingJson));
        var year = doc.RootElement.GetProperty("year").GetInt32();
        var results = new List<KeyValuePair<string, Result>>();
        foreach (var group in doc.RootElement.GetProperty("groups").EnumerateArray())
            foreach (var unit in group.GetProperty("units").EnumerateArray())
                results.Add(new(Key(year, group.GetProperty("group").GetString()!, unit.GetProperty("unitCode").GetString()!),
                    new Result(Decimal(unit.GetProperty("index")), Int(unit.GetProperty("rank")))));
        return results;
    }

    /// <summary>Every unit of the script's JSON files, keyed <c>year/group/unit</c>.</summary>
    public static Dictionary<string, Result> ReadPeer(IEnumerable<string> files)
    {
        var results = new Dictionary<string, Result>();
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var unit in doc.RootElement.EnumerateArray())
                results.Add(Key(unit.GetProperty("year").GetInt32(), unit.GetProperty("group").GetString()!, unit.GetProperty("unitCode").GetString()!),
                    new Result(Decimal(unit.GetProperty("index")), Int(unit.GetProperty("rank"))));
        }
        return results;
    }

    /// <summary>The first unit (in key order) on which the two differ or that only one lists; null when they agree.</summary>
    public static string? FirstDisagreement(IReadOnlyDictionary<string, Result> ours, IReadOnlyDictionary<string, Result> peer)
    {
        foreach (var key in ours.Keys.Union(peer.Keys).Order(StringComparer.Ordinal))
        {
            var inOurs = ours.TryGetValue(key, out var o);
            var inPeer = peer.TryGetValue(key, out var p);
            if (!inOurs) return $"{key}: only the script lists it (index {p.Index}, rank {p.Rank})";
            if (!inPeer) return $"{key}: only ParIndex lists it (index {o.Index}, rank {o.Rank})";
            if (o != p) return $"{key}: ParIndex index {o.Index}, rank {o.Rank}; script index {p.Index}, rank {p.Rank}";
        }
        return null;
    }

    private static string Key(int year, string group, string unit) => string.Create(CultureInfo.InvariantCulture, $"{year}/{group}/{unit}");

    private static decimal? Decimal(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();

    private static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
}
