using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Web;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public sealed class AuthenticationTests(DatabaseProvider provider)
{
    private TempService _temp = null!;
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _temp = new TempService(provider);
        _host = _temp.Host();
        await _host.CreateUserAsync("known@test", Roles.Office);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [TestCase("/api/me")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/api/units")]
    [TestCase("/api/rounds")]
    [TestCase("/api/audit")]
    [TestCase("/api/accounts")]
    public async Task Anonymous_GetsUnauthorizedProblem(string path)
    {
        var response = await _host.Anonymous().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await Problem(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(problem.GetProperty("title").GetString(), Does.StartWith("Chưa đăng nhập"));
    }

    [Test]
    public async Task Anonymous_ReachesHealthCheck()
    {
        var response = await _host.Anonymous().GetAsync("/api/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Anonymous_CannotRegister_NoSelfRegistrationEndpoint()
    {
        var before = await _host.WithDbAsync(db => Task.FromResult(db.Users.Count()));

        var body = new { email = "x@y.z", userName = "x@y.z", password = "Test@12345" };
        var anonymous = await _host.Anonymous().PostAsJsonAsync("/api/auth/register", body);
        var signedIn = await (await _host.ClientAsync(Roles.Office)).PostAsJsonAsync("/api/auth/register", body);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "anonymous users learn nothing, not even which addresses exist");
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await _host.WithDbAsync(db => Task.FromResult(db.Users.Count())), Is.EqualTo(before + 1), "only the office account of the test itself");
    }

    [TestCase(Roles.Office, null, false)]
    [TestCase(Roles.Leadership, null, false)]
    [TestCase(Roles.FocalPoint, "H-HL", false)]
    [TestCase(Roles.Office, null, true)]
    [TestCase(Roles.FocalPoint, "SO-NV", true)]
    public async Task Me_SaysRoleAndUnit(string role, string? unit, bool cookies)
    {
        var client = await _host.ClientAsync(role, unit, cookies);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo(role));
        Assert.That(me.GetProperty("name").GetString(), Does.StartWith(role).And.EndWith("@test"));
        Assert.That(me.GetProperty("displayName").GetString(), Does.StartWith("Người dùng thử"));
        if (unit is null) Assert.That(me.GetProperty("unitCode").ValueKind, Is.EqualTo(JsonValueKind.Null));
        else Assert.That(me.GetProperty("unitCode").GetString(), Is.EqualTo(unit));
    }

    [Test]
    public async Task Login_WithCookies_SetsHttpOnlyStrictCookie()
    {
        await _host.CreateUserAsync("cookie@test", Roles.Leadership);

        var response = await _host.Anonymous().PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = "cookie@test", password = ServiceHost.Password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ParIndex=", StringComparison.Ordinal));
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
    }

    [TestCase("known@test", "Sai@12345")]
    [TestCase("nobody@test", ServiceHost.Password)]
    public async Task Login_WrongPasswordOrUnknownUser_Is401Problem(string userName, string password)
    {
        var response = await _host.Anonymous().PostAsJsonAsync("/api/auth/login", new { userName, password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await Problem(response);
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo(SignInFailed));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("accessToken"));
    }

    private const string SignInFailed =
        "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì đăng nhập sai nhiều lần (thử lại sau 5 phút).";

    [Test]
    public async Task Login_FiveWrongPasswords_LockTheAccount_WithTheAnswerAnUnknownUserGets()
    {
        await _host.CreateUserAsync("locked@test", Roles.Office);
        var client = _host.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "locked@test", password = "Sai@12345" });
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "ghost@test", password = "Sai@12345" });
        }

        // The right password no longer opens the account; its answer is word for word what a name that does not exist gets.
        var locked = await client.PostAsJsonAsync("/api/auth/login", new { userName = "locked@test", password = ServiceHost.Password });
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { userName = "ghost@test", password = ServiceHost.Password });
        var page = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "locked@test", ["password"] = ServiceHost.Password,
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, "/login"),
        }));

        Assert.Multiple(async () =>
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await Problem(locked)).GetProperty("detail").GetString(), Is.EqualTo(SignInFailed));
            Assert.That((await Problem(unknown)).GetProperty("detail").GetString(), Is.EqualTo(SignInFailed));
            Assert.That(WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), Does.Contain(SignInFailed));
        });
    }

    /// <summary>The antiforgery token of a page's form (the cookie stays in the client's cookie container).</summary>
    internal static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.That(match.Success, Is.True, $"{page} has no antiforgery token");
        return match.Groups[1].Value;
    }

    [Test]
    public async Task UserWithoutRole_IsForbidden()
    {
        await _host.CreateUserAsync("norole@test", role: null);
        var client = await _host.LoginAsync("norole@test");

        var response = await client.GetAsync("/api/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Problem(response)).GetProperty("title").GetString(), Is.EqualTo("Không có quyền"));
    }

    [Test]
    public async Task Logout_EndsTheCookieSession()
    {
        var client = await _host.ClientAsync(Roles.Office, cookies: true);
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var logout = await client.PostAsync("/api/auth/logout", null);

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Refresh_GivesAWorkingToken_AndRefusesGarbage()
    {
        await _host.CreateUserAsync("refresh@test", Roles.Leadership);
        var login = await _host.Anonymous().PostAsJsonAsync("/api/auth/login", new { userName = "refresh@test", password = ServiceHost.Password });
        var refreshToken = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();

        var refreshed = await _host.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        var garbage = await _host.Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" });

        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var client = _host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        Assert.That((await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("name").GetString(), Is.EqualTo("refresh@test"));
        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task BadBearerToken_Is401()
    {
        var client = _host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "forged");

        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    internal static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
