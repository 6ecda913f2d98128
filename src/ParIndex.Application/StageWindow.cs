using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application;

/// <summary>A door of a round that a deadline closes (practice.md §7).</summary>
public enum StageDoor
{
    /// <summary>A self-assessment submission (workbook upload, page or API).</summary>
    Submission,
    /// <summary>An explanation (giải trình).</summary>
    Explanation,
    /// <summary>An appraisal by a specialist department.</summary>
    Appraisal,
}

/// <summary>
/// The one deadline check every door of a round calls (practice.md §7): a stage opens at the start of its first day
/// and closes at the end of its deadline, both days in province time (Asia/Ho_Chi_Minh unless configured); before
/// the one and after the other the door is refused with the day in the message. The reform office, which sets the deadlines, is not held by them.
/// </summary>
public static class StageWindow
{
    /// <summary>The closing day of the stage a door belongs to, or null when the round sets none.</summary>
    public static DateOnly? Deadline(RoundRecord round, StageDoor door) => door switch
    {
        StageDoor.Submission => round.SelfAssessmentDeadline,
        StageDoor.Explanation => round.ExplanationDeadline,
        _ => round.Stage == RoundStage.Appraisal2 ? round.Appraisal2Deadline : round.Appraisal1Deadline,
    };

    /// <summary>The first day of the stage a door belongs to, or null when the door opens with the stage.</summary>
    public static DateOnly? Opens(RoundRecord round, StageDoor door) => door switch
    {
        StageDoor.Submission => round.SelfAssessmentOpens,
        StageDoor.Explanation => round.ExplanationOpens,
        _ => round.Stage == RoundStage.Appraisal2 ? round.Appraisal2Opens : round.Appraisal1Opens,
    };

    /// <summary>The instant (UTC) a stage opens: the start of its first day, in province time.</summary>
    public static DateTime OpensAt(DateOnly opens, ProvinceTime time) => ClosesAt(opens.AddDays(-1), time);

    /// <summary>The instant (UTC) a stage closes: the start of the day after its deadline, in province time.</summary>
    public static DateTime ClosesAt(DateOnly deadline, ProvinceTime time) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), time.Zone);

    /// <summary>Refuses a door of the round once its stage's deadline has passed (the office excepted).</summary>
    /// <param name="extendedUntil">The unit's extension of this door (gia hạn), if the office granted one.</param>
    public static void EnsureOpen(RoundRecord round, Actor actor, StageDoor door, ProvinceTime time, DateOnly? extendedUntil = null)
    {
        if (Refusal(round, actor, door, time, extendedUntil) is { } refusal) throw new ConflictException(refusal);
    }

    /// <summary>Why the door is shut for the actor now (before its first day, after its last), or null while it is open.</summary>
    public static string? Refusal(RoundRecord round, Actor actor, StageDoor door, ProvinceTime time, DateOnly? extendedUntil = null)
    {
        if (actor.IsOffice) return null;
        if (Opens(round, door) is { } opens && time.UtcNow < OpensAt(opens, time))
            return $"Chưa đến thời gian {Action(door)}: theo kế hoạch của vòng, việc này mở từ ngày {ProvinceTime.Date(opens)} (giờ Việt Nam).";
        if (Deadline(round, door) is not { } stageDeadline) return null;
        var deadline = LastDay(stageDeadline, extendedUntil);
        if (time.UtcNow < ClosesAt(deadline, time)) return null;
        return $"Đã hết hạn {Action(door)}: hạn cuối là hết ngày {ProvinceTime.Date(deadline)} (giờ Việt Nam)"
            + (extendedUntil is not null ? ", đã tính cả thời gian gia hạn." : ".");
    }

    /// <summary>The last open day of a unit's door: the stage's deadline, or the unit's extension when it is later.</summary>
    public static DateOnly LastDay(DateOnly deadline, DateOnly? extendedUntil) =>
        extendedUntil is { } until && until > deadline ? until : deadline;

    /// <summary>What a door lets a person do, in the words of its messages («nộp bảng tự đánh giá»).</summary>
    public static string Action(StageDoor door) => door switch
    {
        StageDoor.Submission => "nộp bảng tự đánh giá",
        StageDoor.Explanation => "gửi giải trình",
        _ => "ghi điểm thẩm định",
    };

    /// <summary>The same check for a unit's door, with the extension the office granted the unit for it.</summary>
    public static async Task EnsureOpenAsync(ParIndexDb db, RoundRecord round, Actor actor, StageDoor door, string unitCode, ProvinceTime time,
        CancellationToken ct)
    {
        if (await RefusalAsync(db, round, actor, door, unitCode, time, ct) is { } refusal) throw new ConflictException(refusal);
    }

    /// <summary><see cref="Refusal"/> for a unit's door, with its extension: what a page shows instead of an input.</summary>
    public static async Task<string?> RefusalAsync(ParIndexDb db, RoundRecord round, Actor actor, StageDoor door, string unitCode, ProvinceTime time,
        CancellationToken ct)
    {
        if (actor.IsOffice || (Deadline(round, door) is null && Opens(round, door) is null)) return null;
        var until = await db.StageExtensions.AsNoTracking()
            .Where(e => e.RoundId == round.Id && e.UnitCode == unitCode && e.Door == (int)door)
            .Select(e => (DateOnly?)e.Until).SingleOrDefaultAsync(ct);
        return Refusal(round, actor, door, time, until);
    }

    /// <summary>The door of a round's current stage that a unit works through, if any (evidence follows it).</summary>
    public static StageDoor? UnitDoor(RoundStage stage) => stage switch
    {
        RoundStage.SelfAssessment => StageDoor.Submission,
        RoundStage.Explanation => StageDoor.Explanation,
        _ => null,
    };
}
