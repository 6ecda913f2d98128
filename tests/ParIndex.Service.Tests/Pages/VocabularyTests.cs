using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Service.Tests.Pages.Office;

namespace ParIndex.Service.Tests.Pages;

/// <summary>
/// One vocabulary: every value of every enum people read has a label in every culture, and no page shows a
/// code (group codes, rule kinds, enum names) where a person reads words.
/// </summary>
[NonParallelizable]
public partial class VocabularyTests
{
    /// <summary>Every enum whose values reach people.</summary>
    private static readonly Type[] Labelled =
    [
        .. Labels.Enums, typeof(RoundStage), typeof(Workbooks.Severity), typeof(ActorRole), typeof(AuditKind),
    ];

    private static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("vi-VN"), CultureInfo.GetCultureInfo("en-US")];

    [Test]
    public void EveryValueOfEveryEnum_HasALabelInEveryCulture()
    {
        var missing = (from type in Labelled
                       from Enum value in Enum.GetValues(type)
                       from culture in Cultures
                       where string.IsNullOrWhiteSpace(Labels.Find(value, culture))
                       select $"{type.Name}.{value} ({culture.Name})").ToList();
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void TheCatalogue_SpeaksVietnameseFirstAndEnglishSecond()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Labels.Of(RankingGroup.Departments, Cultures[0]), Is.EqualTo("Khối sở, ban, ngành"));
            Assert.That(Labels.Of(RankingGroup.Districts, Cultures[0]), Is.EqualTo("Khối UBND cấp huyện"));
            Assert.That(Labels.Of(RankingGroup.Communes, Cultures[0]), Is.EqualTo("Khối UBND cấp xã"));
            Assert.That(Labels.Group("departments", Cultures[0]), Is.EqualTo("Khối sở, ban, ngành"));
            Assert.That(Labels.Of(RoundStage.Published, Cultures[0]), Is.EqualTo("Đã công bố"));
            Assert.That(Labels.Of(RoundStage.Published, Cultures[1]), Is.EqualTo("Published"));
            Assert.That(Labels.Of(RuleKind.Bands, Cultures[1]), Is.EqualTo("By value band"));
            Assert.That(Labels.Of((RoundStage)99, Cultures[0]), Is.EqualTo("không xác định"), "never a number");
            // Every Vietnamese label differs from its English one except where the words are the same.
            Assert.That(Labelled.SelectMany(t => Enum.GetValues(t).Cast<Enum>())
                .Count(v => Labels.Of(v, Cultures[0]) == Labels.Of(v, Cultures[1])), Is.Zero);
        });
    }

    [Test]
    public void GroupCodes_AreTheInterchangeCodes()
    {
        Assert.That(Enum.GetValues<RankingGroup>().Select(g => g.Code()), Is.EqualTo(new[] { "departments", "districts", "communes" }));
        Assert.That(RankingGroups.TryParse("Departments", out _), Is.False, "codes are exact");
    }

    // --- The pages, walked over HTTP ---

    private ServiceHost _host = null!;
    private HttpClient _office = null!;
    private HttpClient _leader = null!;
    private HttpClient _focal = null!;
    private int _d24;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            _d24 = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            await handlers.Send(new SetRoundStage(Actor.System, _d24, RoundStage.Appraisal1, "chuẩn bị kiểm thử"));
            await handlers.Send(new RecordAppraisal(Actor.System, _d24, "H-HL", "1.1.1", 0.5m, "Ban hành chậm"));
            await handlers.Send(new ComputeRanking(Actor.System, 2024));
        }
        _host = new ServiceHost(database);
        _office = await _host.ClientAsync(Roles.Office, cookies: true);
        _leader = await _host.ClientAsync(Roles.Leadership, cookies: true);
        _focal = await _host.ClientAsync(Roles.FocalPoint, "H-HL", cookies: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _office.Dispose();
        _leader.Dispose();
        _focal.Dispose();
        await _host.DisposeAsync();
    }

    private IEnumerable<(HttpClient Client, string Url)> Pages() =>
    [
        (_office, "/Office"), (_office, $"/Office/Round?id={_d24}"), (_office, "/Office/Units"),
        (_office, "/Office/Criteria?year=2024&group=districts"), (_office, "/Office/Criteria?year=2024&group=departments"),
        (_office, "/Office/Results?year=2024"), (_office, "/Office/Surveys?year=2024"), (_office, "/Office/Audit"),
        (_office, $"/Office/Appraise?round={_d24}&unit=H-HL"), (_office, $"/Office/Progress?round={_d24}"), (_office, $"/Appraisal?round={_d24}"),
        (_leader, "/Leadership"), (_leader, "/Leadership?year=2024&group=districts"), (_leader, "/Leadership/Unit?unit=H-HL"),
        (_focal, "/Unit"), (_focal, "/Unit/History"), (_focal, "/Unit/Scorecard?year=2024"), (_focal, "/Unit/Explanations"),
    ];

    [Test]
    public async Task NoPage_ShowsACode()
    {
        var codes = RankingGroups.Codes
            .Concat(Enum.GetValues<RuleKind>().Select(k => k switch
            {
                RuleKind.YesNo => "yes_no", _ => k.ToString().ToLowerInvariant(),
            }))
            .Concat(Labelled.SelectMany(Enum.GetNames).Where(n => n.Length > 4))
            .Distinct().ToList();
        var found = new List<string>();
        foreach (var (client, url) in Pages())
        {
            var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"GET {url}: {html}");
            var text = FileNameRegex().Replace(AuditLogTests.Visible(html), "");
            foreach (var code in codes)
                if (Regex.IsMatch(text, $@"(?<![\p{{L}}\d_-]){Regex.Escape(code)}(?![\p{{L}}\d_])"))
                    found.Add($"{url}: {code}");
            if (Regex.IsMatch(text, @"\((departments|districts|communes), ")) found.Add($"{url}: (group, version)");
        }
        Assert.That(found, Is.Empty);
    }

    [GeneratedRegex(@"[\w./-]+\.(xlsx|yaml|csv)\b")]
    private static partial Regex FileNameRegex();
}
