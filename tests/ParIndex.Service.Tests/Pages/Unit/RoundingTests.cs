using System.Net;
using System.Text.RegularExpressions;

namespace ParIndex.Service.Tests.Pages.Unit;

public partial class UnitPagesTests
{
    /// <summary>The sample sets' <c>decimals</c>: every number a person reads has at most this many places.</summary>
    private const int SetDecimals = 2;

    [GeneratedRegex(@"(?<![\d,.])\d+,(?<places>\d+)(?![\d,])")]
    private static partial Regex VietnameseDecimal();

    [Test]
    public async Task DemoPages_ShowNoNumberWithMoreDecimalsThanTheSetRoundsTo()
    {
        var pages = new List<(HttpClient Client, string Url)>
        {
            (_leader, "/Leadership?year=2023"),
            (_office, "/Leadership?year=2024"),
            (_office, "/Leadership?year=2024&group=departments"),
            (_leader, "/Leadership/Unit?code=H-TP"),
            (_leader, "/Leadership/Unit?code=SO-GDDT"),
            (_office, "/Unit/History?unit=H-TP"),
            (_office, $"/Office/Appraise?round={_departments24}&unit=SO-GDDT"),
            (_tc, "/Unit/Explanations?year=2024"),
        };
        foreach (var unit in new[] { "SO-GDDT", "SO-TC", "SO-NV", "H-TP", "H-HL" })
        {
            pages.Add((_office, $"/Unit/Scorecard?year=2024&unit={unit}"));
            pages.Add((_office, $"/Unit/Scorecard?year=2023&unit={unit}"));
        }

        var numbers = 0;
        var tooLong = new List<string>();
        foreach (var (client, url) in pages)
        {
            var (status, html) = await GetAsync(client, url);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), url);
            // What a person reads: the text between the tags, not attributes, styles or scripts.
            var text = Regex.Replace(Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline), "<[^>]+>", " ");
            foreach (Match m in VietnameseDecimal().Matches(text))
            {
                numbers++;
                if (m.Groups["places"].Length > SetDecimals) tooLong.Add($"{url}: {m.Value}");
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.GreaterThan(100), "the walk reads the pages' decimal numbers");
            Assert.That(tooLong, Is.Empty);
        });
    }
}
