using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ParIndex.Application;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;

namespace ParIndex.Service.Tests.Web;

/// <summary>
/// The sign-in cookie is decrypted once per cookie and the security stamp checked only when its interval (30 minutes)
/// has passed: a kept ticket must still be the same check. A changed cookie is refused, the same cookie works again and
/// again, and a changed security stamp (a password reset, a disabled account) ends the session once the interval is
/// over, on the service's clock.
/// </summary>
public sealed class CookieTicketTests
{
    private TempService _temp = null!;
    private ServiceHost _host = null!;
    private FakeTimeProvider _clock = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _temp = new TempService();
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _host = new ServiceHost(_temp.Database) { Clock = _clock };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _temp.DisposeAsync();
    }

    /// <summary>Signs in with the cookie and returns the Cookie header a browser would send.</summary>
    private async Task<string> CookieOfAsync(string userName)
    {
        await _host.CreateUserAsync(userName, Roles.Leadership);
        var response = await _host.Anonymous().PostAsync($"/api/auth/login?useCookies=true",
            JsonContent.Create(new { userName, password = ServiceHost.Password }));
        Assert.That(response.IsSuccessStatusCode, Is.True);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private async Task<HttpStatusCode> MeAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        return (await _host.Anonymous().SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task TheSameCookie_WorksEveryTime_AndAChangedOneNever()
    {
        var cookie = await CookieOfAsync("ticket-same@test");
        var value = cookie[(cookie.IndexOf('=') + 1)..];
        // One character changed in the middle of the protected text: it no longer authenticates.
        var middle = value.Length / 2;
        var changed = cookie[..(cookie.IndexOf('=') + 1)] + value[..middle] + (value[middle] == 'A' ? 'B' : 'A') + value[(middle + 1)..];

        Assert.Multiple(async () =>
        {
            Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.OK), "read from memory the second time");
            Assert.That(await MeAsync(changed), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await MeAsync(changed), Is.EqualTo(HttpStatusCode.Unauthorized), "a refused cookie is not kept");
            Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task AChangedSecurityStamp_EndsTheSession_WhenItsIntervalIsOver()
    {
        var cookie = await CookieOfAsync("ticket-stamp@test");
        Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.OK));

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var result = await users.UpdateSecurityStampAsync((await users.FindByNameAsync("ticket-stamp@test"))!);
            Assert.That(result.Succeeded, Is.True);
        }
        var interval = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;

        _clock.Advance(interval - TimeSpan.FromMinutes(1));
        Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.OK), "within the interval the stamp is not read (Identity's own rule)");
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.Unauthorized), "past it, the changed stamp is seen");
        Assert.That(await MeAsync(cookie), Is.EqualTo(HttpStatusCode.Unauthorized), "and stays seen, though the ticket is kept");
    }

    [Test]
    public async Task TheLayoutsSignOut_NeedsNoToken_AndEndsTheSession()
    {
        await _host.CreateUserAsync("ticket-out@test", Roles.Leadership);
        using var client = await _host.LoginAsync("ticket-out@test", cookies: true);
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var page = await (await client.GetAsync("/Leadership")).Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain("action=\"/logout\""));
        var logout = await client.PostAsync("/logout", new FormUrlEncodedContent([]));

        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(logout.Headers.Location?.ToString(), Is.EqualTo("/login"));
        Assert.That((await client.GetAsync("/api/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
