using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// Withdrawing a submission to edit it and a round's plan (practice.md §7), on a fake clock: a unit withdraws what it
/// submitted while the stage is open, has no submission until it submits again (dashboard, results' inputs), edits it
/// on the form and submits a new revision; after the deadline the withdrawal and the form are refused with the day in
/// the message. The plan's first day of a stage keeps its doors shut before it. On SQLite and PostgreSQL.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class WithdrawTests(DatabaseProvider provider)
{
    private static readonly Actor Office = new("vanphong", ActorRole.Office);
    private static readonly Actor Tc = new("so-tc", ActorRole.FocalPoint, "SO-TC");
    private static readonly Actor Nv = new("so-nv", ActorRole.FocalPoint, "SO-NV");
    private static readonly DateOnly Deadline = new(2026, 1, 31);
    private FakeTimeProvider _clock = null!;
    private HandlerHost _host = null!;
    private int _round;

    [SetUp]
    public async Task Start()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 20, 3, 0, 0, TimeSpan.Zero)); // 10:00 on 20 January in Hà Nội
        _host = await HandlerHost.StartAsync(TestDatabase.Create(provider), _clock);
        await _host.Send(new ImportDataFolder(Office, HandlerHost.Criteria, HandlerHost.Samples));
        _round = await _host.Query(db => db.Rounds.Where(r => r.Year == 2025 && r.Group == "departments").Select(r => r.Id).SingleAsync());
        await _host.Send(new SetRoundStage(Office, _round, RoundStage.SelfAssessment, "nộp lại theo kế hoạch"));
        await _host.Send(new SetRoundSchedule(Office, _round, new RoundSchedule(null, Deadline, null, null, null, null, null, null)));
    }

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private static byte[] Workbook(string unit) => File.ReadAllBytes(Path.Combine(HandlerHost.Samples, "2025", "self-assessments", unit + ".xlsx"));

    private Task<SubmissionDto> Submit(Actor actor, string unit) =>
        _host.Send(new UploadSelfAssessment(actor, _round, unit, unit + ".xlsx", Workbook(unit)));

    private async Task<DashboardRow> Row(string unit) => (await _host.Send(new GetRoundDashboard(Office, _round))).Single(r => r.UnitCode == unit);

    [Test]
    public async Task AUnitWithdrawsWhileOpen_HasNoSubmissionUntilItSubmitsAgain_EditsItOnTheForm_AndIsRefusedAfterTheDeadline()
    {
        var first = await Submit(Tc, "SO-TC");
        Assert.That(first.Current, Is.True);
        // While it stands the form is locked for the unit: a submitted self-assessment is withdrawn before it is edited.
        var locked = await _host.Send(new GetSelfAssessmentForm(Tc, _round, "SO-TC"));
        Assert.That((locked.CanEdit, locked.CanWithdraw, locked.Standing?.Revision), Is.EqualTo((false, true, first.Revision)));
        var entries = locked.Lines.Where(l => l.IsLeaf && !l.IsSurvey).ToDictionary(l => l.Code, l => l.Entry);
        var standing = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new SaveSelfAssessmentDraft(Tc, _round, "SO-TC", entries)));
        Assert.That(standing!.Message, Does.Contain("rút lại"));

        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new WithdrawSubmission(Nv, _round, "SO-TC")), "another unit's focal point");
        var withdrawn = await _host.Send(new WithdrawSubmission(Tc, _round, "SO-TC"));
        Assert.That((withdrawn.Revision, withdrawn.WithdrawnBy, withdrawn.Current), Is.EqualTo((first.Revision, "so-tc", false)));
        var nothing = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new WithdrawSubmission(Tc, _round, "SO-TC")));
        Assert.That(nothing!.Message, Does.Contain("chưa có bản tự đánh giá đã nộp"));

        // Withdrawn, the unit has not submitted: not on the dashboard, no revision current in the list.
        Assert.That((await Row("SO-TC")).Submitted, Is.False);
        Assert.That((await _host.Send(new ListSubmissions(Office, _round, "SO-TC"))).Where(s => s.Current), Is.Empty);
        var listed = (await _host.Send(new ListSubmissions(Tc, _round))).Single(s => s.Id == first.Id);
        Assert.That((listed.Current, listed.WithdrawnAt), Is.EqualTo((false, (DateTime?)_clock.GetUtcNow().UtcDateTime)));

        // The form opens with what was withdrawn, editable; the unit edits one leaf and submits again.
        var form = await _host.Send(new GetSelfAssessmentForm(Tc, _round, "SO-TC"));
        Assert.That((form.CanEdit, form.CanWithdraw, form.Standing), Is.EqualTo((true, false, (SubmissionDto?)null)));
        var typed = form.Lines.Where(l => l.IsLeaf && !l.IsSurvey).ToDictionary(l => l.Code, l => l.Entry);
        Assert.That(typed, Is.EquivalentTo(entries), "the withdrawn submission's entries, as they were");
        var leaf = typed.First(kv => kv.Value.Explanation is null).Key;
        typed[leaf] = typed[leaf] with { Explanation = "Bổ sung sau khi rút lại (kiểm thử)" };
        var again = await _host.Send(new SubmitSelfAssessmentForm(Tc, _round, "SO-TC", typed));
        Assert.That(again.Submitted, Is.Not.Null, string.Join("\n", again.Problems.Select(p => p.Message)));
        Assert.That((again.Submitted!.Revision, again.Submitted.Current), Is.EqualTo((first.Revision + 1, true)));
        Assert.That((await Row("SO-TC")).CurrentRevision, Is.EqualTo(first.Revision + 1));

        var audit = await _host.Send(new ListAudit(Office, Take: 20));
        Assert.That(audit.Select(a => a.What), Does.Contain($"Rút lại bản tự đánh giá lần {first.Revision} của Sở Tài chính để sửa"));

        // After the deadline: refused with the day, the form shows why, and the office may still act.
        _clock.SetUtcNow(new DateTimeOffset(2026, 1, 31, 17, 0, 0, TimeSpan.Zero)); // 00:00 on 1 February in Hà Nội
        var late = Assert.ThrowsAsync<ConflictException>(() => _host.Send(new WithdrawSubmission(Tc, _round, "SO-TC")));
        Assert.That(late!.Message, Does.Contain("hết ngày 31/01/2026"));
        var shut = await _host.Send(new GetSelfAssessmentForm(Tc, _round, "SO-TC"));
        Assert.That((shut.CanEdit, shut.CanWithdraw, shut.Shut), Is.EqualTo((false, false, late.Message)));
        Assert.That((await _host.Send(new WithdrawSubmission(Office, _round, "SO-TC"))).Revision, Is.EqualTo(first.Revision + 1));

        // In another stage nobody withdraws: the submission is being appraised.
        await Submit(Office, "SO-TC");
        await _host.Send(new SetRoundStage(Office, _round, RoundStage.Appraisal1));
        Assert.ThrowsAsync<ConflictException>(() => _host.Send(new WithdrawSubmission(Office, _round, "SO-TC")));
    }

    [Test]
    public async Task ThePlansFirstDay_KeepsTheDoorShutBeforeIt_TheOfficeSetsItWithAReadableAudit_AndAStageCannotOpenAfterItCloses()
    {
        var opens = new DateOnly(2026, 1, 21);
        var plan = new RoundSchedule(opens, Deadline, new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 10), null, null, null, null);
        Assert.ThrowsAsync<ForbiddenException>(() => _host.Send(new SetRoundSchedule(Tc, _round, plan)));
        var backwards = Assert.ThrowsAsync<InvalidRequestException>(() =>
            _host.Send(new SetRoundSchedule(Office, _round, plan with { Appraisal1Opens = new DateOnly(2026, 2, 11) })));
        Assert.That(backwards!.Message, Is.EqualTo("Giai đoạn thẩm định lần 1: ngày mở 11/02/2026 sau hạn cuối 10/02/2026."));
        var set = await _host.Send(new SetRoundSchedule(Office, _round, plan));
        Assert.That((set.SelfAssessmentOpens, set.SelfAssessmentDeadline, set.Appraisal1Opens), Is.EqualTo(((DateOnly?)opens, (DateOnly?)Deadline, (DateOnly?)new DateOnly(2026, 2, 2))));

        var early = Assert.ThrowsAsync<ConflictException>(() => Submit(Tc, "SO-TC"));
        Assert.That(early!.Message, Is.EqualTo("Chưa đến thời gian nộp bảng tự đánh giá: theo kế hoạch của vòng, việc này mở từ ngày 21/01/2026 (giờ Việt Nam)."));
        _clock.SetUtcNow(new DateTimeOffset(2026, 1, 20, 17, 0, 0, TimeSpan.Zero)); // 00:00 on the 21st in Hà Nội
        Assert.That((await Submit(Tc, "SO-TC")).Accepted, Is.True);

        var audit = await _host.Send(new ListAudit(Office, Take: 20));
        var row = audit.First(a => a.Reason == "Đặt kế hoạch thời gian của vòng đánh giá");
        Assert.That(row.Changes.Select(c => $"{c.Field}: {c.Before} → {c.After}"), Is.SupersetOf(new[]
        {
            "ngày mở tự đánh giá: (trống) → 21/01/2026", "ngày mở thẩm định lần 1: (trống) → 02/02/2026", "hạn thẩm định lần 1: (trống) → 10/02/2026",
        }));
    }
}
