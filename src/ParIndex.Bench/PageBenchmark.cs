using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Criteria;
using ParIndex.Data;

namespace ParIndex.Bench;

/// <summary>
/// Pages and API on stored results: a SQLite database with a published year (2023) and a computed year (2024) at
/// N units per group (the sample province's generator), the built web service started as a child process on
/// loopback, leadership and the office signed in with the cookie, and <c>wrk</c> against the static stylesheet (the
/// baseline), the leadership ranking page, the ranking json, a unit page and the office's appraisal page. Prints each
/// route's requests/s, p50, p99, errors and ratio to the static file's requests/s of the same run, then the time of
/// one unit page and one appraisal page alone.
/// </summary>
public static partial class PageBenchmark
{
    private const string Password = "Bench@2024x";
    private const int Published = 2023, Computed = 2024;

    /// <summary>How long each route is loaded before the measured runs.</summary>
    private const int WarmUpSeconds = 3;

    public static async Task<int> RunAsync(string criteriaFolder, string webDll, int perGroup, int connections, int seconds, string? work, TextWriter log)
    {
        work ??= Path.Combine(Path.GetTempPath(), "parindex-pages-" + perGroup.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        var dbFile = Path.Combine(work, "bench.db");
        var database = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={dbFile}");
        int round;
        string unit;
        await using (var services = new ServiceCollection().AddLogging()
                         .AddScoped<IAuditContext>(p => new FixedAuditContext("bench", p.GetRequiredService<TimeProvider>()))
                         .AddParIndexData(database).AddParIndexApplication().BuildServiceProvider())
        {
            if (!File.Exists(dbFile)) await PrepareAsync(services, criteriaFolder, Path.Combine(work, "data"), perGroup, log);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParIndexDb>();
            var units = await db.Units.Select(u => new { u.Code, u.Group }).ToListAsync();
            var first = units.OrderBy(u => u.Code, StringComparer.Ordinal).First();
            unit = first.Code;
            round = await db.Rounds.Where(r => r.Year == Computed && r.Group == first.Group).Select(r => r.Id).FirstAsync();
            log.WriteLine($"database {dbFile}: {units.Count} units ({string.Join(", ", units.GroupBy(u => u.Group).Select(g => $"{g.Key} {g.Count()}"))})");
        }

        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        using var web = StartWeb(webDll, database, address, log);
        try
        {
            using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
                { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            await WaitReadyAsync(anonymous, web);
            using var bearer = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            bearer.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(anonymous, "office@bench"));
            var created = await bearer.PostAsJsonAsync("/api/accounts",
                new { userName = "leadership@bench", displayName = "Lãnh đạo (đo)", role = Roles.Leadership, password = Password });
            if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict))
                throw new InvalidOperationException($"create leadership: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            var leadership = await CookieAsync(anonymous, "leadership@bench");
            var office = await CookieAsync(anonymous, "office@bench");

            (string Name, string Path, string? Cookie)[] routes =
            [
                ("static /css/site.css", "/css/site.css", null),
                ("leadership ranking page", $"/Leadership?year={Published}", leadership),
                ($"GET /api/years/{Published}/ranking.json", $"/api/years/{Published}/ranking.json", leadership),
                ("leadership unit page", $"/Leadership/Unit?code={unit}", leadership),
                ("office appraisal page", $"/Office/Appraise?round={round}&unit={unit}", office),
            ];
            // Each route answers 200 once before it is loaded (a wrong cookie would otherwise measure a redirect).
            var single = new List<(string Name, double Ms)>();
            foreach (var (name, path, cookie) in routes)
                single.Add((name, await TimeOneAsync(anonymous, path, cookie)));

            // Every route is loaded once before any is measured, so that each is measured on the same kind of code (the
            // runtime recompiles hot methods after their first calls): the static file, measured first, would otherwise
            // run on less optimised code than the routes after it. Two connections only: a slow route's requests still in
            // the server when wrk stops would otherwise take the cores from the next measurement.
            foreach (var (_, path, cookie) in routes) RunWrk(address + path, cookie, 2, WarmUpSeconds);
            Thread.Sleep(TimeSpan.FromSeconds(2));

            var results = new List<(string Name, Wrk Result)>();
            foreach (var (name, path, cookie) in routes)
            {
                var result = RunWrk(address + path, cookie, connections, seconds);
                results.Add((name, result));
                log.WriteLine($"  {name}: {result.RequestsPerSecond:F0} req/s");
            }
            var baseline = results[0].Result.RequestsPerSecond;
            log.WriteLine();
            log.WriteLine($"wrk -t2 -c{connections} -d{seconds}s --latency, {perGroup} units per group, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            log.WriteLine("| route | req/s | p50 ms | p99 ms | errors | ÷ static |");
            log.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (name, r) in results)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {r.RequestsPerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.Errors} | {r.RequestsPerSecond / baseline:F3} |"));
            log.WriteLine();
            log.WriteLine("One request alone, median of 9 after a warm-up (ms):");
            foreach (var (name, ms) in single) log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {ms:F1}"));
            return results.All(r => r.Result.Errors == 0) ? 0 : 1;
        }
        finally
        {
            if (!web.HasExited) web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
        }
    }

    /// <summary>The data folder (N units per group of 2023 and 2024), imported; 2023 computed and published, 2024 computed.</summary>
    private static async Task PrepareAsync(ServiceProvider services, string criteriaFolder, string dataFolder, int perGroup, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var catalog = CriteriaCatalog.Load(criteriaFolder);
        var groups = catalog.ForYear(Published).Select(s => s.Group)
            .Intersect(catalog.ForYear(Computed).Select(s => s.Group)).Order(StringComparer.Ordinal).ToList();
        Directory.CreateDirectory(dataFolder);
        var yaml = new StringBuilder("units:\n");
        foreach (var group in groups)
            for (var i = 1; i <= perGroup; i++)
                yaml.Append(CultureInfo.InvariantCulture,
                    $"  - {{ code: {group[..3].ToUpperInvariant()}{i:D3}, name: \"Đơn vị {group} {i:D3}\", group: {group}, until: {Computed} }}\n");
        File.WriteAllText(Path.Combine(dataFolder, "units.yaml"), yaml.ToString());
        SampleProvince.Write(criteriaFolder, dataFolder, TextWriter.Null);
        log.WriteLine($"data folder {dataFolder}: {clock.Elapsed.TotalSeconds:F1} s");

        await using (var scope = services.CreateAsyncScope())
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<ParIndexDb>());
        async Task<T> Send<T>(IRequest<T> request)
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
        }
        await Send(new ImportDataFolder(Actor.System, criteriaFolder, dataFolder));
        await Send(new ComputeRanking(Actor.System, Published));
        await Send(new PublishRanking(Actor.System, Published, "Số 1/QĐ-UBND (đo)", new DateOnly(Published + 1, 2, 15)));
        await Send(new ComputeRanking(Actor.System, Computed));
        log.WriteLine($"database ready: {clock.Elapsed.TotalSeconds:F1} s");
    }

    internal static Process StartWeb(string webDll, DatabaseOptions database, string address, TextWriter log, string password = Password)
    {
        var dll = Path.GetFullPath(webDll);
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll}: build the web service first (dotnet build -c Release)", dll);
        // The content root is the project folder, so that wwwroot is served as it is in the repository.
        var contentRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", ".."));
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", address, "--contentRoot", contentRoot }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__ParIndex"] = database.ConnectionString;
        start.Environment["Accounts__Office__UserName"] = "office@bench";
        start.Environment["Accounts__Office__Password"] = password;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine($"  [web] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitReadyAsync(HttpClient client, Process web)
    {
        for (var i = 0; i < 600; i++)
        {
            if (web.HasExited) throw new InvalidOperationException($"the web service stopped (exit {web.ExitCode})");
            try
            {
                if ((await client.GetAsync("/css/site.css")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("the web service did not answer within 2 minutes");
    }

    internal static async Task<string> TokenAsync(HttpClient client, string user, string password = Password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = user, password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The Cookie header a browser would send after signing in.</summary>
    internal static async Task<string> CookieAsync(HttpClient client, string user, string password = Password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = user, password });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    /// <summary>The median time (ms) of 9 requests after a first one, which is not counted.</summary>
    internal static async Task<double> TimeOneAsync(HttpClient client, string path, string? cookie)
    {
        await TimeRequestAsync(client, path, cookie);
        var times = new List<double>();
        for (var i = 0; i < 9; i++) times.Add(await TimeRequestAsync(client, path, cookie));
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>The time (ms) of one request with a browser's Accept-Encoding, read to its end; anything but 200 fails.</summary>
    internal static async Task<double> TimeRequestAsync(HttpClient client, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", BrowserAcceptEncoding);
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>One wrk run's figures: requests/s, latency percentiles, and errors (socket errors and non-2xx/3xx answers).</summary>
    public sealed record Wrk(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

    /// <summary>The Accept-Encoding header Chromium sends.</summary>
    private const string BrowserAcceptEncoding = "gzip, deflate, br, zstd";

    internal static Wrk RunWrk(string url, string? cookie, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s" }) start.ArgumentList.Add(a);
        if (cookie is not null) { start.ArgumentList.Add("-H"); start.ArgumentList.Add("Cookie: " + cookie); }
        // What every browser sends (wrk sends no Accept-Encoding of its own); the same on every route, the static file's too.
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("Accept-Encoding: " + BrowserAcceptEncoding);
        start.ArgumentList.Add(url);
        using var wrk = Process.Start(start)!;
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk {url}: exit {wrk.ExitCode}: {wrk.StandardError.ReadToEnd()}");
        return ParseWrk(output);
    }

    /// <summary>Reads wrk's report (public for a test of the parser).</summary>
    public static Wrk ParseWrk(string output)
    {
        var rps = double.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        long errors = 0;
        if (SocketErrors().Match(output) is { Success: true } s)
            errors += s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        if (Non2xx().Match(output) is { Success: true } n) errors += long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture);
        return new Wrk(rps, Percentile(output, "50"), Percentile(output, "99"), errors);
    }

    private static double Percentile(string output, string p)
    {
        var m = Regex.Match(output, $@"^\s*{p}(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success) return double.NaN;
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
