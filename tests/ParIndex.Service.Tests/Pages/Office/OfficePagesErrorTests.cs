using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Pages.Office;

/// <summary>One error path: a refusal reads the same on an office page as in the API's ProblemDetails.</summary>
public partial class OfficePagesTests
{
    [TestCase("sai@test", "H-XX", HttpStatusCode.BadRequest, TestName = "A refused account (unknown unit) reads the same on the page as from the API")]
    [TestCase("moi@test", "H-TP", HttpStatusCode.Conflict, TestName = "A refused account (name taken) reads the same on the page as from the API")]
    [Order(8)]
    public async Task A_refusal_reads_the_same_on_the_page_as_from_the_API(string userName, string unit, HttpStatusCode status)
    {
        // The API's writes take a bearer token (a browser cookie only reads the API); the page posts its form with the cookie.
        using var bearer = await _host.ClientAsync(Roles.Office);
        var api = await bearer.PostAsJsonAsync("/api/accounts",
            new { userName, displayName = "x", role = Roles.FocalPoint, unitCode = unit, password = "Moi@12345" });
        Assert.That(api.StatusCode, Is.EqualTo(status));
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString()!;
        var errors = problem.TryGetProperty("errors", out var list) ? list.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

        var html = await PostAsync(_office, "/Office/Units", "/Office/Units?handler=Account", ("userName", userName), ("displayName", "x"),
            ("role", Roles.FocalPoint), ("unitCode", unit), ("password", "Moi@12345"));

        var shown = ErrorLine().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(detail, Does.Not.Contain("Exception").And.Not.Empty);
        Assert.That(shown, Is.EqualTo(new[] { detail }.Concat(errors.Where(e => e != detail))));
    }

    [Test, Order(8)]
    public async Task The_criteria_page_counts_the_scored_criteria_as_the_API_and_the_command_line_do()
    {
        var sets = await _office.GetFromJsonAsync<JsonElement>("/api/criteria-sets");
        var listed = sets.EnumerateArray().Single(s => s.GetProperty("year").GetInt32() == 2024 && s.GetProperty("group").GetString() == "districts")
            .GetProperty("leaves").GetInt32();
        var set = ParIndex.Criteria.CriteriaLoader.LoadFile(Path.Combine(HandlerHost.Criteria, "2024", "districts.yaml"), "2024/districts.yaml").Set!;
        var bonusOrPenalty = set.Leaves().Count(l => l.IsBonusOrPenalty);

        var html = await GetOkAsync(_office, "/Office/Criteria?year=2024&group=districts");
        var shown = int.Parse(ScoredLeaves().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(bonusOrPenalty, Is.GreaterThan(0), "the set has bonus or penalty leaves, so counting every leaf would differ");
        Assert.That(shown, Is.EqualTo(listed));
        Assert.That(shown, Is.EqualTo(set.Leaves().Count() - bonusOrPenalty));
    }

    [GeneratedRegex("<dd data-scored-leaves>(\\d+)</dd>")]
    private static partial Regex ScoredLeaves();

    [GeneratedRegex("<li class=\"error\">(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ErrorLine();
}
