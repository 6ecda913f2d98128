using System.Diagnostics;

namespace ParIndex.EndToEnd.Tests;

/// <summary>Runs the real <c>parindex</c> program in a child process, as the office's scripts do.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static string RepoRoot => ParIndex.Tests.Shared.RepositoryRoot.Path;

    public static string Criteria => Path.Combine(RepoRoot, "scoring-criteria");
    public static string Samples => Path.Combine(RepoRoot, "samples");

    public static Result Run(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("parindex did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the built program (<c>dotnet parindex.dll</c>, no build, no <c>dotnet run</c>); the caller reads and ends it.</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "parindex.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>A fresh temporary folder, deleted by the caller's TearDown.</summary>
    public static string TempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "parindex-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Copies a folder recursively (to break a copy of the samples without touching them).</summary>
    public static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
