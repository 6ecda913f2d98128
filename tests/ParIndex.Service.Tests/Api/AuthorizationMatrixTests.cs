using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// Every endpoint × every role × own or other unit → the expected status, over real HTTP, on SQLite and on
/// PostgreSQL, on the imported sample province. "Own" is the focal point of the row's unit, "other" a focal
/// point of another unit. Rows run in order and each row's callers from the least to the most privileged, so
/// the few rows that change state do so last (the office).
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class AuthorizationMatrixTests(DatabaseProvider provider)
{
    private const int Anon = 401, Forbidden = 403;

    private ServiceHost _host = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];
    private int _d24, _e24, _x23, _submission, _survey;

    /// <summary>One row: a request and the status each caller must get.</summary>
    private sealed record Row(string Name, HttpMethod Method, string Url, Func<HttpContent?> Body, string Unit,
        int Office, int Leader, int Own, int Other, int Anonymous = Anon);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(provider);
        var office = Actor.System;
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(office, HandlerHost.Criteria, HandlerHost.Samples));
            async Task<int> Round(int year, string group, RoundStage stage)
            {
                var id = await handlers.Query(db => db.Rounds.Where(r => r.Year == year && r.Group == group).Select(r => r.Id).SingleAsync());
                await handlers.Send(new SetRoundStage(office, id, stage, "chuẩn bị kiểm thử"));
                return id;
            }
            _d24 = await Round(2024, "districts", RoundStage.SelfAssessment);
            _e24 = await Round(2024, "departments", RoundStage.Appraisal1);
            _x23 = await Round(2023, "districts", RoundStage.Explanation);
            _submission = await handlers.Query(db => db.Submissions.Where(s => s.RoundId == _d24 && s.UnitCode == "H-HL").Select(s => s.Id).SingleAsync());
            _survey = await handlers.Query(db => db.SurveyImports.Where(s => s.Year == 2024).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
            await handlers.Send(new ComputeRanking(office, 2024));
        }
        _host = new ServiceHost(database);
        _clients["anonymous"] = _host.Anonymous();
        _clients["office"] = await _host.ClientAsync(Roles.Office);
        _clients["leader"] = await _host.ClientAsync(Roles.Leadership);
        foreach (var unit in new[] { "H-HL", "H-TP", "SO-TC", "SO-NV" })
            _clients["focal " + unit] = await _host.ClientAsync(Roles.FocalPoint, unit);
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

    private IEnumerable<Row> Rows()
    {
        var hl24 = Repo("samples", "2024", "self-assessments", "H-HL.xlsx");
        var tc24 = Repo("samples", "2024", "self-assessments", "SO-TC.xlsx");
        yield return new("me", HttpMethod.Get, "/api/me", () => null, "H-HL", 200, 200, 200, 200);
        yield return new("units", HttpMethod.Get, "/api/units", () => null, "H-HL", 200, 200, 200, 200);
        yield return new("update unit", HttpMethod.Put, "/api/units/H-HL",
            () => Json(new { name = "UBND huyện Hữu Lạc", group = "districts", ranked = true, from = (int?)null, until = (int?)null, reason = "kiểm thử" }),
            "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("import units", HttpMethod.Post, "/api/units/import", () => File(Repo("samples", "units.yaml")), "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("criteria sets", HttpMethod.Get, "/api/criteria-sets", () => null, "H-HL", 200, 200, 200, 200);
        yield return new("criteria set yaml", HttpMethod.Get, "/api/criteria-sets/2024/districts", () => null, "H-HL", 200, 200, 200, 200);
        yield return new("import criteria set", HttpMethod.Put, "/api/criteria-sets/2024/districts",
            () => File(Repo("scoring-criteria", "2024", "districts.yaml")), "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("rounds", HttpMethod.Get, "/api/rounds", () => null, "H-HL", 200, 200, 200, 200);
        yield return new("open round (exists)", HttpMethod.Post, "/api/rounds", () => Json(new { year = 2024, group = "districts" }),
            "H-HL", 409, Forbidden, Forbidden, Forbidden);
        yield return new("set stage", HttpMethod.Put, $"/api/rounds/{_d24}/stage", () => Json(new { stage = "SelfAssessment", reason = "kiểm thử" }),
            "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("dashboard", HttpMethod.Get, $"/api/rounds/{_d24}/dashboard", () => null, "H-HL", 200, 200, Forbidden, Forbidden);
        yield return new("template", HttpMethod.Get, "/api/templates/2024/H-HL", () => null, "H-HL", 200, 200, 200, Forbidden);
        yield return new("upload", HttpMethod.Post, $"/api/rounds/{_d24}/units/H-HL/submissions", () => File(hl24), "H-HL", 201, Forbidden, 201, Forbidden);
        yield return new("submissions", HttpMethod.Get, $"/api/rounds/{_d24}/submissions?unit=H-HL", () => null, "H-HL", 200, 200, 200, Forbidden);
        yield return new("download submission", HttpMethod.Get, $"/api/submissions/{_submission}/file", () => null, "H-HL", 200, 200, 200, Forbidden);
        yield return new("appraisals", HttpMethod.Get, $"/api/rounds/{_e24}/units/SO-TC/appraisals", () => null, "SO-TC", 200, 200, 200, Forbidden);
        yield return new("appraise leaf", HttpMethod.Put, $"/api/rounds/{_e24}/units/SO-TC/appraisals/1.1.1",
            () => Json(new { points = 0.5m, reason = "Kế hoạch ban hành chậm" }), "SO-TC", 200, Forbidden, Forbidden, Forbidden);
        yield return new("appraise from workbook", HttpMethod.Post, $"/api/rounds/{_e24}/units/SO-TC/appraisals/workbook", () => File(tc24),
            "SO-TC", 200, Forbidden, Forbidden, Forbidden);
        yield return new("explanations", HttpMethod.Get, $"/api/rounds/{_x23}/units/H-HL/explanations", () => null, "H-HL", 200, 200, 200, Forbidden);
        yield return new("explain leaf", HttpMethod.Put, $"/api/rounds/{_x23}/units/H-HL/explanations/1.1.1",
            () => Json(new { text = "Kế hoạch ban hành ngày 10/01, kèm văn bản số 12/KH-UBND" }), "H-HL", 200, Forbidden, 200, Forbidden);
        yield return new("surveys", HttpMethod.Get, "/api/years/2024/surveys", () => null, "H-HL", 200, 200, Forbidden, Forbidden);
        yield return new("import survey", HttpMethod.Post, "/api/years/2024/surveys",
            () => File(Repo("samples", "2024", "survey", "khao-sat-districts-2024.xlsx")), "H-HL", 201, Forbidden, Forbidden, Forbidden);
        yield return new("withdraw survey", HttpMethod.Post, $"/api/surveys/{_survey}/withdraw", () => Json(new { reason = "kiểm thử" }),
            "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("compute", HttpMethod.Post, "/api/years/2024/compute", () => null, "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("ranking json (draft)", HttpMethod.Get, "/api/years/2024/ranking.json", () => null, "H-HL", 200, 404, Forbidden, Forbidden);
        yield return new("ranking xlsx (draft)", HttpMethod.Get, "/api/years/2024/ranking.xlsx", () => null, "H-HL", 200, 404, Forbidden, Forbidden);
        yield return new("scorecard", HttpMethod.Get, "/api/years/2024/scorecards/H-HL", () => null, "H-HL", 200, 200, 200, Forbidden);
        yield return new("publications", HttpMethod.Get, "/api/years/2023/publications", () => null, "H-HL", 200, 200, Forbidden, Forbidden);
        yield return new("audit", HttpMethod.Get, "/api/audit", () => null, "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("audit export", HttpMethod.Get, "/api/audit/export", () => null, "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("accounts", HttpMethod.Get, "/api/accounts", () => null, "H-HL", 200, Forbidden, Forbidden, Forbidden);
        yield return new("create account", HttpMethod.Post, "/api/accounts",
            () => Json(new { userName = $"moi-{Guid.NewGuid():N}@test", displayName = "Người mới", role = "focal", unitCode = "H-HL", password = ServiceHost.Password }),
            "H-HL", 201, Forbidden, Forbidden, Forbidden);
        yield return new("publish", HttpMethod.Post, "/api/years/2023/publications",
            () => Json(new { decision = "QĐ 15/QĐ-UBND", date = "2024-02-01" }), "H-HL", 201, Forbidden, Forbidden, Forbidden);
        yield return new("verify publication", HttpMethod.Get, "/api/years/2023/publications/1/verify", () => null, "H-HL", 200, 200, Forbidden, Forbidden);
        yield return new("ranking json (published)", HttpMethod.Get, "/api/years/2023/ranking.json", () => null, "H-HL", 200, 200, Forbidden, Forbidden);
        yield return new("ranking xlsx (published)", HttpMethod.Get, "/api/years/2023/ranking.xlsx", () => null, "H-HL", 200, 200, Forbidden, Forbidden);
    }

    [Test]
    public async Task EveryEndpoint_EveryRole_OwnOrOtherUnit_GetsTheExpectedStatus()
    {
        var mismatches = new List<string>();
        var checkedCalls = 0;
        foreach (var row in Rows())
        {
            var other = row.Unit.StartsWith("SO-", StringComparison.Ordinal) ? "SO-NV" : "H-TP";
            foreach (var (caller, expected) in new[]
                     {
                         ("anonymous", row.Anonymous), ("focal " + other, row.Other), ("focal " + row.Unit, row.Own),
                         ("leader", row.Leader), ("office", row.Office),
                     })
            {
                using var request = new HttpRequestMessage(row.Method, row.Url) { Content = row.Body() };
                using var response = await _clients[caller].SendAsync(request);
                checkedCalls++;
                if ((int)response.StatusCode != expected)
                    mismatches.Add($"{row.Name} as {caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Empty);
            Assert.That(checkedCalls, Is.EqualTo(Rows().Count() * 5));
        });
    }
}
