using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ParIndex.Browser.Tests;

/// <summary>
/// The real web service, started once per test run as a separate process (<c>dotnet ParIndex.Web.dll</c>) in the
/// Demo environment on a fresh SQLite database in a temporary folder, on a free 127.0.0.1 port; stopped at the end.
/// </summary>
[SetUpFixture]
public sealed class WebServer
{
    private const int StartTimeoutSeconds = 300;

    private static Process? _process;
    private static string? _folder;
    private static readonly StringBuilder Output = new();

    /// <summary>The service's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public static string BaseUrl { get; private set; } = "";

    /// <summary>The repository root (the folder holding ParIndex.sln).</summary>
    public static string RepoRoot => ParIndex.Tests.Shared.RepositoryRoot.Path;

    /// <summary>What the service wrote to its console so far (for failure messages).</summary>
    public static string Log { get { lock (Output) return Output.ToString(); } }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Screenshots of this run only (BrowserTest writes them here).
        var shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        if (Directory.Exists(shots)) Directory.Delete(shots, recursive: true);
        var dll = FindWebDll();
        _folder = Directory.CreateTempSubdirectory("parindex-browser-").FullName;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";

        var start = new ProcessStartInfo("dotnet")
        {
            // The content root is the web project's folder: wwwroot (CSS) and appsettings.json are served from there.
            WorkingDirectory = Path.Combine(RepoRoot, "src", "ParIndex.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", BaseUrl, "--contentRoot", start.WorkingDirectory }) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Demo";
        start.Environment["ConnectionStrings__ParIndex"] = $"Data Source={Path.Combine(_folder, "demo.db")}";
        start.Environment["Demo__Samples"] = Path.Combine(RepoRoot, "samples");
        start.Environment["Demo__Criteria"] = Path.Combine(RepoRoot, "scoring-criteria");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The public results page (off by default) is on for this run; the service tests check it is a 404 when off.
        start.Environment["Publication__Public"] = "true";

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Output) Output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Output) Output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Ready when the login page answers; the demo seeds the sample province first.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // The demo loads the sample province's three years (about 110 workbooks) before it answers; on a
        // machine busy with the other test projects that takes longer than two minutes.
        var deadline = DateTime.UtcNow.AddSeconds(StartTimeoutSeconds);
        while (true)
        {
            if (_process.HasExited)
                Assert.Fail($"The web service stopped at start (exit code {_process.ExitCode}):\n{Log}");
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/login");
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) Assert.Fail($"The web service did not answer on {BaseUrl} within {StartTimeoutSeconds} s:\n{Log}");
            await Task.Delay(250);
        }
        TestContext.Progress.WriteLine($"ParIndex.Web ({dll}) listening on {BaseUrl}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await BrowserSession.CloseAsync();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_folder is not null)
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The web project's own build output for this configuration (bin/&lt;Configuration&gt;/net10.0), else the copy the
    /// project reference put beside this assembly.
    /// </summary>
    private static string FindWebDll()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var candidates = new[]
        {
            Path.Combine(RepoRoot, "src", "ParIndex.Web", "bin", configuration, framework, "ParIndex.Web.dll"),
            Path.Combine(here, "ParIndex.Web.dll"),
        };
        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
               ?? throw new FileNotFoundException("ParIndex.Web.dll (with its runtimeconfig) not found: " + string.Join(", ", candidates));
    }

}
