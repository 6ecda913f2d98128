using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Pages.Unit;

public partial class UnitPagesTests
{
    [Test]
    public async Task Scorecard_PageAndWorkbook_AgreeOnACriterionThatChangedCodeByCompareTo()
    {
        // 2024's departments set maps 7.4.1 to 2023's 3.3.3 (compare_to): both views take last year's 3.3.3.
        var (status, html) = await GetAsync(_office, "/Unit/Scorecard?year=2024&unit=SO-GDDT");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
        var row = Regex.Match(html, @"<tr class=""[^""]*"" data-code=""7\.4\.1"">(?<cells>(?:(?!</tr>).)*)</tr>", RegexOptions.Singleline);
        Assert.That(row.Success, Is.True, "the page lists 7.4.1");
        var cells = Regex.Matches(row.Groups["cells"].Value, @"<td[^>]*>(.*?)</td>", RegexOptions.Singleline);
        var onPage = cells[^1].Groups[1].Value.Trim();

        var response = await _office.GetAsync("/api/years/2024/scorecards/SO-GDDT");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var wb = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheetRow = wb.Worksheet(1).RowsUsed().Single(r => r.Cell(1).GetString() == "7.4.1");
        var inWorkbook = sheetRow.Cell(12).GetValue<decimal>();

        Assert.Multiple(() =>
        {
            Assert.That(onPage, Is.Not.EqualTo("—").And.Not.Empty, "last year's value of the mapped criterion is shown");
            Assert.That(decimal.Parse(onPage, Numbers.Vietnamese), Is.EqualTo(inWorkbook));
            Assert.That(inWorkbook, Is.GreaterThan(0m));
        });
    }
}
