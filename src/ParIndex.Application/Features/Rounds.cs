using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>A round as the API shows it.</summary>
/// <remarks>The <c>…Opens</c> days are the first day of each stage's door; null opens it with the stage.</remarks>
public sealed record RoundDto(int Id, int Year, string Group, RoundStage Stage, DateOnly? SelfAssessmentDeadline,
    DateOnly? Appraisal1Deadline, DateOnly? ExplanationDeadline, DateOnly? Appraisal2Deadline,
    DateOnly? SelfAssessmentOpens = null, DateOnly? Appraisal1Opens = null, DateOnly? ExplanationOpens = null, DateOnly? Appraisal2Opens = null);

/// <summary>A round's plan (kế hoạch): each stage's first and last day, in province time; null leaves a side open.</summary>
public sealed record RoundSchedule(DateOnly? SelfAssessmentOpens, DateOnly? SelfAssessmentDeadline, DateOnly? Appraisal1Opens,
    DateOnly? Appraisal1Deadline, DateOnly? ExplanationOpens, DateOnly? ExplanationDeadline, DateOnly? Appraisal2Opens, DateOnly? Appraisal2Deadline)
{
    /// <summary>A round's plan as it stands.</summary>
    public static RoundSchedule Of(RoundDto r) => new(r.SelfAssessmentOpens, r.SelfAssessmentDeadline, r.Appraisal1Opens, r.Appraisal1Deadline,
        r.ExplanationOpens, r.ExplanationDeadline, r.Appraisal2Opens, r.Appraisal2Deadline);

    /// <summary>The plan stage by stage, in the round's order: each stage's first and last day.</summary>
    /// <remarks>A method, not a property: the API's request body stays the eight days.</remarks>
    public IReadOnlyList<(RoundStage Stage, DateOnly? Opens, DateOnly? Closes)> Stages() =>
    [
        (RoundStage.SelfAssessment, SelfAssessmentOpens, SelfAssessmentDeadline),
        (RoundStage.Appraisal1, Appraisal1Opens, Appraisal1Deadline),
        (RoundStage.Explanation, ExplanationOpens, ExplanationDeadline),
        (RoundStage.Appraisal2, Appraisal2Opens, Appraisal2Deadline),
    ];
}

/// <summary>
/// Sets an unpublished round's plan (practice.md §7): the days each stage's doors open and close. Office only, audited
/// with the days before and after; a stage's first day may not be after its last.
/// </summary>
public sealed record SetRoundSchedule(Actor Actor, int RoundId, RoundSchedule Schedule) : IRequest<RoundDto>;

/// <summary>Opens the round of a year and group (its criteria set must be imported). Office only.</summary>
public sealed record OpenRound(Actor Actor, int Year, string Group, DateOnly? SelfAssessmentDeadline = null,
    DateOnly? Appraisal1Deadline = null, DateOnly? ExplanationDeadline = null, DateOnly? Appraisal2Deadline = null) : IRequest<RoundDto>;

/// <summary>
/// Moves a round to another stage. Office only; a published round moves only back to appraisal 2, to be
/// corrected, and only with a reason.
/// </summary>
public sealed record SetRoundStage(Actor Actor, int RoundId, RoundStage Stage, string? Reason = null) : IRequest<RoundDto>;

/// <summary>Lists the rounds. Anyone signed in.</summary>
public sealed record ListRounds(Actor Actor, int? Year = null) : IRequest<IReadOnlyList<RoundDto>>;

/// <summary>One unit's row of a round's dashboard.</summary>
public sealed record DashboardRow(string UnitCode, string UnitName, bool Submitted, int? CurrentRevision, DateTime? SubmittedAt,
    int Revisions, int LastErrors, bool LastAccepted, int Appraised1, int Appraised2, int Explanations,
    DateOnly? SubmissionExtendedUntil = null, DateOnly? ExplanationExtendedUntil = null);

/// <summary>An extension of a unit's deadline as the API shows it.</summary>
public sealed record ExtensionDto(int RoundId, string UnitCode, string UnitName, StageDoor Door, DateOnly Until, string Reason, string GrantedBy, DateTime GrantedAt);

/// <summary>
/// Extends one unit's deadline of a door (gia hạn, practice.md §7): the submission of its self-assessment (and its
/// evidence) or its explanations stay open for it until the end of <c>Until</c> in province time. Office only, with a
/// reason, audited; granted again it replaces the earlier extension. The day must be after the stage's own deadline.
/// </summary>
public sealed record GrantExtension(Actor Actor, int RoundId, string UnitCode, StageDoor Door, DateOnly Until, string Reason) : IRequest<ExtensionDto>;

/// <summary>The round's dashboard: each unit's submission and appraisal state. Office and leadership.</summary>
public sealed record GetRoundDashboard(Actor Actor, int RoundId) : IRequest<IReadOnlyList<DashboardRow>>;

/// <summary>
/// Why a unit's door of a round is shut for the actor now (before the plan's first day, after its last day or the unit's
/// extension), in the words the door refuses with; null while it is open. For a page to say so before anyone tries.
/// Those who may read the unit.
/// </summary>
public sealed record GetDoorRefusal(Actor Actor, int RoundId, string UnitCode, StageDoor Door) : IRequest<string?>;

internal sealed class RoundsHandlers(ParIndexDb db, TimeProvider clock, ProvinceTime time) :
    IRequestHandler<GetDoorRefusal, string?>,
    IRequestHandler<GrantExtension, ExtensionDto>,
    IRequestHandler<SetRoundSchedule, RoundDto>,
    IRequestHandler<OpenRound, RoundDto>,
    IRequestHandler<SetRoundStage, RoundDto>,
    IRequestHandler<ListRounds, IReadOnlyList<RoundDto>>,
    IRequestHandler<GetRoundDashboard, IReadOnlyList<DashboardRow>>
{
    internal static RoundDto Dto(RoundRecord r) => new(r.Id, r.Year, r.Group, r.Stage, r.SelfAssessmentDeadline,
        r.Appraisal1Deadline, r.ExplanationDeadline, r.Appraisal2Deadline, r.SelfAssessmentOpens, r.Appraisal1Opens, r.ExplanationOpens, r.Appraisal2Opens);

    public async Task<RoundDto> Handle(SetRoundSchedule request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        Store.RequireNotPublished(round);
        var s = request.Schedule;
        var errors = new List<string>();
        foreach (var (stage, opens, closes) in s.Stages())
            if (opens > closes)
                errors.Add($"Giai đoạn {Texts.Stage(stage)}: ngày mở {ProvinceTime.Date(opens)} sau hạn cuối {ProvinceTime.Date(closes)}.");
        if (errors.Count > 0) throw new InvalidRequestException(errors[0], errors);
        (round.SelfAssessmentOpens, round.SelfAssessmentDeadline, round.Appraisal1Opens, round.Appraisal1Deadline) =
            (s.SelfAssessmentOpens, s.SelfAssessmentDeadline, s.Appraisal1Opens, s.Appraisal1Deadline);
        (round.ExplanationOpens, round.ExplanationDeadline, round.Appraisal2Opens, round.Appraisal2Deadline) =
            (s.ExplanationOpens, s.ExplanationDeadline, s.Appraisal2Opens, s.Appraisal2Deadline);
        if (!db.ChangeTracker.HasChanges()) return Dto(round);
        round.Version++;
        db.AuditContext.Reason = "Đặt kế hoạch thời gian của vòng đánh giá";
        await db.SaveChangesAsync(ct);
        return Dto(round);
    }

    public async Task<RoundDto> Handle(OpenRound request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        Vocabulary.RequireGroup(request.Group);
        await Store.SetAsync(db, request.Year, request.Group, ct);
        if (await db.Rounds.AnyAsync(r => r.Year == request.Year && r.Group == request.Group, ct))
            throw new ConflictException($"Vòng đánh giá năm {request.Year} khối {request.Group} đã có.");
        var round = new RoundRecord
        {
            Year = request.Year, Group = request.Group, Stage = RoundStage.SelfAssessment,
            SelfAssessmentDeadline = request.SelfAssessmentDeadline, Appraisal1Deadline = request.Appraisal1Deadline,
            ExplanationDeadline = request.ExplanationDeadline, Appraisal2Deadline = request.Appraisal2Deadline,
        };
        db.Rounds.Add(round);
        db.AuditContext.Reason ??= $"Mở vòng đánh giá năm {request.Year} của {Scoring.Labels.Lower(Scoring.Labels.Group(request.Group, Scoring.Labels.Vietnamese))}";
        await db.SaveChangesAsync(ct);
        return Dto(round);
    }

    public async Task<RoundDto> Handle(SetRoundStage request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        if (!Enum.IsDefined(request.Stage))
            throw new InvalidRequestException($"Giai đoạn (stage) {(int)request.Stage} không có: dùng một trong {string.Join(", ", Enum.GetNames<RoundStage>())}.");
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        if (request.Stage == RoundStage.Published)
            throw new InvalidRequestException("Công bố kết quả bằng thao tác công bố (publish), không bằng đổi giai đoạn.");
        if (round.Stage == RoundStage.Published)
        {
            if (request.Stage != RoundStage.Appraisal2 || string.IsNullOrWhiteSpace(request.Reason))
                throw new ConflictException("Vòng đã công bố chỉ được mở lại về giai đoạn thẩm định lần 2 để đính chính, và phải ghi lý do.");
        }
        else if (request.Stage < round.Stage && string.IsNullOrWhiteSpace(request.Reason))
            throw new InvalidRequestException($"Chuyển vòng từ giai đoạn {Texts.Stage(round.Stage)} về giai đoạn trước ({Texts.Stage(request.Stage)}) phải ghi lý do.");
        round.Stage = request.Stage;
        round.Version++;
        db.AuditContext.Reason = request.Reason;
        await db.SaveChangesAsync(ct);
        return Dto(round);
    }

    /// <summary>
    /// The rounds, for anyone: read again after any save of this process, and after a second at most (a round opened
    /// or moved by the command line). Every page of the ranking asks for them, so most requests read no database.
    /// </summary>
    public Task<IReadOnlyList<RoundDto>> Handle(ListRounds request, CancellationToken ct) =>
        RoundsSeen.GetAsync(db, request.Year ?? 0, async () =>
        {
            var query = db.Rounds.AsNoTracking();
            if (request.Year is { } y) query = query.Where(r => r.Year == y);
            IReadOnlyList<RoundDto> rounds = (await query.OrderBy(r => r.Year).ThenBy(r => r.Group).ToListAsync(ct)).Select(Dto).ToList();
            return rounds;
        });

    private static readonly ReadMemo<int, IReadOnlyList<RoundDto>> RoundsSeen = new();

    public async Task<string?> Handle(GetDoorRefusal request, CancellationToken ct)
    {
        request.Actor.RequireRead(request.UnitCode);
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        return await StageWindow.RefusalAsync(db, round, request.Actor, request.Door, request.UnitCode, time, ct);
    }

    public async Task<ExtensionDto> Handle(GrantExtension request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        if (!Enum.IsDefined(request.Door) || request.Door == StageDoor.Appraisal)
            throw new InvalidRequestException("Chỉ gia hạn nộp bảng tự đánh giá (Submission) hoặc gửi giải trình (Explanation) cho một đơn vị.");
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        Store.RequireNotPublished(round);
        var unit = await Store.UnitAsync(db, request.UnitCode, ct);
        if (unit.Group != round.Group)
            throw new InvalidRequestException($"{unit.Name} không thuộc {Labels.Lower(Labels.Group(round.Group, Labels.Vietnamese))}.");
        var what = StageWindow.Action(request.Door);
        var deadline = StageWindow.Deadline(round, request.Door)
            ?? throw new ConflictException($"Vòng đánh giá chưa đặt hạn {what}: không cần gia hạn.");
        var errors = new List<string>();
        if (request.Until <= deadline)
            errors.Add($"Ngày gia hạn {ProvinceTime.Date(request.Until)} phải sau hạn {what} của vòng ({ProvinceTime.Date(deadline)}).");
        if (string.IsNullOrWhiteSpace(request.Reason)) errors.Add("Gia hạn phải ghi lý do.");
        if (errors.Count > 0) throw new InvalidRequestException(errors[0], errors);
        var record = await db.StageExtensions.SingleOrDefaultAsync(e => e.RoundId == round.Id && e.UnitCode == unit.Code && e.Door == (int)request.Door, ct);
        if (record is null)
            db.StageExtensions.Add(record = new StageExtensionRecord { RoundId = round.Id, UnitCode = unit.Code, Door = (int)request.Door });
        record.Until = request.Until;
        record.Reason = request.Reason.Trim();
        record.GrantedBy = request.Actor.Name;
        record.GrantedAt = clock.GetUtcNow().UtcDateTime;
        db.AuditContext.Reason = record.Reason;
        await db.SaveChangesAsync(ct);
        return new ExtensionDto(round.Id, unit.Code, unit.Name, request.Door, record.Until, record.Reason, record.GrantedBy, record.GrantedAt);
    }

    public async Task<IReadOnlyList<DashboardRow>> Handle(GetRoundDashboard request, CancellationToken ct)
    {
        if (request.Actor.Role == ActorRole.FocalPoint)
            throw new ForbiddenException("Bảng theo dõi vòng đánh giá dành cho Phòng CCHC và lãnh đạo.");
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        var units = (await Store.UnitsAsync(db, ct)).Where(u => u.Group == round.Group && u.IsAssessedIn(round.Year)).ToList();
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.RoundId == round.Id)
            .Select(s => new SubmissionRecord { UnitCode = s.UnitCode, Revision = s.Revision, Accepted = s.Accepted, UploadedAt = s.UploadedAt, ProblemsJson = s.ProblemsJson, WithdrawnAt = s.WithdrawnAt })
            .ToListAsync(ct);
        var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.RoundId == round.Id)
            .Select(a => new { a.UnitCode, a.Stage }).ToListAsync(ct);
        var explanations = await db.Explanations.AsNoTracking().Where(e => e.RoundId == round.Id)
            .Select(e => e.UnitCode).ToListAsync(ct);
        var extensions = await db.StageExtensions.AsNoTracking().Where(e => e.RoundId == round.Id).ToListAsync(ct);
        DateOnly? Extended(string unit, StageDoor door) => extensions.FirstOrDefault(e => e.UnitCode == unit && e.Door == (int)door)?.Until;
        return units.Select(u =>
        {
            var mine = submissions.Where(s => s.UnitCode == u.Code).OrderBy(s => s.Revision).ToList();
            var current = mine.LastOrDefault(SubmissionRecord.StandsNow);
            var last = mine.LastOrDefault();
            var lastErrors = last is null ? 0 : Submissions.Problems(last.ProblemsJson).Count(p => p.Severity == Workbooks.Severity.Error);
            return new DashboardRow(u.Code, u.Name, current is not null, current?.Revision, current?.UploadedAt, mine.Count,
                lastErrors, last?.Accepted ?? false,
                appraisals.Count(a => a.UnitCode == u.Code && a.Stage == 1), appraisals.Count(a => a.UnitCode == u.Code && a.Stage == 2),
                explanations.Count(e => e == u.Code), Extended(u.Code, StageDoor.Submission), Extended(u.Code, StageDoor.Explanation));
        }).ToList();
    }
}
