using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Web;

/// <summary>
/// What every answer and every session carries, over real HTTP on Kestrel (127.0.0.1, a free port), on the imported
/// sample province: security headers, cookie flags, antiforgery on every form, API changes only with a bearer token,
/// no inside detail in errors, data-protection keys beside the database, and user text that stays text in every
/// export and page (a unit name, an explanation and an appraisal reason that look like formulas and markup).
/// </summary>
[NonParallelizable]
public sealed partial class WebHygieneTests
{
    private const string HostileName = "=HYPERLINK(\"http://ke-gian.example/x\",\"Bấm vào\") <script>alert('ten')</script>";
    private const string HostileExplanation = "+1+1 giải trình <img src=x onerror=alert(1)>";
    private const string HostileReason = "@SUM(1,1) lý do <script>alert('ly-do')</script>";

    private TempService _temp = null!;
    private ServiceHost _host = null!;
    private HttpClient _office = null!;
    private HttpClient _officeBearer = null!;
    private HttpClient _leader = null!;
    private HttpClient _focal = null!;
    private int _round;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempService();
        await using (var handlers = await HandlerHost.StartAsync(_temp.Database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            _round = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            var unit = await handlers.Query(db => db.Units.SingleAsync(u => u.Code == "H-HL"));
            await handlers.Send(new UpdateUnit(Actor.System, unit.Code, HostileName, unit.Group, unit.Ranked, unit.FromYear, unit.UntilYear, "kiểm thử"));
            var yaml = await handlers.Query(db => db.CriteriaSets.Where(c => c.Year == 2024 && c.Group == "districts").Select(c => c.Yaml).SingleAsync());
            var criterion = ParIndex.Criteria.CriteriaLoader.Load(new StringReader(yaml), "2024/districts.yaml").Set!
                .Leaves().First(l => l.IsRegularLeaf && !l.IsSurvey);
            var leaf = new { LeafCode = criterion.Code, Points = criterion.Max!.Value };
            await handlers.Send(new SetRoundStage(Actor.System, _round, RoundStage.Explanation, "kiểm thử"));
            await handlers.Send(new RecordExplanation(new Actor("dau-moi", ActorRole.FocalPoint, "H-HL"), _round, "H-HL", leaf.LeafCode, HostileExplanation));
            await handlers.Send(new SetRoundStage(Actor.System, _round, RoundStage.Appraisal2, "kiểm thử"));
            await handlers.Send(new RecordAppraisal(Actor.System, _round, "H-HL", leaf.LeafCode, leaf.Points, HostileReason));
            await handlers.Send(new ComputeRanking(Actor.System, 2024));
        }
        _host = _temp.Kestrel();
        _office = await _host.ClientAsync(Roles.Office, cookies: true);
        _officeBearer = await _host.ClientAsync(Roles.Office);
        _leader = await _host.ClientAsync(Roles.Leadership, cookies: true);
        _focal = await _host.ClientAsync(Roles.FocalPoint, "H-HL", cookies: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in new[] { _office, _officeBearer, _leader, _focal }) c?.Dispose();
        await _host.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Test]
    public void TheServiceListensOnKestrel_NotInMemory() =>
        Assert.That(_host.BaseAddress.Host, Is.EqualTo("127.0.0.1"));

    private static readonly string[] Pages =
        ["/", "/Office", "/Office/Surveys", "/Office/Results", "/Office/Units", "/Office/Criteria", "/Office/Audit",
         "/Leadership?year=2024&group=districts", "/Leadership/Unit?code=H-HL"];

    [Test]
    public async Task EveryAnswer_CarriesTheSecurityHeaders()
    {
        var anonymous = _host.Anonymous();
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("login page", await anonymous.GetAsync("/login")),
            ("style sheet", await anonymous.GetAsync("/css/site.css")),
            ("script", await anonymous.GetAsync("/js/site.js")),
            ("redirect to sign in", await anonymous.GetAsync("/Office")),
            ("API 401", await anonymous.GetAsync("/api/me")),
            ("unknown address", await anonymous.GetAsync("/api/khong-co")),
            ("API 500", await _officeBearer.GetAsync("/api/testing/throw/crash")),
            ("office page", await _office.GetAsync("/Office")),
            ("ranking xlsx", await _officeBearer.GetAsync("/api/years/2024/ranking.xlsx")),
        };
        Assert.Multiple(() =>
        {
            foreach (var (what, r) in answers)
            {
                Assert.That(Header(r, "Content-Security-Policy"), Is.EqualTo(ParIndex.Web.Hosting.WebHygiene.ContentSecurityPolicy), what);
                var directives = (Header(r, "Content-Security-Policy") ?? "").Split(';', StringSplitOptions.TrimEntries);
                Assert.That(directives, Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'"), what);
                Assert.That(Header(r, "X-Content-Type-Options"), Is.EqualTo("nosniff"), what);
                Assert.That(Header(r, "X-Frame-Options"), Is.EqualTo("DENY"), what);
                Assert.That(Header(r, "Referrer-Policy"), Is.EqualTo("same-origin"), what);
                Assert.That(r.Headers.Contains("Strict-Transport-Security"), Is.False, $"{what}: no HSTS over plain HTTP");
            }
        });
    }

    [Test]
    public async Task Errors_ShowNothingOfTheInside()
    {
        var response = await _officeBearer.GetAsync("/api/testing/throw/crash");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body, Does.Contain("Máy chủ gặp lỗi không mong muốn"));
            Assert.That(body, Does.Not.Contain("hunter2").And.Not.Contain("InvalidOperationException").And.Not.Contain(" at ParIndex").And.Not.Contain(".cs:line"));
        });
    }

    [Test]
    public async Task Pages_HaveNoInlineScript_AndEveryPostFormCarriesAnAntiforgeryToken()
    {
        var forms = 0;
        foreach (var (client, page) in Pages.Select(p => (_office, p)).Append((_focal, "/Unit")).Append((_focal, "/Unit/Explanations?year=2024"))
                     .Append((_office, $"/Office/Appraise?round={_round}&unit=H-HL")).Append((_host.Anonymous(), "/login")))
        {
            var response = await client.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"GET {page}: {html}");
            Assert.Multiple(() =>
            {
                Assert.That(ScriptWithoutSrc().Matches(html), Is.Empty, $"{page}: an inline <script>");
                Assert.That(HandlerAttribute().Matches(html).Select(m => m.Value), Is.Empty, $"{page}: an on…= handler attribute");
                Assert.That(html, Does.Not.Contain("javascript:"), page);
                foreach (Match form in PostForm().Matches(html))
                {
                    // The layout's sign-out is the one form without a token, by design (LogoutModel; CookieTicketTests).
                    if (form.Value.Contains("action=\"/logout\"", StringComparison.Ordinal)) continue;
                    forms++;
                    Assert.That(form.Value, Does.Contain("name=\"__RequestVerificationToken\""), $"{page}: a form without antiforgery token: {form.Value[..Math.Min(200, form.Value.Length)]}");
                }
            });
        }
        Assert.That(forms, Is.GreaterThanOrEqualTo(8), "the pages' post forms were found");
    }

    [Test]
    public async Task APageForm_PostedWithoutItsToken_IsRefused()
    {
        var response = await _office.PostAsync("/Office?handler=Open", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["year"] = "2031", ["group"] = "districts",
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var rounds = await _host.WithDbAsync(db => db.Rounds.CountAsync(r => r.Year == 2031));
        Assert.That(rounds, Is.Zero);
    }

    [Test]
    public async Task ApiChanges_WithTheBrowserCookieAlone_AreRefused_WithABearerTokenAccepted()
    {
        var cookie = await _office.PostAsJsonAsync("/api/rounds", new { year = 2032, group = "districts" });
        var bearer = await _officeBearer.PostAsJsonAsync("/api/rounds", new { year = 2033, group = "districts" });
        var read = await _office.GetAsync("/api/rounds?year=2024");

        Assert.Multiple(async () =>
        {
            Assert.That(cookie.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await cookie.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), Does.Contain("bearer token"));
            Assert.That(await _host.WithDbAsync(db => db.Rounds.CountAsync(r => r.Year == 2032)), Is.Zero);
            Assert.That((int)bearer.StatusCode, Is.Not.EqualTo(403).And.LessThan(500), await bearer.Content.ReadAsStringAsync());
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a cookie still reads the API");
        });
    }

    [Test]
    public async Task SessionCookies_AreHttpOnlyAndStrict_AndNotSecureOverPlainHttp()
    {
        await _host.CreateUserAsync("cookie-flags@test", Roles.Leadership);
        var login = await _host.Anonymous().PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = "cookie-flags@test", password = ServiceHost.Password });
        var page = await _host.Anonymous().GetAsync("/login");

        var session = SetCookie(login, "ParIndex=");
        var antiforgery = SetCookie(page, "ParIndex.Antiforgery=");
        Assert.Multiple(() =>
        {
            foreach (var cookie in new[] { session, antiforgery })
            {
                Assert.That(cookie, Does.Contain("httponly").IgnoreCase);
                Assert.That(cookie, Does.Contain("samesite=strict").IgnoreCase);
                Assert.That(cookie, Does.Not.Contain("secure;").IgnoreCase.And.Not.EndWith("secure"));
            }
        });
    }

    [Test]
    public async Task OverHttps_CookiesAreSecure_AndHstsIsSent()
    {
        using var certificate = SelfSigned();
        await using var https = ServiceHost.OverKestrel(_temp.Database, certificate: certificate);
        await https.CreateUserAsync("https@test", Roles.Leadership);
        using var client = https.HttpsClient();

        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = "https@test", password = ServiceHost.Password });
        var page = await client.GetAsync("/login");

        Assert.Multiple(() =>
        {
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(SetCookie(login, "ParIndex="), Does.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
            Assert.That(SetCookie(page, "ParIndex.Antiforgery="), Does.Contain("secure").IgnoreCase);
            Assert.That(Header(page, "Strict-Transport-Security"), Does.StartWith("max-age=31536000"));
            Assert.That(Header(page, "Content-Security-Policy"), Is.EqualTo(ParIndex.Web.Hosting.WebHygiene.ContentSecurityPolicy));
        });
    }

    [Test]
    public async Task DataProtectionKeys_LiveBesideTheDatabase_AndATokenSurvivesARestart()
    {
        var keys = Path.Combine(_temp.Folder, "parindex-keys");
        Assert.That(Directory.GetFiles(keys, "key-*.xml"), Is.Not.Empty, "the key ring is in a folder beside the database");

        // Another process of the service on the same data reads the token the first one issued.
        var token = _officeBearer.DefaultRequestHeaders.Authorization!;
        await using var restarted = ServiceHost.OverKestrel(_temp.Database);
        using var client = restarted.Anonymous();
        client.DefaultRequestHeaders.Authorization = token;
        var me = await client.GetAsync("/api/me");

        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), await me.Content.ReadAsStringAsync());
        Assert.That(Directory.GetFiles(keys, "key-*.xml"), Has.Length.EqualTo(1), "the restart used the same key");
    }

    [Test]
    public async Task UserText_StaysText_InTheRankingWorkbook()
    {
        var cells = await CellsAsync(_officeBearer, "/api/years/2024/ranking.xlsx");
        AssertText(cells, HostileName);
    }

    [Test]
    public async Task UserText_StaysText_InTheScorecardWorkbook()
    {
        var cells = await CellsAsync(_officeBearer, "/api/years/2024/scorecards/H-HL");
        AssertText(cells, HostileExplanation);
        AssertText(cells, HostileReason);
        Assert.That(cells.Any(c => c.Text.Contains(HostileName, StringComparison.Ordinal)), Is.True, "the unit's name is on the scorecard");
    }

    [Test]
    public async Task UserText_IsQuoted_InTheCsv()
    {
        var csv = await _office.GetStringAsync("/Leadership?year=2024&group=districts&handler=Csv");
        var line = csv.Split("\r\n").Single(l => l.Contains("H-HL", StringComparison.Ordinal));
        Assert.That(line, Does.Contain("\"'=HYPERLINK(\"\"http://ke-gian.example/x\"\",\"\"Bấm vào\"\") <script>alert('ten')</script>\""));
    }

    [Test]
    public async Task UserText_IsEncoded_InThePages()
    {
        foreach (var (client, page) in new[]
                 {
                     (_office, "/Leadership?year=2024&group=districts"), (_office, "/Leadership/Unit?code=H-HL"),
                     (_office, $"/Office/Appraise?round={_round}&unit=H-HL"), (_focal, "/Unit/Explanations?year=2024"), (_office, "/Office/Units"),
                 })
        {
            var html = await client.GetStringAsync(page);
            Assert.Multiple(() =>
            {
                Assert.That(html, Does.Not.Contain("<script>alert"), page);
                Assert.That(html, Does.Not.Contain("<img src=x"), page);
                Assert.That(html, Does.Contain("&lt;script&gt;alert").Or.Contain("&lt;img src=x"), $"{page} shows the text, encoded");
            });
        }
    }

    private static void AssertText(List<(string Address, string Text, bool Formula, XLDataType Type)> cells, string text)
    {
        var found = cells.Where(c => c.Text.Contains(text, StringComparison.Ordinal)).ToList();
        Assert.That(found, Is.Not.Empty, $"\"{text}\" is in the workbook");
        Assert.Multiple(() =>
        {
            foreach (var c in found)
            {
                Assert.That(c.Formula, Is.False, $"{c.Address} is not a formula");
                Assert.That(c.Type, Is.EqualTo(XLDataType.Text), $"{c.Address} is text");
            }
            Assert.That(cells.Where(c => c.Formula).Select(c => c.Address), Is.Empty, "no cell of the export is a formula");
        });
    }

    private static async Task<List<(string Address, string Text, bool Formula, XLDataType Type)>> CellsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var wb = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return wb.Worksheets.SelectMany(ws => ws.CellsUsed(XLCellsUsedOptions.Contents))
            .Select(c => (c.Worksheet.Name + "!" + c.Address, c.HasFormula ? "=" + c.FormulaA1 : c.GetString(), c.HasFormula, c.DataType)).ToList();
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

    private static string SetCookie(HttpResponseMessage r, string prefix)
    {
        var cookie = r.Headers.TryGetValues("Set-Cookie", out var all) ? all.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal)) : null;
        Assert.That(cookie, Is.Not.Null, $"a {prefix} cookie is set");
        return cookie!;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithoutSrc();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>.*?</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PostForm();
}
