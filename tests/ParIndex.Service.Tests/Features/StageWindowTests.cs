using Microsoft.Extensions.Time.Testing;
using ParIndex.Application;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// The one deadline check (practice.md §7) on a fake clock at the boundaries: a deadline of 31/01/2026 closes at
/// the end of that day in Asia/Ho_Chi_Minh (17:00 UTC on the 31st), refusing the unit's door with the deadline in the
/// message; the office is not held by it; a round without a deadline stays open.
/// </summary>
public class StageWindowTests
{
    private static readonly RoundRecord Round = new()
    {
        Year = 2025, Group = "departments", Stage = RoundStage.SelfAssessment,
        SelfAssessmentDeadline = new DateOnly(2026, 1, 31), Appraisal1Deadline = new DateOnly(2026, 2, 28),
    };
    private static readonly Actor Focal = new("so-tc", ActorRole.FocalPoint, "SO-TC");
    private static readonly Actor Appraiser = new("thamdinh-so-tp", ActorRole.Appraiser, "SO-TP");

    private static ProvinceTime At(DateTimeOffset utc) => new(new FakeTimeProvider(utc));

    [Test]
    public void OneSecondBeforeTheCloseInProvinceTime_IsOpen()
    {
        var time = At(new DateTimeOffset(2026, 1, 31, 16, 59, 59, TimeSpan.Zero)); // 23:59:59 on the 31st in Hà Nội
        Assert.DoesNotThrow(() => StageWindow.EnsureOpen(Round, Focal, StageDoor.Submission, time));
    }

    [Test]
    public void AtTheCloseInProvinceTime_IsRefusedWithTheDeadline()
    {
        var time = At(new DateTimeOffset(2026, 1, 31, 17, 0, 0, TimeSpan.Zero)); // 00:00 on 1 February in Hà Nội
        var e = Assert.Throws<ConflictException>(() => StageWindow.EnsureOpen(Round, Focal, StageDoor.Submission, time));
        Assert.That(e!.Message, Does.Contain("31/01/2026").And.Contain("nộp bảng tự đánh giá"));
        Assert.DoesNotThrow(() => StageWindow.EnsureOpen(Round, Actor.System, StageDoor.Submission, time), "the office sets the deadlines");
    }

    [Test]
    public void TheAppraisalDoor_FollowsItsOwnDeadline_AndNoDeadlineMeansOpen()
    {
        var march = At(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)); // 07:00 on 1 March in Hà Nội
        var appraisal = new RoundRecord { Stage = RoundStage.Appraisal1, Appraisal1Deadline = new DateOnly(2026, 2, 28) };
        Assert.Throws<ConflictException>(() => StageWindow.EnsureOpen(appraisal, Appraiser, StageDoor.Appraisal, march));
        Assert.DoesNotThrow(() => StageWindow.EnsureOpen(appraisal, Focal, StageDoor.Explanation, march));
    }
}
