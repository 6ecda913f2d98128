using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Criteria;
using ParIndex.Data;
using ParIndex.Workbooks.Export;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// Stored results: one computation path, results and publications served from their own stored inputs,
/// drafts recomputed when their inputs change, corrections as new decisions; on SQLite and PostgreSQL.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class StoredResultsTests(DatabaseProvider provider)
{
    private static readonly Actor Office = new("vanphong", ActorRole.Office);
    private static readonly Actor Leader = new("lanhdao", ActorRole.Leadership);

    private HandlerHost _host = null!;
    private DatabaseOptions _imported = null!;

    [OneTimeSetUp]
    public async Task ImportSamplesOnce()
    {
        var host = await HandlerHost.StartAsync(TestDatabase.Create(provider));
        await host.Send(new ImportDataFolder(Office, HandlerHost.Criteria, HandlerHost.Samples));
        _imported = host.Options;
        await host.DisposeAsync();
    }

    [SetUp]
    public async Task Start() => _host = await HandlerHost.StartAsync(TestDatabase.Clone(_imported));

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<int> RoundId(int year, string group) =>
        _host.Query(db => db.Rounds.Where(r => r.Year == year && r.Group == group).Select(r => r.Id).SingleAsync());

    private Task<int> Drafts(int year) => _host.Query(db => db.Results.CountAsync(r => r.Year == year));

    private static string Json(YearComputation computation)
    {
        using var stream = new MemoryStream();
        RankingJson.Write(stream, WriteExports.Report(computation));
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public async Task Gate_ReadsWhereTheYearStands_Unpublished_Published_UnderCorrection_NoRounds()
    {
        // Unpublished: the office reads a draft, leadership nothing; a year without rounds has nothing for anyone.
        var draft24 = await _host.Send(new GetRankingBytes(Office, 2024));
        Assert.That(draft24.Document.Groups, Is.Not.Empty);
        Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new GetRankingBytes(Leader, 2024)));
        Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new GetRankingBytes(Office, 2031)));
        Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new GetRankingBytes(Leader, 2031)));

        // Published: both read the publication.
        await _host.Send(new PublishRanking(Office, 2023, "QĐ 1", new DateOnly(2024, 2, 15)));
        var published = await _host.Send(new GetRankingBytes(Leader, 2023));
        Assert.That((await _host.Send(new GetRankingBytes(Office, 2023))).ETag, Is.EqualTo(published.ETag));

        // Under correction: the office reads the corrected draft, leadership still the publication.
        var round = await RoundId(2023, "districts");
        await _host.Send(new SetRoundStage(Office, round, RoundStage.Appraisal2, "Đính chính"));
        await _host.Send(new RecordAppraisal(Office, round, "H-HL", "1.1.1", 0m, "Đính chính: không có kế hoạch"));
        var corrected = await _host.Send(new GetRankingBytes(Office, 2023));
        Assert.That(corrected.ETag, Is.Not.EqualTo(published.ETag));
        Assert.That((await _host.Send(new GetRankingBytes(Leader, 2023))).ETag, Is.EqualTo(published.ETag));

        // Published again: one document for both, the corrected one.
        await _host.Send(new PublishRanking(Office, 2023, "QĐ 2", new DateOnly(2024, 3, 1), "Đính chính điểm của H-HL"));
        var republished = await _host.Send(new GetRankingBytes(Leader, 2023));
        Assert.That(republished.ETag, Is.Not.EqualTo(published.ETag));
        Assert.That((await _host.Send(new GetRankingBytes(Office, 2023))).ETag, Is.EqualTo(republished.ETag));
    }

    [Test]
    public void YearInputs_FromTheBatch_RoundTripThroughTheirStoredJson_ToTheSameRanking()
    {
        var catalog = CriteriaCatalog.Load(HandlerHost.Criteria);
        var units = UnitsLoader.LoadFile(Path.Combine(HandlerHost.Samples, "units.yaml")).Units;
        var inputs = ComputeYear.Gather(catalog, units, new DataFolder(HandlerHost.Samples), 2024);
        var stored = YearInputs.FromJson(inputs.ToJson());
        Assert.Multiple(() =>
        {
            Assert.That(stored.Previous?.Year, Is.EqualTo(2023));
            Assert.That(stored.Assessments.Keys, Is.EquivalentTo(inputs.Assessments.Keys));
            Assert.That(Json(ComputeYear.Compute(stored)), Is.EqualTo(Json(ComputeYear.Run(catalog, units, new DataFolder(HandlerHost.Samples), 2024))));
        });
    }

    [Test]
    public async Task Draft_IsReusedWhileItsInputsStand_AndRecomputedOnTheNextReadWhenTheyChange()
    {
        await _host.Send(new ComputeRanking(Office, 2024));
        var first = (await _host.Send(new GetRanking(Office, 2024))).ToJson();
        await _host.Send(new GetUnitDetail(Office, 2024, "H-TP"));
        Assert.That(await Drafts(2024), Is.EqualTo(1), "unchanged inputs: the stored draft serves");

        var round = await RoundId(2024, "districts");
        await _host.Send(new SetRoundStage(Office, round, RoundStage.Appraisal1, "thẩm định"));
        Assert.That((await _host.Send(new GetRanking(Office, 2024))).ToJson(), Is.EqualTo(first), "a stage is no input");
        await _host.Send(new RecordAppraisal(Office, round, "H-TP", "1.1.1", 0m, "Không có kế hoạch"));
        var second = (await _host.Send(new GetRanking(Office, 2024))).ToJson();
        var explicitly = await _host.Send(new ComputeRanking(Office, 2024));
        Assert.Multiple(async () =>
        {
            Assert.That(second, Is.Not.EqualTo(first), "the appraisal reached the draft without a new compute");
            Assert.That(await Drafts(2024), Is.EqualTo(3));
            Assert.That((await _host.Send(new GetRanking(Office, 2024))).ToJson(), Is.EqualTo(second), "an explicit compute gives what the refresh gave");
            Assert.That(explicitly.Fingerprint, Does.StartWith("sha256:"));
        });
    }

    [Test]
    public async Task Publication_IsServedAndVerifiedFromItsOwnInputs_EvenWhenTheLiveRowsAreGone()
    {
        await _host.Send(new PublishRanking(Office, 2023, "QĐ 15/QĐ-UBND", new DateOnly(2024, 2, 15)));
        var json = (await _host.Send(new GetRanking(Leader, 2023))).ToJson();
        var scorecard = await _host.Send(new GetScorecard(Leader, 2023, "H-HL"));
        var detail = await _host.Send(new GetUnitDetail(Leader, 2023, "H-HL"));
        // Remove what a recomputation from live data would need: the published views must not notice.
        await _host.Query(async db =>
        {
            var rounds = await db.Rounds.Where(r => r.Year == 2023).Select(r => r.Id).ToListAsync();
            db.Appraisals.RemoveRange(db.Appraisals.Where(a => rounds.Contains(a.RoundId)));
            db.Submissions.RemoveRange(db.Submissions.Where(s => rounds.Contains(s.RoundId)));
            db.SurveyImports.RemoveRange(db.SurveyImports.Where(s => s.Year == 2023));
            return await db.SaveChangesAsync();
        });
        var after = await _host.Send(new GetUnitDetail(Leader, 2023, "H-HL"));
        Assert.Multiple(async () =>
        {
            Assert.That(await _host.Send(new VerifyPublication(Leader, 2023, 1)), Is.True);
            Assert.That((await _host.Send(new GetRanking(Leader, 2023))).ToJson(), Is.EqualTo(json));
            Assert.That((await _host.Send(new GetScorecard(Leader, 2023, "H-HL"))).Content, Has.Length.EqualTo(scorecard.Content.Length));
            Assert.That(after.Unit.Index, Is.EqualTo(detail.Unit.Index).And.Not.Null);
            Assert.That(after.Lines.Select(l => l.Final), Is.EqualTo(detail.Lines.Select(l => l.Final)));
        });
    }

    [Test]
    public async Task Correction_IsTheOfficesUntilPublished_ThenANewDecision_AndTheFirstStaysReadableAsItWas()
    {
        await _host.Send(new PublishRanking(Office, 2023, "QĐ 15/QĐ-UBND", new DateOnly(2024, 2, 15)));
        var first = (await _host.Send(new GetRanking(Leader, 2023))).ToJson();
        var round = await RoundId(2023, "districts");
        await _host.Send(new SetRoundStage(Office, round, RoundStage.Appraisal2, "Đính chính điểm của H-HL"));
        await _host.Send(new RecordAppraisal(Office, round, "H-HL", "1.1.1", 0m, "Đính chính: không có kế hoạch"));
        var draft = (await _host.Send(new GetRanking(Office, 2023))).ToJson();
        var leaderDuring = (await _host.Send(new GetRanking(Leader, 2023))).ToJson();
        var unitDuring = await _host.Send(new GetUnitDetail(new Actor("daumoi", ActorRole.FocalPoint, "H-HL"), 2023, "H-HL"));
        var officeDuring = await _host.Send(new GetUnitDetail(Office, 2023, "H-HL"));
        var leaderBefore = await _host.Query(db => db.Publications.Where(p => p.Number == 1).Select(p => p.Json).SingleAsync());

        var second = await _host.Send(new PublishRanking(Office, 2023, "QĐ 20/QĐ-UBND", new DateOnly(2024, 3, 1), "Đính chính điểm của H-HL"));
        Assert.Multiple(async () =>
        {
            Assert.That(draft, Is.Not.EqualTo(first));
            Assert.That(leaderDuring, Is.EqualTo(first), "leadership reads the publication during the correction");
            Assert.That(unitDuring.Unit.Index, Is.Not.EqualTo(officeDuring.Unit.Index), "the unit reads the published index, the office the draft");
            Assert.That(leaderBefore, Is.EqualTo(first));
            Assert.That(second.PublicationNumber, Is.EqualTo(2));
            Assert.That((await _host.Send(new GetRanking(Leader, 2023))).ToJson(), Is.EqualTo(draft));
            Assert.That((await _host.Send(new GetRanking(Leader, 2023, 1))).ToJson(), Is.EqualTo(first));
            Assert.That(await _host.Send(new VerifyPublication(Leader, 2023, 1)), Is.True);
            Assert.That(await _host.Send(new VerifyPublication(Leader, 2023, 2)), Is.True);
        });
    }

    [Test]
    public async Task NextYear_ReadsTheDeltasFromThePublishedYear_NotFromLiveUnits()
    {
        await _host.Send(new PublishRanking(Office, 2023, "QĐ 15/QĐ-UBND", new DateOnly(2024, 2, 15)));
        var before = await _host.Send(new GetUnitDetail(Office, 2024, "H-TP"));
        // Marks H-TP as assessed from 2024 only: a live recomputation of 2023 would drop it, the publication keeps it.
        await _host.Send(new UpdateUnit(Office, "H-TP", "UBND thành phố Mẫu", "districts", true, 2024, null, "kiểm thử"));
        var after = await _host.Send(new GetUnitDetail(Office, 2024, "H-TP"));
        Assert.Multiple(() =>
        {
            Assert.That(before.Unit.Previous?.Index, Is.Not.Null);
            Assert.That(after.Unit.Previous?.Index, Is.EqualTo(before.Unit.Previous?.Index));
            Assert.That(after.Unit.Previous?.Rank, Is.EqualTo(before.Unit.Previous?.Rank));
        });
    }
}
