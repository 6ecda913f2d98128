using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

namespace ParIndex.Browser.Tests;

/// <summary>
/// A test with its own browser context (own cookies) and page against <see cref="WebServer"/>. Every page visited
/// (and the page at a failure) is saved as a PNG under screenshots/ in the test's work folder and attached to the result.
/// </summary>
public abstract class BrowserTest
{
    public const string Password = "Demo@2024";
    public const string OfficeUser = "vanphong@demo";
    public const string LeadershipUser = "lanhdao@demo";
    public const string FocalUser = "h-hl@demo";

    private IBrowserContext? _context;
    private int _shots;

    protected IPage Page { get; private set; } = null!;

    [SetUp]
    public async Task OpenPageAsync()
    {
        var browser = await BrowserSession.GetAsync();
        _shots = 0;
        _context = await browser.NewContextAsync(new()
        {
            BaseURL = WebServer.BaseUrl,
            Locale = "vi-VN",
            ViewportSize = new() { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        _context.SetDefaultTimeout(10_000);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (_context is null) return;
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            try { await ShotAsync("failure"); } catch (PlaywrightException) { }
        await _context.CloseAsync();
        _context = null;
    }

    /// <summary>Opens a page (relative to the service) and keeps a screenshot of it.</summary>
    protected async Task<IResponse?> VisitAsync(string path, string? name = null)
    {
        var response = await Page.GotoAsync(path);
        await ShotAsync(name ?? path);
        return response;
    }

    /// <summary>Saves a full-page screenshot as screenshots/&lt;test&gt;-&lt;n&gt;-&lt;name&gt;.png and attaches it to the test.</summary>
    protected async Task ShotAsync(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{Safe(TestContext.CurrentContext.Test.Name)}-{++_shots:00}-{Safe(name)}.png");
        await Page.ScreenshotAsync(new() { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
    }

    /// <summary>Signs in through the login form, as a person would.</summary>
    protected async Task LoginAsync(string userName, string password = Password)
    {
        await _context!.ClearCookiesAsync(); // a step may sign in as someone else
        await VisitAsync("/login");
        await Page.GetByLabel("Tên đăng nhập").FillAsync(userName);
        await Page.GetByLabel("Mật khẩu").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ShotAsync("after-login-" + userName);
    }

    /// <summary>The header's navigation ("Điều hướng"; "Navigation" in English).</summary>
    protected ILocator Navigation => Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Navigation);

    /// <summary>The path of the page now shown, e.g. <c>/Office</c>.</summary>
    protected string CurrentPath => new Uri(Page.Url).AbsolutePath;

    private static string Safe(string text) => Regex.Replace(text, @"[^A-Za-z0-9_.@-]+", "_").Trim('_') is { Length: > 0 } s ? s[..Math.Min(s.Length, 60)] : "page";
}
