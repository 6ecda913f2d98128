using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Workbooks.SelfAssessment;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// A deadline extended for one unit (practice.md §7), on a fake clock: after the self-assessment deadline (31/01/2026)
/// the unit's workbook and its evidence are refused; the office extends the unit's deadline with a reason (audited in
/// words, shown on the dashboard); the unit submits and attaches again, another unit stays refused, and the extension
/// closes at the end of its own day in province time.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class ExtensionTests(DatabaseProvider provider)
{
    private static readonly Actor Office = new("vanphong", ActorRole.Office);
    private static readonly Actor Tc = new("so-tc", ActorRole.FocalPoint, "SO-TC");
    private static readonly Actor Nv = new("so-nv", ActorRole.FocalPoint, "SO-NV");
    private static readonly DateOnly Deadline = new(2026, 1, 31);
    private static readonly Actor Tp = new("thamdinh-so-tp", ActorRole.Appraiser, "SO-TP");
    private FakeTimeProvider _clock = null!;
    private HandlerHost _host = null!;
    private int _round;

    [SetUp]
    public async Task Start()
    {
        _clock = new(new DateTimeOffset(2026, 2, 2, 3, 0, 0, TimeSpan.Zero)); // 10:00 on 2 February in Hà Nội; a fake clock only goes forward
        _host = await HandlerHost.StartAsync(TestDatabase.Create(provider), _clock);
        await _host.Send(new ImportDataFolder(Office, HandlerHost.Criteria, HandlerHost.Samples));
        _round = await _host.Query(db => db.Rounds.Where(r => r.Year == 2025 && r.Group == "departments").Select(r => r.Id).SingleAsync());
        await _host.Send(new SetRoundStage(Office, _round, RoundStage.SelfAssessment, "nộp lại theo kế hoạch"));
        await SetDaysAsync(r => r.SelfAssessmentDeadline = Deadline);
    }

    private Task<int> SetDaysAsync(Action<RoundRecord> set) => _host.Query(async db =>
    {
        set(await db.Rounds.SingleAsync(r => r.Id == _round));
        return await db.SaveChangesAsync();
    });

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static byte[] Workbook(string unit) => File.ReadAllBytes(Path.Combine(HandlerHost.Samples, "2025", "self-assessments", unit + ".xlsx"));

    private Task<SubmissionDto> Submit(Actor actor, string unit) =>
        _host.Send(new UploadSelfAssessment(actor, _round, unit, unit + ".xlsx", Workbook(unit)));

    private Task<EvidenceDto> Attach(Actor actor, string unit) =>
        _host.Send(new UploadEvidence(actor, _round, unit, "1.1.1", "ke-hoach.pdf", Api.EvidenceTests.Pdf(unit + provider)));

    [Test]
    public async Task AfterTheDeadline_TheUnitIsRefused_UntilTheOfficeExtendsItsDeadline_WhichClosesAtTheEndOfItsDay()
    {
        var refused = Assert.ThrowsAsync<ConflictException>(() => Submit(Tc, "SO-TC"));
        Assert.That(refused!.Message, Does.Contain("31/01/2026"));
        Assert.ThrowsAsync<ConflictException>(() => Attach(Tc, "SO-TC"), "evidence is a door of the submission too");

        var until = new DateOnly(2026, 2, 5);
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new GrantExtension(Tc, _round, "SO-TC", StageDoor.Submission, until, "tự gia hạn")));
        var noReason = Assert.ThrowsAsync<InvalidRequestException>(() => _host.Send(new GrantExtension(Office, _round, "SO-TC", StageDoor.Submission, until, " ")));
        Assert.That(noReason!.Message, Is.EqualTo("Gia hạn phải ghi lý do."));
        Assert.ThrowsAsync<InvalidRequestException>(() => _host.Send(new GrantExtension(Office, _round, "SO-TC", StageDoor.Submission, Deadline, "không sau hạn")));

        var granted = await _host.Send(new GrantExtension(Office, _round, "SO-TC", StageDoor.Submission, until, "Đơn vị mới hợp nhất, đổi đầu mối CCHC"));
        Assert.That((granted.Until, granted.GrantedBy), Is.EqualTo((until, "vanphong")));

        var accepted = await Submit(Tc, "SO-TC");
        Assert.That(accepted.Accepted, Is.True, "the extended unit submits");
        Assert.That((await Attach(Tc, "SO-TC")).FileName, Is.EqualTo("ke-hoach.pdf"));
        Assert.ThrowsAsync<ConflictException>(() => Submit(Nv, "SO-NV"), "another unit keeps the round's deadline");

        var dashboard = await _host.Send(new GetRoundDashboard(Office, _round));
        Assert.That(dashboard.Single(r => r.UnitCode == "SO-TC").SubmissionExtendedUntil, Is.EqualTo(until));
        Assert.That(dashboard.Single(r => r.UnitCode == "SO-NV").SubmissionExtendedUntil, Is.Null);
        var audit = await _host.Send(new ListAudit(Office, Take: 10));
        var row = audit.Single(a => a.What.StartsWith("Gia hạn", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(row.What, Is.EqualTo("Gia hạn nộp bảng tự đánh giá cho Sở Tài chính (vòng năm 2025) đến hết ngày 05/02/2026"));
            Assert.That(row.Reason, Is.EqualTo("Đơn vị mới hợp nhất, đổi đầu mối CCHC"));
            Assert.That(row.Kind, Is.EqualTo(AuditKind.Round));
        });

        _clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 16, 59, 59, TimeSpan.Zero)); // 23:59:59 on the 5th in Hà Nội
        Assert.That((await Submit(Tc, "SO-TC")).Accepted, Is.True);
        _clock.SetUtcNow(new DateTimeOffset(2026, 2, 5, 17, 0, 0, TimeSpan.Zero));
        var closed = Assert.ThrowsAsync<ConflictException>(() => Submit(Tc, "SO-TC"));
        Assert.That(closed!.Message, Does.Contain("05/02/2026").And.Contain("gia hạn"));
        Assert.That((await Submit(Office, "SO-TC")).Accepted, Is.True, "the office is not held by deadlines");
    }

    /// <summary>
    /// The other doors follow their own stage's last day the same way: the web form (draft and submission), the
    /// appraiser's score in appraisal 1, and the unit's explanation, which its own extension opens again.
    /// </summary>
    [Test]
    public async Task TheForm_TheAppraisal_AndTheExplanation_AreRefusedAfterTheirDeadline_TheExplanationUntilItsExtension()
    {
        var entries = new Dictionary<string, FormEntry>();
        const string pastSubmission = "Đã hết hạn nộp bảng tự đánh giá: hạn cuối là hết ngày 31/01/2026 (giờ Việt Nam).";
        var draft = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new SaveSelfAssessmentDraft(Tc, _round, "SO-TC", entries)));
        Assert.That(draft!.Message, Is.EqualTo(pastSubmission));
        var form = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new SubmitSelfAssessmentForm(Tc, _round, "SO-TC", entries)));
        Assert.That(form!.Message, Is.EqualTo(pastSubmission));

        await _host.Send(new SetRoundStage(Office, _round, RoundStage.Appraisal1));
        await SetDaysAsync(r => r.Appraisal1Deadline = Deadline);
        var appraised = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new RecordAppraisal(Tp, _round, "SO-NV", "2.1.1", 1m, "chưa đạt")));
        Assert.That(appraised!.Message, Is.EqualTo("Đã hết hạn ghi điểm thẩm định: hạn cuối là hết ngày 31/01/2026 (giờ Việt Nam)."));
        Assert.That((await _host.Send(new RecordAppraisal(Office, _round, "SO-NV", "1.1.1", 0.25m, "ban hành muộn"))).Points, Is.EqualTo(0.25m),
            "the office is not held by deadlines");

        await _host.Send(new SetRoundStage(Office, _round, RoundStage.Explanation));
        await SetDaysAsync(r => r.ExplanationDeadline = Deadline);
        var explained = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new RecordExplanation(Nv, _round, "SO-NV", "1.1.1", "Đã ban hành đúng hạn")));
        Assert.That(explained!.Message, Is.EqualTo("Đã hết hạn gửi giải trình: hạn cuối là hết ngày 31/01/2026 (giờ Việt Nam)."));
        await _host.Send(new GrantExtension(Office, _round, "SO-NV", StageDoor.Explanation, new DateOnly(2026, 2, 5), "Đổi đầu mối CCHC"));
        Assert.That((await _host.Send(new RecordExplanation(Nv, _round, "SO-NV", "1.1.1", "Đã ban hành đúng hạn"))).Text, Is.EqualTo("Đã ban hành đúng hạn"));
        Assert.ThrowsAsync<ConflictException>(() => _host.Send(new RecordExplanation(Tc, _round, "SO-TC", "1.1.1", "Không được gia hạn")),
            "another unit keeps the round's deadline");
        var dashboard = await _host.Send(new GetRoundDashboard(Office, _round));
        Assert.That(dashboard.Single(r => r.UnitCode == "SO-NV").ExplanationExtendedUntil, Is.EqualTo(new DateOnly(2026, 2, 5)));
    }
}
