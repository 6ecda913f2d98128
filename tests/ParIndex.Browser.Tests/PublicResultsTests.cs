using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ParIndex.Browser.Tests;

/// <summary>
/// practice.md §10 in a real browser, without signing in: the demo publishes 2023 and 2024 and computes 2025, so
/// <c>/cong-bo</c> lists 2024 and 2023 only, <c>/cong-bo/2024</c> shows 2024's ranking and <c>/cong-bo/2025</c> is refused.
/// Runs before <see cref="Flows"/>, which publishes 2025.
/// </summary>
[Order(1)]
public sealed class PublicResultsTests : BrowserTest
{
    [Test]
    public async Task PublicIndex_ListsThePublishedYearsOnly()
    {
        var response = await VisitAsync("/cong-bo", "public-index");
        Assert.That(response?.Status, Is.EqualTo(200));
        var years = (await Page.Locator("#years a").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        Assert.That(years, Is.EqualTo(new[] { "Năm 2024", "Năm 2023" }));
        await Expect(Navigation).ToHaveCountAsync(0);
    }

    [Test]
    public async Task PublicYear2024_ShowsThePublishedRankingWithoutSigningIn()
    {
        var response = await VisitAsync("/cong-bo/2024", "public-2024");
        Assert.That(response?.Status, Is.EqualTo(200));
        Assert.That(CurrentPath, Is.EqualTo("/cong-bo/2024"), "no redirect to the sign-in page");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Kết quả Chỉ số cải cách hành chính năm 2024" })).ToBeVisibleAsync();
        var departments = Page.GetByRole(AriaRole.Table, new() { Name = "Xếp hạng khối sở, ban, ngành năm 2024" });
        await Expect(departments).ToBeVisibleAsync();
        var first = departments.Locator("tbody tr").First;
        await Expect(first.Locator("td").First).ToHaveTextAsync("1");
        await Expect(first.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("Sở Nội vụ");
        Assert.That(await Page.Locator("table.data").CountAsync(), Is.EqualTo(2), "departments and districts");
        var text = await Page.Locator("#public-results").InnerTextAsync();
        Assert.That(text, Does.Not.Contain("departments").And.Not.Contain("districts").And.Not.Contain("@demo"), "words, no codes, no accounts");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "In trang này" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task PublicYear2025_ComputedButNotPublished_IsRefused()
    {
        var response = await VisitAsync("/cong-bo/2025", "public-2025");
        Assert.That(response?.Status, Is.EqualTo(404));
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Kết quả năm 2025 chưa được công bố.");
        Assert.That(await Page.Locator("table").CountAsync(), Is.Zero, "no draft figure shown");
    }
}
