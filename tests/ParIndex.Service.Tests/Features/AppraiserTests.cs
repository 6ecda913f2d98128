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

    /// <summary>The shipped 2025 departments set with area 2 alone appraised by <paramref name="appraiser"/> (the others by the office).</summary>
    private static string Departments2025(string appraiser)
    {
        var text = File.ReadAllText(Path.Combine(HandlerHost.Criteria, "2025", "departments.yaml"));
        const string area = "  - code: \"2\"\n    title: \"Cải cách thể chế\"\n    appraised_by: SO-TP\n";
        Assert.That(text, Does.Contain(area));
        text = System.Text.RegularExpressions.Regex.Replace(text, "^    appraised_by: .*\n", "", System.Text.RegularExpressions.RegexOptions.Multiline);
        return text.Replace(area.Replace("    appraised_by: SO-TP\n", ""), area.Replace("SO-TP", appraiser));
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

    [Test]
    public async Task Queue_HoldsOnlyTheAppraisersLeavesOfOtherUnits_WithWhatTheUnitEnteredAndItsFrozenFiles()
    {
        // A file attached during the self-assessment and frozen with the submission that follows.
        await _host.Send(new SetRoundStage(Office, _round, RoundStage.SelfAssessment, "mở lại để đơn vị nộp kèm tài liệu"));
        var pdf = await _host.Send(new UploadEvidence(Office, _round, "SO-TC", "2.1.2", "van-ban-gop-y.pdf", Api.EvidenceTests.Pdf("queue" + provider)));
        await _host.Send(new UploadSelfAssessment(Office, _round, "SO-TC", "SO-TC.xlsx",
            File.ReadAllBytes(Path.Combine(HandlerHost.Samples, "2025", "self-assessments", "SO-TC.xlsx"))));
        await _host.Send(new SetRoundStage(Office, _round, RoundStage.Appraisal1, "thẩm định lần 1"));

        var set = await _host.Send(new GetCriteriaSet(Office, 2025, "departments"));
        var area2 = set.Criteria.Single(c => c.Code == "2").Leaves().Where(l => !l.IsSurvey).Select(l => l.Code).ToList();
        var queue = await _host.Send(new GetAppraisalQueue(Tp, _round));
        var office = await _host.Send(new GetAppraisalQueue(Office, _round));
        var detail = await _host.Send(new GetUnitDetail(Office, 2025, "SO-TC"));
        var tc = queue.Units.Single(u => u.UnitCode == "SO-TC");
        Assert.Multiple(() =>
        {
            Assert.That(queue.AppraiserName, Is.EqualTo("Sở Tư pháp"));
            Assert.That(queue.Stage, Is.EqualTo(1));
            Assert.That(queue.Units.Select(u => u.UnitCode), Does.Not.Contain("SO-TP"), "its own unit goes to the office");
            Assert.That(queue.Units, Has.Count.GreaterThan(3));
            Assert.That(queue.Units.SelectMany(u => u.Leaves).Select(l => l.Code).Distinct(), Is.EquivalentTo(area2), "area 2 only");
            Assert.That(queue.Units.All(u => u.Leaves.Count == area2.Count), "every leaf of area 2 of every unit");
            // The copy frozen with the submission (the working file stays the unit's, under its own id).
            Assert.That(tc.Leaves.Single(l => l.Code == "2.1.2").Files.Select(f => (f.FileName, f.Size)), Is.EqualTo(new[] { ("van-ban-gop-y.pdf", pdf.Size) }));
            Assert.That(tc.Leaves.Single(l => l.Code == "2.1.2").Files.Single().Id, Is.Not.EqualTo(pdf.Id));
            foreach (var leaf in tc.Leaves)
            {
                var line = detail.Lines.Single(l => l.Code == leaf.Code);
                Assert.That(leaf.SelfScore is { } s ? Numbers.Round(s, queue.Decimals) : (decimal?)null, Is.EqualTo(line.SelfScore), leaf.Code);
                Assert.That(leaf.Value, Is.EqualTo(line.Value), leaf.Code);
                Assert.That(leaf.Evidence, Is.EqualTo(line.Evidence), leaf.Code);
            }
            Assert.That(office.Units.Single(u => u.UnitCode == "SO-TP").Leaves.Select(l => l.Code), Is.SupersetOf(area2), "the office appraises Sở Tư pháp's area 2");
            Assert.That(office.Units.Single(u => u.UnitCode == "SO-TC").Leaves.Select(l => l.Code), Has.None.AnyOf(area2.Cast<object>().ToArray()));
            Assert.That(queue.DoneCount, Is.Zero);
        });
        var frozen = tc.Leaves.Single(l => l.Code == "2.1.2").Files.Single();
        Assert.That((await _host.Send(new DownloadEvidence(Tp, frozen.Id))).Content, Is.EqualTo(Api.EvidenceTests.Pdf("queue" + provider)),
            "the appraiser opens the file its queue links to");
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new GetAppraisalQueue(new Actor("so-tc", ActorRole.FocalPoint, "SO-TC"), _round)));
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new GetAppraisalQueue(new Actor("lanhdao", ActorRole.Leadership), _round)));

        await _host.Send(new SetRoundStage(Office, _round, RoundStage.Explanation, "giải trình"));
        Assert.That((await _host.Send(new GetAppraisalQueue(Tp, _round))).Units, Is.Empty, "nothing to appraise between the rounds");
    }

    [Test]
    public async Task AcceptingTheSelfScore_RecordsTheUnitsOwnPoints_CountsAsDone_AndIsAudited()
    {
        var before = (await _host.Send(new GetAppraisalQueue(Tp, _round))).Units.Single(u => u.UnitCode == "SO-TC");
        var leaf = before.Leaves.First(l => l.SelfScore is > 0 && !l.NotApplicable);
        var scoreBefore = (await _host.Send(new GetUnitDetail(Office, 2025, "SO-TC"))).Unit.Points;

        var accepted = await _host.Send(new AcceptSelfScore(Tp, _round, "SO-TC", leaf.Code));
        Assert.Multiple(() =>
        {
            Assert.That(accepted.AcceptedSelf, Is.True);
            Assert.That(accepted.Points, Is.EqualTo(leaf.SelfScore), "the unit's own points, exact");
            Assert.That(accepted.Reason, Is.EqualTo("Chấp nhận điểm tự đánh giá"));
            Assert.That(accepted.AppraiserUnit, Is.EqualTo("SO-TP"));
        });
        var after = (await _host.Send(new GetAppraisalQueue(Tp, _round))).Units.Single(u => u.UnitCode == "SO-TC");
        var line = after.Leaves.Single(l => l.Code == leaf.Code);
        Assert.Multiple(async () =>
        {
            Assert.That((line.Done, line.AcceptedSelf, line.Appraisal1), Is.EqualTo((true, true, leaf.SelfScore)));
            Assert.That(after.DoneCount, Is.EqualTo(before.DoneCount + 1));
            var progress = await _host.Send(new GetAppraisalProgress(Office, _round));
            Assert.That(progress.ByAppraiser.Single(a => a.AppraiserUnit == "SO-TP").Appraised, Is.EqualTo(1));
            Assert.That((await _host.Send(new GetUnitDetail(Office, 2025, "SO-TC"))).Unit.Points, Is.EqualTo(scoreBefore), "accepting changes no score");
            Assert.That((await _host.Send(new ListAudit(Office, Take: 3))).Select(a => a.What),
                Has.Some.Contains($"tiêu chí {leaf.Code} của Sở Tài chính: chấp nhận điểm tự đánh giá"));
        });

        // Accepting, then appraising the same leaf: the appraised points replace it and it is no longer an acceptance.
        var appraised = await _host.Send(new RecordAppraisal(Tp, _round, "SO-TC", leaf.Code, 0m, "Tài liệu không đúng thời hạn"));
        Assert.That(appraised.AcceptedSelf, Is.False);
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new AcceptSelfScore(Tp, _round, "SO-TC", "1.1.1")), "a leaf another appraises");
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new AcceptSelfScore(Tp, _round, "SO-TP", leaf.Code)), "its own unit");
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new AcceptSelfScore(new Actor("so-tc", ActorRole.FocalPoint, "SO-TC"), _round, "SO-TC", leaf.Code)));
    }
}

