using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Web;

public sealed class OpenApiTests
{
    private TempService _temp = null!;
    private ServiceHost _host = null!;
    private JsonElement _document;

    [OneTimeSetUp]
    public async Task Start()
    {
        _temp = new TempService();
        _host = _temp.Host();
        using var client = await _host.ClientAsync(Roles.Leadership);
        _document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Test]
    public void Document_IsTitledInVietnameseAndEnglish()
    {
        var info = _document.GetProperty("info");

        Assert.That(info.GetProperty("title").GetString(), Does.Contain("Chỉ số cải cách hành chính").And.Contain("PAR Index"));
        Assert.That(info.GetProperty("description").GetString(), Does.Contain("Đăng nhập tại /api/auth/login").And.Contain("Sign in at /api/auth/login"));
    }

    [TestCase("/api/me", "get")]
    [TestCase("/api/health", "get")]
    [TestCase("/api/auth/login", "post")]
    [TestCase("/api/accounts", "post")]
    [TestCase("/api/units/import", "post")]
    [TestCase("/api/criteria-sets/{year}/{group}", "put")]
    [TestCase("/api/rounds/{roundId}/stage", "put")]
    [TestCase("/api/rounds/{roundId}/units/{unitCode}/submissions", "post")]
    [TestCase("/api/rounds/{roundId}/units/{unitCode}/appraisals/{leafCode}", "put")]
    [TestCase("/api/years/{year}/surveys", "post")]
    [TestCase("/api/years/{year}/publications", "post")]
    [TestCase("/api/years/{year}/ranking.json", "get")]
    [TestCase("/api/audit/export", "get")]
    public void Document_ListsEndpoint(string path, string method)
    {
        Assert.That(_document.GetProperty("paths").TryGetProperty(path, out var item), Is.True, $"{path} missing");
        Assert.That(item.TryGetProperty(method, out _), Is.True, $"{method} {path} missing");
    }

    [Test]
    public void EveryOperation_HasASummary()
    {
        var operations = _document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();

        Assert.That(operations, Has.Count.GreaterThan(30));
        Assert.That(operations.Where(o => !o.Operation.TryGetProperty("summary", out var s) || string.IsNullOrWhiteSpace(s.GetString()))
            .Select(o => $"{o.Method} {o.Path}"), Is.Empty);
    }

    [Test]
    public void Document_HidesTestingEndpointAndHasNoRegistration()
    {
        var paths = _document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(paths, Has.None.Contains("/testing/"));
        Assert.That(paths, Has.None.Contains("register"));
    }

    [Test]
    public async Task Document_IsNotPublic()
    {
        Assert.That((await _host.Anonymous().GetAsync("/openapi/v1.json")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
