using System.Diagnostics;
using ParIndex.Bench;

namespace ParIndex.EndToEnd.Tests;

/// <summary>
/// The analyst's script of the bench (<c>src/ParIndex.Bench/peer/par_index_peer.py</c>, openpyxl and PyYAML) and
/// ParIndex's <c>run</c> score the committed samples alike: the same units, the same index and place, every year
/// and group. Without python3-openpyxl or python3-yaml the test is ignored on a workstation and fails on CI.
/// </summary>
[NonParallelizable]
public class PeerScriptAgreementTests
{
    private string _out = "";

    [SetUp]
    public void CreateFolder() => _out = Cli.TempFolder();

    [TearDown]
    public void CleanUp() => Directory.Delete(_out, recursive: true);

    [Test]
    public void PeerScript_OnSamples_AgreesWithRunOnEveryUnitsIndexAndRank()
    {
        var python = RequirePython();
        var years = PeerBenchmark.Years(Cli.Samples);
        var peerFile = Path.Combine(_out, "peer.json");
        PeerBenchmark.Time(python, [Path.Combine(Cli.RepoRoot, PeerBenchmark.Script), "--criteria", Cli.Criteria, "--data", Cli.Samples, "--out", peerFile]);
        var peer = PeerBenchmark.ReadPeer([peerFile]);

        var ours = new Dictionary<string, PeerBenchmark.Result>();
        foreach (var year in years)
        {
            var dir = Path.Combine(_out, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var run = Cli.Run("run", "--criteria", Cli.Criteria, "--data", Cli.Samples, "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir);
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            foreach (var (key, result) in PeerBenchmark.ReadOurs(Path.Combine(dir, $"ranking-{year}.json")))
                ours.Add(key, result);
        }

        Assert.That(years, Is.EqualTo(new[] { 2023, 2024, 2025 }), "the samples' years");
        Assert.That(ours, Is.Not.Empty);
        Assert.That(ours.Values.Count(r => r.Rank is not null), Is.GreaterThan(ours.Count / 2), "most units are ranked");
        Assert.That(peer.Keys.Order(StringComparer.Ordinal), Is.EqualTo(ours.Keys.Order(StringComparer.Ordinal)), "the same units in every year and group");
        Assert.Multiple(() =>
        {
            foreach (var (key, result) in ours)
                Assert.That(peer[key], Is.EqualTo(result), key);
        });
    }

    /// <summary>The interpreter the bench uses, once it imports openpyxl and yaml; otherwise ignored, or failed on CI.</summary>
    private static string RequirePython()
    {
        var python = PeerBenchmark.Python();
        string? problem;
        try
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-c", "import openpyxl, yaml" }) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            problem = process.ExitCode == 0 ? null : error.Result.Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            problem = e.Message;
        }
        if (problem is null) return python;
        var message = $"{python} cannot import openpyxl and yaml (apt-get install -y python3-openpyxl python3-yaml): {problem}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
        Assert.Ignore(message);
        return "";
    }
}
