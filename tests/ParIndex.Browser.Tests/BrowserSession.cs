using Microsoft.Playwright;

namespace ParIndex.Browser.Tests;

/// <summary>
/// One Chromium for the whole run: Debian's /usr/bin/chromium driven by Playwright (no browser download).
/// Absent Chromium: the test is ignored on a developer's machine, and fails in CI (CI=true).
/// </summary>
public static class BrowserSession
{
    /// <summary>Debian's Chromium, or the one PARINDEX_CHROMIUM names.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("PARINDEX_CHROMIUM") ?? "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            var message = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
            Assert.Ignore(message);
        }
        await Gate.WaitAsync();
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            return _browser ??= await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run"],
            });
        }
        finally { Gate.Release(); }
    }

    public static async Task CloseAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        _browser = null;
        _playwright = null;
    }
}
