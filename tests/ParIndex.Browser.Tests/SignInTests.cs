using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ParIndex.Browser.Tests;

/// <summary>Signing in through the login form, each role's landing page and navigation, the language switch, refusals.</summary>
public sealed class SignInTests : BrowserTest
{
    [TestCase(OfficeUser, "/Office", new[] { "Vòng đánh giá", "Điều tra XHH", "Phụ lục đã công bố", "Tính và công bố", "Đơn vị và tài khoản", "Bộ tiêu chí", "Nhật ký", "Xếp hạng" })]
    [TestCase(LeadershipUser, "/Leadership", new[] { "Xếp hạng" })]
    [TestCase(FocalUser, "/Unit", new[] { "Đơn vị của tôi" })]
    [TestCase("thamdinh-so-tp@demo", "/Appraisal", new[] { "Thẩm định" })]
    public async Task Login_EachRole_LandsOnItsPageWithOnlyItsLinks(string user, string landing, string[] links)
    {
        await LoginAsync(user);

        Assert.That(CurrentPath, Is.EqualTo(landing));
        var shown = (await Navigation.GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(t => t.Trim());
        Assert.That(shown, Is.EqualTo(links));
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task LoginPage_IsStyled_TheStylesheetIsServed()
    {
        var response = await VisitAsync("/login");

        Assert.That(response?.Status, Is.EqualTo(200));
        var css = await Page.APIRequest.GetAsync("/css/site.css");
        Assert.That(css.Status, Is.EqualTo(200), "wwwroot is served from the web project's folder");
        Assert.That(await Page.EvaluateAsync<int>("document.styleSheets.length"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Login_WrongPassword_ShowsTheVietnameseErrorAndStaysOnLogin()
    {
        // Another unit's account than the other tests use: failed sign-ins count towards a lock-out.
        await LoginAsync("h-bl@demo", "Sai@mat-khau1");

        Assert.That(CurrentPath, Is.EqualTo("/login"));
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì đăng nhập sai nhiều lần (thử lại sau 5 phút).");
        await Expect(Page.GetByLabel("Tên đăng nhập")).ToHaveValueAsync("h-bl@demo");
        await Expect(Navigation).ToHaveCountAsync(0);
    }

    [Test]
    public async Task LanguageSwitch_English_ShowsEnglishTextsAndIsRemembered()
    {
        await VisitAsync("/login");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập" })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await ShotAsync("login-english");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // The choice is kept in a cookie: signing in with the English labels, the navigation is English too.
        await Page.GetByLabel("User name").FillAsync(OfficeUser);
        await Page.GetByLabel("Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/Office$"));
        await ShotAsync("office-english");
        await Expect(Navigation.GetByRole(AriaRole.Link, new() { Name = "Rounds" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Tiếng Việt" }).ClickAsync();
        await ShotAsync("office-vietnamese");
        await Expect(Navigation.GetByRole(AriaRole.Link, new() { Name = "Vòng đánh giá" })).ToBeVisibleAsync();
    }

    [TestCase(FocalUser)]
    [TestCase(LeadershipUser)]
    public async Task OfficePage_OtherRoles_LandOnForbidden(string user)
    {
        await LoginAsync(user);

        await VisitAsync("/Office", "office-refused");

        Assert.That(CurrentPath, Is.EqualTo("/forbidden"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Không có quyền" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task OfficePage_Anonymous_GoesToLoginAndBackAfterSigningIn()
    {
        await VisitAsync("/Office", "anonymous");
        Assert.That(CurrentPath, Is.EqualTo("/login"));

        await Page.GetByLabel("Tên đăng nhập").FillAsync(OfficeUser);
        await Page.GetByLabel("Mật khẩu").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/Office$"));
        await ShotAsync("back-after-login");
    }

    [Test]
    public async Task Logout_SignsOutAndShowsLogin()
    {
        await LoginAsync(LeadershipUser);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ShotAsync("after-logout");
        await VisitAsync("/Leadership", "leadership-after-logout");

        Assert.That(CurrentPath, Is.EqualTo("/login"));
    }
}
