using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// Every endpoint and page of the route table × {anonymous, office, focal point of the unit, focal point of
/// another unit, leadership} × {published year, unpublished year, year under correction} → the expected status,
/// over real HTTP on SQLite and PostgreSQL, on the imported sample province. The rows come from an expectation
/// table; a route of <see cref="EndpointDataSource"/> without a row fails the test, so a new endpoint or page
/// cannot ship without its rule. Then no leak: before publication and under correction, no one but the office
/// reads draft figures, and the published ones stay as published.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class AuthorizationMatrixTests(DatabaseProvider provider)
{
    private const int Anon = 401, Forbidden = 403, NotFound = 404, Conflict = 409;

    private enum State { Published, Unpublished, Correction }

    /// <summary>
    /// The expected status of each caller. The appraiser (Sở Tư pháp's account, which appraises area 2 of the 2024
    /// departments) reads what leadership reads: unless a row says otherwise (its queue, its leaves, evidence) it gets
    /// leadership's status.
    /// </summary>
    private sealed record Expect(int Office, int Leader, int Own, int Other, int Anonymous = Anon)
    {
        public int? Appraiser { get; init; }

        public Expect And(int appraiser) => this with { Appraiser = appraiser };
    }

    /// <summary>The ids a year-scoped row needs.</summary>
    private sealed record Year(int Number, int Districts, int Departments, int Submission, int Survey, int Evidence = 0)
    {
        public string Hl => Repo("samples", Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "self-assessments", "H-HL.xlsx");
        public string Tc => Repo("samples", Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "self-assessments", "SO-TC.xlsx");
    }

    /// <summary>
    /// One row: the route it covers (as the route table spells it), a request, and the status each caller must
    /// get. A year-scoped row gives one expectation per state of the year; the others give <c>Published</c> only.
    /// </summary>
    private sealed record Row(string Route, string Name, HttpMethod Method, Func<Year, string> Url, Func<Year, State, HttpContent?> Body, string Unit,
        Expect Published, Expect? Unpublished = null, Expect? Correction = null)
    {
        public bool YearScoped => Unpublished is not null;
        public Expect? For(State s) => s switch { State.Published => Published, State.Unpublished => Unpublished, _ => Correction };
    }

    private ServiceHost _host = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];
    private Year _y23 = null!, _y24 = null!;
    private string _published23 = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(provider);
        var office = Actor.System;
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(office, HandlerHost.Criteria, HandlerHost.Samples));
            async Task<int> Round(int year, string group) =>
                await handlers.Query(db => db.Rounds.Where(r => r.Year == year && r.Group == group).Select(r => r.Id).SingleAsync());
            async Task<Year> YearOf(int year)
            {
                var d = await Round(year, "districts");
                return new Year(year, d, await Round(year, "departments"),
                    await handlers.Query(db => db.Submissions.Where(s => s.RoundId == d && s.UnitCode == "H-HL").Select(s => s.Id).SingleAsync()),
                    await handlers.Query(db => db.SurveyImports.Where(s => s.Year == year).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync()));
            }
            _y23 = await YearOf(2023);
            _y24 = await YearOf(2024);
            // Evidence: 2023's attached before publication (not yet submitted), 2024's frozen with a submission.
            _y23 = _y23 with { Evidence = (await handlers.Send(new UploadEvidence(office, _y23.Districts, "H-HL", "1.1.1", "ke-hoach.pdf", EvidenceTests.Pdf("2023")))).Id };
            await handlers.Send(new UploadEvidence(office, _y24.Districts, "H-HL", "1.1.1", "ke-hoach.pdf", EvidenceTests.Pdf("2024")));
            var frozenWith = await handlers.Send(new UploadSelfAssessment(office, _y24.Districts, "H-HL", "H-HL.xlsx", System.IO.File.ReadAllBytes(_y24.Hl)));
            _y24 = _y24 with { Evidence = await handlers.Query(db => db.EvidenceFiles.Where(e => e.SubmissionId == frozenWith.Id).Select(e => e.Id).SingleAsync()) };
            // The demo's state: 2023 published, 2024 in progress (districts in self-assessment, departments in appraisal 1).
            await handlers.Send(new PublishRanking(office, 2023, "QĐ 15/QĐ-UBND", new DateOnly(2024, 2, 15)));
            await handlers.Send(new SetRoundStage(office, _y24.Districts, RoundStage.SelfAssessment, "chuẩn bị kiểm thử"));
            await handlers.Send(new SetRoundStage(office, _y24.Departments, RoundStage.Appraisal1, "chuẩn bị kiểm thử"));
            // Sở Tư pháp appraises area 2 of the 2024 departments (the samples' 2024 sets name no appraiser).
            var departments24 = System.IO.File.ReadAllText(Repo("scoring-criteria", "2024", "departments.yaml"));
            const string area2 = "  - code: \"2\"\n    title: \"Cải cách thể chế\"\n";
            Assert.That(departments24, Does.Contain(area2));
            await handlers.Send(new ImportCriteriaSet(office, "2024/departments.yaml", departments24.Replace(area2, area2 + "    appraised_by: SO-TP\n")));
            await handlers.Send(new ComputeRanking(office, 2024));
            _published23 = await handlers.Query(db => db.Publications.Where(p => p.Year == 2023).Select(p => p.Json).SingleAsync());
        }
        _host = new ServiceHost(database);
        _clients["anonymous"] = _host.Anonymous();
        _clients["office"] = await _host.ClientAsync(Roles.Office);
        _clients["leader"] = await _host.ClientAsync(Roles.Leadership);
        foreach (var unit in new[] { "H-HL", "H-TP", "SO-TC", "SO-NV" })
            _clients["focal " + unit] = await _host.ClientAsync(Roles.FocalPoint, unit);
        _clients["appraiser"] = await _host.ClientAsync(Roles.Appraiser, "SO-TP");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        await _host.DisposeAsync();
    }

    private static string Repo(params string[] parts) => Path.Combine([HandlerHost.RepoRoot, .. parts]);

    private static HttpContent File(string path, string? name = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(System.IO.File.ReadAllBytes(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name ?? Path.GetFileName(path));
        return form;
    }

    private static HttpContent Json(object body) => JsonContent.Create(body);

    /// <summary>A PDF on disk for the evidence rows.</summary>
    private static readonly string EvidencePdf = WritePdf();

    private static string WritePdf()
    {
        var path = Path.Combine(Path.GetTempPath(), "parindex-tests", $"bien-ban-{Guid.NewGuid():N}.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, EvidenceTests.Pdf("matrix"));
        return path;
    }

    private static Func<Year, State, HttpContent?> None => (_, _) => null;

    private static Expect E(int office, int leader, int own, int other, int anonymous = Anon) => new(office, leader, own, other, anonymous);

    /// <summary>The expectation table, in the order the rows run (the few that change state last within their kind).</summary>
    private static IEnumerable<Row> Rows()
    {
        var all = E(200, 200, 200, 200);
        var office = E(200, Forbidden, Forbidden, Forbidden);
        var readers = E(200, 200, Forbidden, Forbidden);
        static Expect page(Expect e) => e with { Anonymous = 302 };
        // Infrastructure.
        yield return new("GET /api/health", "health", HttpMethod.Get, _ => "/api/health", None, "H-HL", E(200, 200, 200, 200, 200));
        yield return new("GET /openapi/{documentName}.json", "openapi", HttpMethod.Get, _ => "/openapi/v1.json", None, "H-HL", all);
        yield return new("GET /api/testing/throw/{kind}", "testing errors", HttpMethod.Get, _ => "/api/testing/throw/not-found", None, "H-HL", E(404, 404, 404, 404));
        yield return new("POST /api/auth/login", "login (wrong password)", HttpMethod.Post, _ => "/api/auth/login",
            (_, _) => Json(new { userName = "khong-co@test", password = "sai" }), "H-HL", E(401, 401, 401, 401, 401));
        yield return new("POST /api/auth/refresh", "refresh (bad token)", HttpMethod.Post, _ => "/api/auth/refresh",
            (_, _) => Json(new { refreshToken = "khong-hop-le" }), "H-HL", E(401, 401, 401, 401, 401));
        yield return new("GET /api/me", "me", HttpMethod.Get, _ => "/api/me", None, "H-HL", all);
        yield return new("GET /api/units/", "units", HttpMethod.Get, _ => "/api/units", None, "H-HL", all);
        yield return new("GET /api/criteria-sets/", "criteria sets", HttpMethod.Get, _ => "/api/criteria-sets", None, "H-HL", all);
        yield return new("GET /api/rounds/", "rounds", HttpMethod.Get, _ => "/api/rounds", None, "H-HL", all);
        yield return new("POST /api/rounds/", "open round (exists)", HttpMethod.Post, _ => "/api/rounds", (_, _) => Json(new { year = 2024, group = "districts" }),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("GET /api/audit/", "audit", HttpMethod.Get, _ => "/api/audit", None, "H-HL", office);
        yield return new("GET /api/audit/export", "audit export", HttpMethod.Get, _ => "/api/audit/export", None, "H-HL", office);
        yield return new("GET /api/baselines", "baselines", HttpMethod.Get, _ => "/api/baselines", None, "H-HL", readers);
        yield return new("GET /api/accounts/", "accounts", HttpMethod.Get, _ => "/api/accounts", None, "H-HL", office);

        // Year-scoped reads: results follow the publication gate.
        yield return new("GET /api/criteria-sets/{year:int}/{group}", "criteria set yaml", HttpMethod.Get, y => $"/api/criteria-sets/{y.Number}/districts", None,
            "H-HL", all, all, all);
        yield return new("GET /api/rounds/{roundId:int}/dashboard", "dashboard", HttpMethod.Get, y => $"/api/rounds/{y.Districts}/dashboard", None,
            "H-HL", readers, readers, readers);
        yield return new("GET /api/templates/{year:int}/{unitCode}", "template", HttpMethod.Get, y => $"/api/templates/{y.Number}/H-HL", None,
            "H-HL", E(200, 200, 200, Forbidden), E(200, 200, 200, Forbidden), E(200, 200, 200, Forbidden));
        yield return new("GET /api/rounds/{roundId:int}/submissions", "submissions", HttpMethod.Get, y => $"/api/rounds/{y.Districts}/submissions?unit=H-HL", None,
            "H-HL", E(200, 200, 200, Forbidden), E(200, Forbidden, 200, Forbidden), E(200, Forbidden, 200, Forbidden));
        yield return new("GET /api/submissions/{submissionId:int}/file", "download submission", HttpMethod.Get, y => $"/api/submissions/{y.Submission}/file", None,
            "H-HL", E(200, 200, 200, Forbidden), E(200, Forbidden, 200, Forbidden), E(200, Forbidden, 200, Forbidden));
        yield return new("GET /api/rounds/{roundId:int}/units/{unitCode}/appraisals", "appraisals", HttpMethod.Get,
            y => $"/api/rounds/{y.Districts}/units/H-HL/appraisals", None,
            "H-HL", E(200, 200, 200, Forbidden), E(200, NotFound, NotFound, Forbidden), E(200, NotFound, NotFound, Forbidden));
        yield return new("GET /api/rounds/{roundId:int}/appraisal-queue", "appraisal queue", HttpMethod.Get, y => $"/api/rounds/{y.Departments}/appraisal-queue", None,
            "SO-TC", office.And(200), office.And(200), office.And(200));
        yield return new("GET /api/rounds/{roundId:int}/appraisal-progress", "appraisal progress", HttpMethod.Get, y => $"/api/rounds/{y.Departments}/appraisal-progress", None,
            "SO-TC", office, office, office);
        yield return new("GET /api/rounds/{roundId:int}/units/{unitCode}/evidence/", "evidence list", HttpMethod.Get,
            y => $"/api/rounds/{y.Districts}/units/H-HL/evidence", None,
            "H-HL", E(200, 200, 200, Forbidden).And(Forbidden), E(200, Forbidden, 200, Forbidden), E(200, Forbidden, 200, Forbidden));
        yield return new("GET /api/evidence/{id:int}", "evidence file", HttpMethod.Get, y => $"/api/evidence/{y.Evidence}", None,
            "H-HL", E(200, 200, 200, NotFound).And(NotFound), E(200, NotFound, 200, NotFound), E(200, NotFound, 200, NotFound));
        yield return new("GET /api/rounds/{roundId:int}/units/{unitCode}/explanations", "explanations", HttpMethod.Get,
            y => $"/api/rounds/{y.Districts}/units/H-HL/explanations", None,
            "H-HL", E(200, 200, 200, Forbidden), E(200, Forbidden, 200, Forbidden), E(200, Forbidden, 200, Forbidden));
        yield return new("GET /api/years/{year:int}/surveys", "surveys", HttpMethod.Get, y => $"/api/years/{y.Number}/surveys", None,
            "H-HL", readers, readers, readers);
        yield return new("GET /api/years/{year:int}/publications", "publications", HttpMethod.Get, y => $"/api/years/{y.Number}/publications", None,
            "H-HL", readers, readers, readers);
        yield return new("GET /api/years/{year:int}/publications/{number:int}/verify", "verify publication", HttpMethod.Get,
            y => $"/api/years/{y.Number}/publications/1/verify", None,
            "H-HL", readers, E(NotFound, NotFound, Forbidden, Forbidden), readers);
        yield return new("GET /api/years/{year:int}/ranking.json", "ranking json", HttpMethod.Get, y => $"/api/years/{y.Number}/ranking.json", None,
            "H-HL", readers, E(200, NotFound, Forbidden, Forbidden), readers);
        yield return new("GET /api/years/{year:int}/ranking.xlsx", "ranking xlsx", HttpMethod.Get, y => $"/api/years/{y.Number}/ranking.xlsx", None,
            "H-HL", readers, E(200, NotFound, Forbidden, Forbidden), readers);
        yield return new("GET /api/years/{year:int}/scorecards/{unitCode}", "scorecard", HttpMethod.Get, y => $"/api/years/{y.Number}/scorecards/H-HL", None,
            "H-HL", E(200, 200, 200, Forbidden), E(200, NotFound, NotFound, Forbidden), E(200, 200, 200, Forbidden));

        // Pages (GET; their POST handlers share the page's route and its rule). Anonymous: redirected to the sign-in page.
        yield return new("PAGE /Login", "login page", HttpMethod.Get, _ => "/login", None, "H-HL", E(200, 200, 200, 200, 200));
        yield return new("PAGE /Logout", "logout page", HttpMethod.Get, _ => "/logout", None, "H-HL", E(302, 302, 302, 302, 302));
        yield return new("PAGE /Forbidden", "forbidden page", HttpMethod.Get, _ => "/forbidden", None, "H-HL", page(all));
        yield return new("PAGE /Index", "home", HttpMethod.Get, _ => "/", None, "H-HL", E(302, 302, 302, 302, 302));
        // The public results page is off unless Publication:Public is true (here it is not): a 404 for everyone, signed in or not.
        yield return new("PAGE /Public/Index", "public results (setting off)", HttpMethod.Get, _ => "/cong-bo/2024", None, "H-HL",
            E(NotFound, NotFound, NotFound, NotFound, NotFound));
        yield return new("PAGE /Office/Index", "office home", HttpMethod.Get, _ => "/Office", None, "H-HL", page(office));
        yield return new("PAGE /Office/Criteria", "office criteria", HttpMethod.Get, _ => "/Office/Criteria", None, "H-HL", page(office));
        yield return new("PAGE /Office/Audit", "office audit", HttpMethod.Get, _ => "/Office/Audit", None, "H-HL", page(office));
        yield return new("PAGE /Office/Units", "office units", HttpMethod.Get, _ => "/Office/Units", None, "H-HL", page(office));
        yield return new("PAGE /Office/Results", "office results", HttpMethod.Get, y => $"/Office/Results?year={y.Number}", None, "H-HL", page(office), page(office), page(office));
        yield return new("PAGE /Office/Round", "office round", HttpMethod.Get, y => $"/Office/Round?id={y.Districts}", None, "H-HL", page(office), page(office), page(office));
        yield return new("PAGE /Office/Surveys", "office surveys", HttpMethod.Get, y => $"/Office/Surveys?year={y.Number}", None, "H-HL", page(office), page(office), page(office));
        yield return new("PAGE /Office/Baselines", "office baselines", HttpMethod.Get, _ => "/Office/Baselines", None, "H-HL", page(office));
        yield return new("PAGE /Office/Appraise", "office appraise", HttpMethod.Get, y => $"/Office/Appraise?round={y.Districts}&unit=H-HL", None,
            "H-HL", page(office), page(office), page(office));
        yield return new("PAGE /Office/Progress", "office appraisal progress", HttpMethod.Get, y => $"/Office/Progress?round={y.Departments}", None,
            "SO-TC", page(office), page(office), page(office));
        yield return new("PAGE /Appraisal/Index", "appraisal queue page", HttpMethod.Get, y => $"/Appraisal?round={y.Departments}", None,
            "SO-TC", page(office).And(200), page(office).And(200), page(office).And(200));
        yield return new("PAGE /Leadership/Index", "leadership ranking", HttpMethod.Get, y => $"/Leadership?year={y.Number}&group=districts", None,
            "H-HL", page(readers), page(readers), page(readers));
        yield return new("PAGE /Leadership/Unit", "leadership unit", HttpMethod.Get, _ => "/Leadership/Unit?code=H-HL", None, "H-HL", page(readers), page(readers), page(readers));
        // The unit's own pages are its focal point's (and the office's, leadership's); an appraiser works from its queue.
        yield return new("PAGE /Unit/Index", "unit home", HttpMethod.Get, _ => "/Unit?unit=H-HL", None, "H-HL",
            page(E(200, 200, 200, Forbidden)).And(Forbidden), page(E(200, 200, 200, Forbidden)).And(Forbidden), page(E(200, 200, 200, Forbidden)).And(Forbidden));
        yield return new("PAGE /Unit/Scorecard", "unit scorecard", HttpMethod.Get, y => $"/Unit/Scorecard?year={y.Number}&unit=H-HL", None, "H-HL",
            page(E(200, 200, 200, Forbidden)), page(E(200, 200, 200, Forbidden)), page(E(200, 200, 200, Forbidden)));
        yield return new("PAGE /Unit/Form", "unit form", HttpMethod.Get, y => $"/Unit/Form?year={y.Number}&unit=H-HL", None, "H-HL",
            page(E(200, 200, 200, Forbidden)), page(E(200, 200, 200, Forbidden)).And(Forbidden), page(E(200, 200, 200, Forbidden)));
        yield return new("PAGE /Unit/History", "unit history", HttpMethod.Get, _ => "/Unit/History?unit=H-HL", None, "H-HL",
            page(E(200, 200, 200, Forbidden)), page(E(200, 200, 200, Forbidden)), page(E(200, 200, 200, Forbidden)));
        yield return new("PAGE /Unit/Explanations", "unit explanations", HttpMethod.Get, y => $"/Unit/Explanations?year={y.Number}&unit=H-HL", None, "H-HL",
            page(E(200, 200, 200, Forbidden)), page(E(200, 200, 200, Forbidden)).And(Forbidden), page(E(200, 200, 200, Forbidden)));

        // Mutations: a published year refuses them (409); before publication and in a correction the office (and the unit) may.
        yield return new("PUT /api/units/{code}", "update unit", HttpMethod.Put, _ => "/api/units/H-HL",
            (_, _) => Json(new { name = "UBND huyện Hữu Lạc", group = "districts", ranked = true, from = (int?)null, until = (int?)null, reason = "kiểm thử" }),
            "H-HL", office);
        yield return new("POST /api/units/import", "import units", HttpMethod.Post, _ => "/api/units/import", (_, _) => File(Repo("samples", "units.yaml")), "H-HL", office);
        yield return new("PUT /api/criteria-sets/{year:int}/{group}", "import criteria set", HttpMethod.Put, y => $"/api/criteria-sets/{y.Number}/districts",
            (y, _) => File(Repo("scoring-criteria", y.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "districts.yaml")),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), office, E(Conflict, Forbidden, Forbidden, Forbidden));
        // The samples' rounds set no self-assessment deadline: an extension is refused as needless for the office (409), and
        // for anyone else before anything is looked at (403).
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/extensions", "extend a unit's deadline", HttpMethod.Post,
            y => $"/api/rounds/{y.Districts}/units/H-HL/extensions", (_, _) => Json(new { door = "Submission", until = "2099-12-31", reason = "kiểm thử" }),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), E(Conflict, Forbidden, Forbidden, Forbidden), E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("PUT /api/rounds/{roundId:int}/schedule", "set a round's schedule", HttpMethod.Put, y => $"/api/rounds/{y.Districts}/schedule",
            (_, _) => Json(new { selfAssessmentDeadline = (string?)null }),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), office, office);
        yield return new("PUT /api/rounds/{roundId:int}/stage", "set stage", HttpMethod.Put, y => $"/api/rounds/{y.Districts}/stage",
            (_, s) => Json(new { stage = s == State.Correction ? "Appraisal2" : "SelfAssessment", reason = "kiểm thử" }),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), office, office);
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/submissions", "upload", HttpMethod.Post,
            y => $"/api/rounds/{y.Districts}/units/H-HL/submissions", (y, _) => File(y.Hl),
            "H-HL", E(Conflict, Forbidden, Conflict, Forbidden), E(201, Forbidden, 201, Forbidden), E(201, Forbidden, Conflict, Forbidden));
        // After the uploads above the unit's own focal point withdraws what stands (the office, next, finds nothing left: 409);
        // outside the self-assessment stage nobody withdraws.
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/withdrawal", "withdraw a submission", HttpMethod.Post,
            y => $"/api/rounds/{y.Districts}/units/H-HL/withdrawal", None,
            "H-HL", E(Conflict, Forbidden, Conflict, Forbidden), E(Conflict, Forbidden, 200, Forbidden), E(Conflict, Forbidden, Conflict, Forbidden));
        // And submits again, so that the year's draft has H-HL's figures for the checks after the rows.
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/submissions", "upload again after withdrawing", HttpMethod.Post,
            y => $"/api/rounds/{y.Districts}/units/H-HL/submissions", (y, _) => File(y.Hl),
            "H-HL", E(Conflict, Forbidden, Conflict, Forbidden), E(201, Forbidden, 201, Forbidden), E(201, Forbidden, Conflict, Forbidden));
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/evidence/{leafCode}", "attach evidence", HttpMethod.Post,
            y => $"/api/rounds/{y.Districts}/units/H-HL/evidence/1.1.2", (_, _) => File(EvidencePdf, "bien-ban.pdf"),
            "H-HL", E(Conflict, Forbidden, Conflict, Forbidden), E(201, Forbidden, 201, Forbidden), E(201, Forbidden, Conflict, Forbidden));
        // 2024's file is frozen with a submission (409 for those who may change the unit); 2023's, under correction, is
        // dropped by the office, the last caller (the unit may not change anything in appraisal 2).
        yield return new("DELETE /api/evidence/{id:int}", "drop evidence", HttpMethod.Delete, y => $"/api/evidence/{y.Evidence}", None,
            "H-HL", E(Conflict, Forbidden, Conflict, NotFound).And(NotFound), E(Conflict, NotFound, Conflict, NotFound), E(200, NotFound, Conflict, NotFound));
        yield return new("PUT /api/rounds/{roundId:int}/units/{unitCode}/appraisals/{leafCode}", "appraise leaf", HttpMethod.Put,
            y => $"/api/rounds/{y.Departments}/units/SO-TC/appraisals/1.1.1", (_, _) => Json(new { points = 0.5m, reason = "Kế hoạch ban hành chậm" }),
            "SO-TC", E(Conflict, Forbidden, Forbidden, Forbidden), office, E(Conflict, Forbidden, Forbidden, Forbidden));
        // The appraiser's own leaves (area 2 of the 2024 departments): it may, in the appraisal round, like the office; the 2023
        // set names no appraiser, so there it is refused before anything is said about the published round.
        yield return new("PUT /api/rounds/{roundId:int}/units/{unitCode}/appraisals/{leafCode}", "appraise leaf (appraiser's area)", HttpMethod.Put,
            y => $"/api/rounds/{y.Departments}/units/SO-TC/appraisals/2.1.1", (_, _) => Json(new { points = 0m, reason = "Chưa lấy ý kiến thẩm định" }),
            "SO-TC", E(Conflict, Forbidden, Forbidden, Forbidden), office.And(200), E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/appraisals/{leafCode}/accept", "accept self-score (appraiser's area)", HttpMethod.Post,
            y => $"/api/rounds/{y.Departments}/units/SO-TC/appraisals/2.1.2/accept", (_, _) => Json(new { reason = (string?)null }),
            "SO-TC", E(Conflict, Forbidden, Forbidden, Forbidden), office.And(200), E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/appraisals/{leafCode}/accept", "accept self-score", HttpMethod.Post,
            y => $"/api/rounds/{y.Departments}/units/SO-TC/appraisals/1.1.2/accept", (_, _) => Json(new { reason = (string?)null }),
            "SO-TC", E(Conflict, Forbidden, Forbidden, Forbidden), office, E(Conflict, Forbidden, Forbidden, Forbidden));
        // Nothing is appraised in the rounds the rows see (or they are published): the closing is refused for the office.
        yield return new("POST /api/rounds/{roundId:int}/appraisal-closure", "close appraisal", HttpMethod.Post,
            y => $"/api/rounds/{y.Departments}/appraisal-closure", (_, _) => Json(new { decision = "Biên bản kiểm thử", date = "2025-03-01" }),
            "SO-TC", E(Conflict, Forbidden, Forbidden, Forbidden), E(Conflict, Forbidden, Forbidden, Forbidden), E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/rounds/{roundId:int}/units/{unitCode}/appraisals/workbook", "appraise from workbook", HttpMethod.Post,
            y => $"/api/rounds/{y.Departments}/units/SO-TC/appraisals/workbook", (y, _) => File(y.Tc),
            "SO-TC", E(Conflict, Forbidden, Forbidden, Forbidden), office, E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("PUT /api/rounds/{roundId:int}/units/{unitCode}/explanations/{leafCode}", "explain leaf", HttpMethod.Put,
            y => $"/api/rounds/{y.Districts}/units/H-HL/explanations/1.1.1", (_, _) => Json(new { text = "Kế hoạch ban hành ngày 10/01, kèm văn bản số 12/KH-UBND" }),
            "H-HL", E(Conflict, Forbidden, Conflict, Forbidden), E(Conflict, Forbidden, Conflict, Forbidden), E(Conflict, Forbidden, Conflict, Forbidden));
        yield return new("POST /api/years/{year:int}/surveys", "import survey", HttpMethod.Post, y => $"/api/years/{y.Number}/surveys",
            (y, _) => File(Repo("samples", y.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "survey", $"khao-sat-districts-{y.Number}.xlsx")),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), E(201, Forbidden, Forbidden, Forbidden), E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/surveys/{id:int}/withdraw", "withdraw survey", HttpMethod.Post, y => $"/api/surveys/{y.Survey}/withdraw",
            (_, _) => Json(new { reason = "kiểm thử" }),
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), office, E(Conflict, Forbidden, Forbidden, Forbidden));
        // 2024's communes were not assessed in ParIndex: the office imports their published annex (again and again: it replaces).
        yield return new("POST /api/years/{year:int}/baselines/{group}", "import baseline", HttpMethod.Post, _ => "/api/years/2024/baselines/communes",
            (_, _) => File(Repo("samples", "2024", "published", "communes.xlsx")), "H-HL", E(201, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/years/{year:int}/compute", "compute", HttpMethod.Post, y => $"/api/years/{y.Number}/compute", None,
            "H-HL", E(Conflict, Forbidden, Forbidden, Forbidden), office, E(Conflict, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/years/{year:int}/publications", "publish (no decision)", HttpMethod.Post, y => $"/api/years/{y.Number}/publications",
            (_, _) => Json(new { decision = "", date = "2025-02-01" }),
            "H-HL", E(400, Forbidden, Forbidden, Forbidden), E(400, Forbidden, Forbidden, Forbidden), E(400, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/accounts/", "create account", HttpMethod.Post, _ => "/api/accounts",
            (_, _) => Json(new { userName = $"moi-{Guid.NewGuid():N}@test", displayName = "Người mới", role = "focal", unitCode = "H-HL", password = ServiceHost.Password }),
            "H-HL", E(201, Forbidden, Forbidden, Forbidden));
        yield return new("POST /api/auth/logout", "logout", HttpMethod.Post, _ => "/api/auth/logout", (_, _) => Json(new { refreshToken = "khong-co" }),
            "H-HL", E(204, 204, 204, 204));
    }

    /// <summary>Every route of the service, as the expectation table names them.</summary>
    private IReadOnlyList<string> RouteTable()
    {
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                routes.Add("PAGE " + page.ViewEnginePath);
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
                routes.Add($"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}");
        }
        return routes.ToList();
    }

    [Test]
    public void EveryRouteOfTheRouteTable_HasARowInTheExpectationTable()
    {
        var covered = Rows().Select(r => r.Route).ToHashSet(StringComparer.Ordinal);
        var table = RouteTable();
        Assert.Multiple(() =>
        {
            Assert.That(table.Where(r => !covered.Contains(r)), Is.Empty, "routes without a row");
            Assert.That(covered.Where(r => !table.Contains(r)), Is.Empty, "rows for routes that do not exist");
            Assert.That(table, Has.Count.GreaterThan(40));
        });
    }

    private async Task<List<string>> RunAsync(IEnumerable<(Row Row, Year Year, State State)> calls)
    {
        var mismatches = new List<string>();
        foreach (var (row, year, state) in calls)
        {
            var expect = row.For(state)!;
            var other = row.Unit.StartsWith("SO-", StringComparison.Ordinal) ? "SO-NV" : "H-TP";
            foreach (var (caller, expected) in new[]
                     {
                         ("anonymous", expect.Anonymous), ("focal " + other, expect.Other), ("appraiser", expect.Appraiser ?? expect.Leader),
                         ("focal " + row.Unit, expect.Own),
                         ("leader", expect.Leader), ("office", expect.Office),
                     })
            {
                using var request = new HttpRequestMessage(row.Method, row.Url(year)) { Content = row.Body(year, state) };
                using var response = await _clients[caller].SendAsync(request);
                if ((int)response.StatusCode != expected)
                    mismatches.Add($"{row.Name} ({state} {year.Number}) as {caller}: expected {expected}, got {(int)response.StatusCode} {Short(await response.Content.ReadAsStringAsync())}");
            }
        }
        return mismatches;
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] : text;

    private async Task<string> TextAsync(string caller, string url)
    {
        using var response = await _clients[caller].GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{caller} {url}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static decimal IndexOf(string json, string unit)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("units").EnumerateArray())
            .Single(u => u.GetProperty("unitCode").GetString() == unit).GetProperty("index").GetDecimal();
    }

    /// <summary>
    /// Leadership reads no input of an unpublished round: not the submissions, their workbooks, the explanations nor the
    /// web form; the unit's pages show a plain state instead, while the office and the unit still see the revision.
    /// </summary>
    [Test]
    public async Task Leadership_ReadsNoInputOfAnUnpublishedRound_ThePagesSayNotYetPublished()
    {
        const string notPublished = "Kết quả và hồ sơ của năm 2024 chưa công bố.";
        using var list = await _clients["leader"].GetAsync($"/api/rounds/{_y24.Districts}/submissions?unit=H-HL");
        using var file = await _clients["leader"].GetAsync($"/api/submissions/{_y24.Submission}/file");
        using var all = await _clients["leader"].GetAsync($"/api/rounds/{_y24.Districts}/submissions");
        var home = await TextAsync("leader", "/Unit?unit=H-HL&year=2024");
        var form = await TextAsync("leader", "/Unit/Form?year=2024&unit=H-HL");
        var explanations = await TextAsync("leader", "/Unit/Explanations?year=2024&unit=H-HL");
        Assert.Multiple(async () =>
        {
            foreach (var response in new[] { list, file, all })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), response.RequestMessage!.RequestUri!.PathAndQuery);
                var body = await response.Content.ReadAsStringAsync();
                Assert.That(body, Does.Contain(notPublished));
                Assert.That(body, Does.Not.Contain("H-HL.xlsx"));
            }
            foreach (var page in new[] { home, form, explanations }) Assert.That(page, Does.Contain(notPublished));
            Assert.That(home, Does.Not.Contain("H-HL.xlsx"), "no revision listed to leadership");
            Assert.That(home, Does.Not.Contain("handler=Submission"), "no workbook link for leadership");
            Assert.That(form, Does.Not.Contain("self-assessment-form"), "no form for leadership");
            foreach (var caller in new[] { "office", "focal H-HL" })
            {
                var page = await TextAsync(caller, "/Unit?unit=H-HL&year=2024");
                Assert.That(page, Does.Not.Contain(notPublished), caller);
                Assert.That(page, Does.Contain("H-HL.xlsx"), caller);
            }
        });
    }

    [Test]
    public async Task EveryRoute_EveryCaller_PublishedUnpublishedAndUnderCorrection_GetsTheExpectedStatus_AndNoDraftLeaks()
    {
        // Phase 1: 2023 published, 2024 unpublished.
        var rows = Rows().ToList();
        var phase1 = rows.SelectMany(r => r.YearScoped
            ? new[] { (r, _y23, State.Published), (r, _y24, State.Unpublished) }
            : new[] { (r, _y23, State.Published) });
        var mismatches = await RunAsync(phase1);

        // Before publication nobody but the office reads 2024's figures.
        var draft24 = await TextAsync("office", "/api/years/2024/ranking.json");
        var hl24 = Numbers.Vi(IndexOf(draft24, "H-HL"));
        foreach (var caller in new[] { "leader", "focal H-HL" })
        {
            var scorecard = await TextAsync(caller, "/Unit/Scorecard?year=2024&unit=H-HL");
            var history = await TextAsync(caller, "/Unit/History?unit=H-HL");
            Assert.That(scorecard, Does.Not.Match(@"đứng thứ \d+/\d+"), caller);
            Assert.That(scorecard, Does.Not.Contain($">{hl24}<"), caller);
            Assert.That(history, Does.Not.Match(@"<tr data-year=""2024"">(?:(?!</tr>).)*?<td class=""num index"">\d").IgnoreCase, caller);
        }
        var leaderRanking = await TextAsync("leader", "/Leadership?year=2024&group=districts");
        Assert.That(leaderRanking, Does.Not.Contain($">{hl24}<"));

        // Phase 2: the office reopens 2023's districts round to correct it and enters an appraisal.
        var reopen = await _clients["office"].PutAsJsonAsync($"/api/rounds/{_y23.Districts}/stage", new { stage = "Appraisal2", reason = "Đính chính điểm của H-HL" });
        Assert.That(reopen.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reopen.Content.ReadAsStringAsync());
        var appraised = await _clients["office"].PutAsJsonAsync($"/api/rounds/{_y23.Districts}/units/H-HL/appraisals/1.1.1", new { points = 0m, reason = "Đính chính: không có kế hoạch" });
        Assert.That(appraised.StatusCode, Is.EqualTo(HttpStatusCode.OK), await appraised.Content.ReadAsStringAsync());
        mismatches.AddRange(await RunAsync(rows.Where(r => r.YearScoped).Select(r => (r, _y23, State.Correction))));

        // Under correction: the office reads the draft; leadership and the unit the publication, unchanged.
        var draft23 = await TextAsync("office", "/api/years/2023/ranking.json");
        var published = Numbers.Vi(IndexOf(_published23, "H-HL"));
        var corrected = Numbers.Vi(IndexOf(draft23, "H-HL"));
        Assert.That(corrected, Is.Not.EqualTo(published), "the correction changed H-HL's index");
        Assert.Multiple(async () =>
        {
            Assert.That(await TextAsync("leader", "/api/years/2023/ranking.json"), Is.EqualTo(_published23));
            Assert.That(await TextAsync("leader", "/api/years/2023/ranking.json?publication=1"), Is.EqualTo(_published23));
            foreach (var caller in new[] { "leader", "focal H-HL" })
            {
                var page = await TextAsync(caller, "/Unit/Scorecard?year=2023&unit=H-HL");
                Assert.That(page, Does.Contain($">{published}<"), caller);
                Assert.That(page, Does.Not.Contain($">{corrected}<"), caller);
            }
            var ranking = await TextAsync("leader", "/Leadership?year=2023&group=districts");
            Assert.That(ranking, Does.Contain(published));
            Assert.That(ranking, Does.Not.Contain($">{corrected}<"));
            Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
        });
    }
}
