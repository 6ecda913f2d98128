using System.Net;
using System.Text.Json;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Web;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public sealed class ProblemDetailsTests(DatabaseProvider provider)
{
    private TempService _temp = null!;
    private ServiceHost _host = null!;
    private HttpClient _office = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _temp = new TempService(provider);
        _host = _temp.Host();
        _office = await _host.ClientAsync(Roles.Office);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _office.Dispose();
        await _host.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [TestCase("not-found", 404, "Không tìm thấy", "Không có vòng đánh giá số 99.")]
    [TestCase("forbidden", 403, "Không có quyền", "Không được xem dữ liệu của đơn vị khác.")]
    [TestCase("conflict", 409, "Xung đột với trạng thái hiện tại", "Vòng đánh giá đã công bố.")]
    [TestCase("invalid", 400, "Yêu cầu không hợp lệ", "Yêu cầu có lỗi.")]
    [TestCase("workbook", 422, "Tệp bảng tính có lỗi", "Tệp có lỗi.")]
    public async Task ApplicationException_MapsToStatusAndVietnameseProblem(string kind, int status, string title, string detail)
    {
        var response = await _office.GetAsync($"/api/testing/throw/{kind}");

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        var problem = await AuthenticationTests.Problem(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(status));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo(title));
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo(detail));
        Assert.That(problem.TryGetProperty("traceId", out _), Is.True);
    }

    [Test]
    public async Task InvalidRequest_ListsEveryErrorAsStrings()
    {
        var problem = await AuthenticationTests.Problem(await _office.GetAsync("/api/testing/throw/invalid"));

        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(errors, Is.EqualTo(new[] { "Thiếu năm.", "Khối không hợp lệ." }));
    }

    [Test]
    public async Task RejectedWorkbook_ListsEveryProblemWithItsCell()
    {
        var problem = await AuthenticationTests.Problem(await _office.GetAsync("/api/testing/throw/workbook"));

        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems[0].GetProperty("file").GetString(), Is.EqualTo("H-HL.xlsx"));
        Assert.That(problems[0].GetProperty("sheet").GetString(), Is.EqualTo("Tự đánh giá"));
        Assert.That(problems[0].GetProperty("cell").GetString(), Is.EqualTo("F23"));
        Assert.That(problems[0].GetProperty("message").GetString(), Is.EqualTo("Điểm vượt điểm tối đa."));
        Assert.That(problems.Select(p => p.GetProperty("severity").GetString()), Is.EqualTo(new[] { "error", "warning" }));
    }

    [Test]
    public async Task UnexpectedException_Is500WithoutInternals()
    {
        var response = await _office.GetAsync("/api/testing/throw/crash");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("hunter2").And.Not.Contain("InvalidOperationException").And.Not.Contain("at ParIndex"));
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Lỗi máy chủ"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Máy chủ gặp lỗi không mong muốn"));
    }

    [Test]
    public async Task HandlerNotFound_ComesBackAs404Problem()
    {
        var response = await _office.GetAsync("/api/rounds/4242/dashboard");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await AuthenticationTests.Problem(response)).GetProperty("detail").GetString(), Is.EqualTo("Không có vòng đánh giá số 4242."));
    }

    [Test]
    public async Task MalformedJsonBody_Is400Problem()
    {
        using var body = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        var response = await _office.PostAsync("/api/rounds", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await AuthenticationTests.Problem(response)).GetProperty("status").GetInt32(), Is.EqualTo(400));
    }

    [Test]
    public async Task TestingEndpoint_DoesNotExistInProduction()
    {
        await using var temp = new TempService();
        var production = temp.Host("Production");
        await production.CreateUserAsync("prod@test", Roles.Office);
        var client = await production.LoginAsync("prod@test");

        var response = await client.GetAsync("/api/testing/throw/crash");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await AuthenticationTests.Problem(response)).GetProperty("title").GetString(), Is.EqualTo("Không tìm thấy"));
    }
}
