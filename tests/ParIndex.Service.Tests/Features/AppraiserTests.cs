using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// Appraisal by the specialist departments (practice.md §4) through the handlers, on the imported sample province:
/// a 2025 departments set naming Sở Tư pháp for area 2 (appraised_by, inherited by the subtree), an unknown unit
/// refused with file:line, the appraiser limited to its leaves and kept from its own unit, progress per appraiser
/// and unit, and the closing refused until every leaf is appraised.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class AppraiserTests(DatabaseProvider provider)
{
    private static readonly Actor Office = new("vanphong", ActorRole.Office);
    private static readonly Actor Tp = new("thamdinh-so-tp", ActorRole.Appraiser, "SO-TP");
    private HandlerHost _host = null!;
    private int _round;

    private static string Departments2025(string appraiser)
    {
        var text = File.ReadAllText(Path.Combine(HandlerHost.Criteria, "2025", "departments.yaml"));
        const string area = "  - code: \"2\"\n    title: \"Cải cách thể chế\"\n";
        Assert.That(text, Does.Contain(area));
        return text.Replace(area, area + $"    appraised_by: {appraiser}\n");
    }

    [SetUp]
    public async Task Start()
    {
        _host = await HandlerHost.StartAsync(TestDatabase.Create(provider));
        await _host.Send(new ImportDataFolder(Office, HandlerHost.Criteria, HandlerHost.Samples));
        await _host.Send(new ImportCriteriaSet(Office, "2025/departments.yaml", Departments2025("SO-TP")));
        _round = await _host.Query(db => db.Rounds.Where(r => r.Year == 2025 && r.Group == "departments").Select(r => r.Id).SingleAsync());
        await _host.Send(new SetRoundStage(Office, _round, RoundStage.Appraisal1, "thẩm định lần 1"));
    }

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public void UnknownAppraisingUnit_IsRefusedWithFileAndLine()
    {
        var e = Assert.ThrowsAsync<InvalidRequestException>(() => _host.Send(new ImportCriteriaSet(Office, "2025/departments.yaml", Departments2025("SO-KHONG-CO"))));
        Assert.That(e!.Errors, Has.Some.Contains("2025/departments.yaml:132").And.Some.Contains("SO-KHONG-CO"));
    }

    [Test]
    public async Task Appraiser_AppraisesOnlyItsLeaves_NotItsOwnUnit_AndTheOfficeClosesOnlyWhenEveryLeafIsDone()
    {
        var set = await _host.Send(new GetCriteriaSet(Office, 2025, "departments"));
        Assert.That(set.Find("2.1.1")!.AppraisedBy, Is.EqualTo("SO-TP"), "inherited by the subtree");
        Assert.That(set.Find("1.1.1")!.AppraisedBy, Is.Null);

        var recorded = await _host.Send(new RecordAppraisal(Tp, _round, "SO-TC", "2.1.2", 0m, "Không lấy ý kiến thẩm định"));
        Assert.That((recorded.AppraiserUnit, recorded.Appraiser), Is.EqualTo(("SO-TP", "thamdinh-so-tp")));
        Assert.That((await _host.Send(new ListAudit(Office, Take: 5))).Select(a => a.What),
            Has.Some.Contains("tiêu chí 2.1.2 của Sở Tài chính: 0 điểm (đơn vị thẩm định: Sở Tư pháp)"));
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new RecordAppraisal(Tp, _round, "SO-TC", "1.1.1", 0m, "ngoài lĩnh vực")));
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new RecordAppraisal(Tp, _round, "SO-TP", "2.1.2", 1m, "tự thẩm định")));
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new RecordAppraisal(new Actor("so-tc", ActorRole.FocalPoint, "SO-TC"), _round, "SO-TC", "2.1.2", 1m, "x")));

        var progress = await _host.Send(new GetAppraisalProgress(Office, _round));
        var areaLeaves = set.Criteria.Single(c => c.Code == "2").Leaves().Count(l => !l.IsSurvey);
        var submitted = progress.ByUnit.Count(u => u.Assigned > 0);
        var tp = progress.ByAppraiser.Single(a => a.AppraiserUnit == "SO-TP");
        var office = progress.ByAppraiser.Single(a => a.AppraiserUnit is null);
        Assert.Multiple(() =>
        {
            Assert.That(tp.Name, Is.EqualTo("Sở Tư pháp"));
            Assert.That((tp.Appraised, tp.Assigned), Is.EqualTo((1, areaLeaves * (submitted - 1))), "Sở Tư pháp's own leaves go to the office");
            Assert.That(office.Assigned, Is.EqualTo(progress.ByUnit.Sum(u => u.Assigned) - tp.Assigned));
            Assert.That(progress.ByUnit.Single(u => u.AppraiserUnit == "SO-TC").Appraised, Is.EqualTo(1));
        });
        var refused = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new CloseAppraisal(Office, _round, "Biên bản 1/BB-HĐTĐ", new DateOnly(2026, 3, 1))));
        Assert.That(refused!.Message, Does.Contain("chưa thẩm định"));

        // Every leaf of every unit with a submission appraised (the office for the rest), then the closing holds.
        foreach (var unit in progress.ByUnit.Where(u => u.Assigned > 0))
            foreach (var leaf in set.Leaves().Where(l => !l.IsSurvey))
            {
                var by = leaf.AppraisedBy == "SO-TP" && unit.AppraiserUnit != "SO-TP" ? Tp : Office;
                await _host.Send(new RecordAppraisal(by, _round, unit.AppraiserUnit!, leaf.Code, 0m, "Thẩm định kiểm thử"));
            }
        var closed = await _host.Send(new CloseAppraisal(Office, _round, "Biên bản 1/BB-HĐTĐ", new DateOnly(2026, 3, 1)));
        Assert.That(closed.ClosedDecision, Is.EqualTo("Biên bản 1/BB-HĐTĐ"));
        Assert.ThrowsAsync<ConflictException>(() => _host.Send(new RecordAppraisal(Tp, _round, "SO-TC", "2.1.2", 1m, "sau khi chốt")));
        var audit = await _host.Send(new ListAudit(Office, Take: 5));
        Assert.That(audit.Select(a => a.What), Has.Some.StartsWith("Chốt kết quả thẩm định lần 1 vòng đánh giá năm 2025"));
    }

    [Test]
    public async Task Appraiser_ReadsTheEvidenceOfItsLeaves_OfOtherUnits_FromTheFirstAppraisalOn()
    {
        async Task<int> Attach(string unit, string leaf) =>
            (await _host.Send(new UploadEvidence(Office, _round, unit, leaf, $"{unit}-{leaf}.pdf", Api.EvidenceTests.Pdf(unit + leaf + provider)))).Id;
        var assigned = await Attach("SO-TC", "2.1.2");
        var elsewhere = await Attach("SO-TC", "1.1.1");
        var ownUnit = await Attach("SO-TP", "2.1.2");
        var other = new Actor("thamdinh-so-tc", ActorRole.Appraiser, "SO-TC");

        Assert.Multiple(async () =>
        {
            Assert.That((await _host.Send(new DownloadEvidence(Tp, assigned))).FileName, Is.EqualTo("SO-TC-2.1.2.pdf"), "its leaf of another unit");
            Assert.That((await _host.Send(new ListEvidence(Tp, _round, "SO-TC"))).Select(e => e.Id), Is.EqualTo(new[] { assigned }),
                "the list holds only its leaves' files");
            Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new DownloadEvidence(Tp, elsewhere)), "a leaf another appraises");
            Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new DownloadEvidence(Tp, ownUnit)), "its own unit's files: the office appraises them");
            Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new ListEvidence(Tp, _round, "SO-TP")));
            Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new DownloadEvidence(other, assigned)), "an appraiser of no leaf of the set");
        });

        await _host.Send(new SetRoundStage(Office, _round, RoundStage.SelfAssessment, "trả lại để đơn vị bổ sung"));
        Assert.ThrowsAsync<NotFoundException>(() => _host.Send(new DownloadEvidence(Tp, assigned)), "before the appraisal, the unit's working files are its own");
    }
}

