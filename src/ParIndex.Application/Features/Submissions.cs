using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using Unit = ParIndex.Scoring.Unit;
using ParIndex.Workbooks;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Application.Features;

/// <summary>A problem of an uploaded workbook as the API shows it.</summary>
public sealed record ProblemDto(string File, string? Sheet, string? Cell, string Message, Severity Severity);

/// <summary>A submission (lần nộp) as the API shows it.</summary>
/// <param name="WithdrawnAt">When the unit withdrew it to edit it (then it is not current); null while it stands.</param>
public sealed record SubmissionDto(int Id, int RoundId, string UnitCode, int Revision, string FileName, DateTime UploadedAt,
    string UploadedBy, bool Accepted, bool Current, IReadOnlyList<ProblemDto> Problems, DateTime? WithdrawnAt = null, string? WithdrawnBy = null);

/// <summary>
/// Uploads a unit's self-assessment workbook. The unit's focal point (during the self-assessment stage) or
/// the office (until publication). Every upload is kept as a revision; one with errors is kept as rejected
/// and changes nothing else: the current submission stays the latest accepted one. The appraisal columns
/// of a focal point's upload are ignored (the council appraises); the office may keep them
/// (<paramref name="KeepAppraisal"/>) when it imports appraised workbooks.
/// </summary>
public sealed record UploadSelfAssessment(Actor Actor, int RoundId, string UnitCode, string FileName, byte[] Content, bool KeepAppraisal = false)
    : IRequest<SubmissionDto>;

/// <summary>
/// Withdraws a unit's current submission to edit it (rút lại để sửa, practice.md §7): while the self-assessment stage is
/// open for the unit (its deadline or extension), by its focal point or the office. The unit then has no submission
/// until it submits again; its form opens with what it had submitted; the revision stays on record, marked withdrawn.
/// </summary>
public sealed record WithdrawSubmission(Actor Actor, int RoundId, string UnitCode) : IRequest<SubmissionDto>;

/// <summary>Lists a round's submissions: a focal point sees only their unit's.</summary>
public sealed record ListSubmissions(Actor Actor, int RoundId, string? UnitCode = null) : IRequest<IReadOnlyList<SubmissionDto>>;

/// <summary>Downloads an uploaded workbook.</summary>
public sealed record DownloadSubmission(Actor Actor, int SubmissionId) : IRequest<FileDto>;

/// <summary>Downloads a unit's self-assessment template for a year.</summary>
public sealed record DownloadTemplate(Actor Actor, int Year, string UnitCode) : IRequest<FileDto>;

/// <summary>A file to download.</summary>
public sealed record FileDto(string FileName, string ContentType, byte[] Content)
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

internal sealed partial class Submissions(ParIndexDb db, WorkbookSettings limits, TimeProvider clock, ProvinceTime time) :
    IRequestHandler<UploadSelfAssessment, SubmissionDto>,
    IRequestHandler<ListSubmissions, IReadOnlyList<SubmissionDto>>,
    IRequestHandler<WithdrawSubmission, SubmissionDto>,
    IRequestHandler<DownloadSubmission, FileDto>,
    IRequestHandler<DownloadTemplate, FileDto>
{
    internal static IReadOnlyList<ProblemDto> Problems(string json) =>
        JsonSerializer.Deserialize<List<ProblemDto>>(json, Store.Json) ?? [];

    internal static ProblemDto Dto(WorkbookProblem p) => new(p.File, p.Sheet, p.Cell, p.Message, p.Severity);

    private static SubmissionDto Dto(SubmissionRecord s, int? current) => new(s.Id, s.RoundId, s.UnitCode, s.Revision, s.FileName,
        s.UploadedAt, s.UploadedBy, s.Accepted, s.Id == current, Problems(s.ProblemsJson), s.WithdrawnAt, s.WithdrawnBy);

    public async Task<SubmissionDto> Handle(UploadSelfAssessment request, CancellationToken ct)
    {
        var (round, unit, set) = await OpenForSubmissionAsync(request.Actor, request.RoundId, request.UnitCode, ct);

        var fileName = Path.GetFileName(request.FileName);
        // A file no library may open (a zip bomb, not a workbook, encrypted) is no revision: refused, nothing stored.
        if (WorkbookGuard.Check(new MemoryStream(request.Content, writable: false), fileName, limits.SelfAssessment) is { } refused)
            throw new WorkbookRejectedException(Texts.WorkbookRefused(fileName), [refused]);
        var read = SelfAssessmentReader.Read(new MemoryStream(request.Content, writable: false), fileName, set, unit, limits.SelfAssessment);
        var problems = read.Problems.ToList();
        var assessment = read.Accepted ? read.Value : null;
        if (assessment is not null && !(request.KeepAppraisal && request.Actor.IsOffice))
        {
            if (assessment.Leaves.Values.Any(l => l.Appraisal1 is not null))
                problems.Add(new WorkbookProblem(fileName, SelfAssessmentSheet.SheetName, null, Texts.AppraisalIgnored, Severity.Warning));
            assessment = assessment with
            {
                Leaves = assessment.Leaves.ToDictionary(kv => kv.Key, kv => kv.Value with { Appraisal1 = null, AppraisalReason = null }),
            };
        }

        return await StoreRevisionAsync(round, unit.Code, fileName, request.Content, request.Actor, assessment, problems, ct);
    }

    /// <summary>The round, unit and set a submission goes to, once the actor may submit for the unit in this stage.</summary>
    private async Task<(RoundRecord Round, Unit Unit, CriteriaSet Set)> OpenForSubmissionAsync(Actor actor, int roundId, string unitCode, CancellationToken ct)
    {
        actor.RequireWrite(unitCode);
        var round = await Store.RoundAsync(db, roundId, ct);
        Store.RequireNotPublished(round);
        if (!actor.IsOffice && round.Stage != RoundStage.SelfAssessment)
            throw new ConflictException($"Vòng đánh giá đang ở giai đoạn {Texts.Stage(round.Stage)}: đơn vị chỉ nộp bảng tự đánh giá trong giai đoạn tự đánh giá.");
        // One deadline for every door to a submission: the workbook (page and API) and the web form.
        await StageWindow.EnsureOpenAsync(db, round, actor, StageDoor.Submission, unitCode, time, ct);
        var unit = Store.ToUnit(await Store.UnitAsync(db, unitCode, ct));
        if (unit.Group != round.Group || !unit.IsAssessedIn(round.Year))
            throw new InvalidRequestException($"Đơn vị {unit.Code} không được đánh giá trong vòng năm {round.Year} khối {round.Group}.");
        return (round, unit, await Store.SetAsync(db, round.Year, round.Group, ct));
    }

    /// <summary>
    /// Keeps one revision (a workbook uploaded or the form submitted), accepted when <paramref name="assessment"/> is
    /// given; an accepted one takes the evidence attached so far with it.
    /// </summary>
    private async Task<SubmissionDto> StoreRevisionAsync(RoundRecord round, string unitCode, string fileName, byte[] content, Actor actor,
        UnitAssessment? assessment, List<WorkbookProblem> problems, CancellationToken ct)
    {
        // Revisions are numbered per round and unit. Simultaneous uploads of one unit take turns: the number is read and
        // the row written in one transaction holding a lock on (round, unit) (SQLite: the write lock BEGIN IMMEDIATE takes;
        // PostgreSQL: an advisory lock), so ten focal points uploading at once get 2..11 without a retry storm. The unique
        // index stays the last guard: a collision (another writer without the lock) retries.
        for (var attempt = 0; ; attempt++)
        {
            var own = db.Database.CurrentTransaction is null;
            await using var transaction = own ? await db.Database.BeginTransactionAsync(ct) : null;
            await LockRevisionsAsync(round.Id, unitCode, ct);
            var revision = 1 + (await db.Submissions.Where(s => s.RoundId == round.Id && s.UnitCode == unitCode)
                .MaxAsync(s => (int?)s.Revision, ct) ?? 0);
            var record = new SubmissionRecord
            {
                RoundId = round.Id, UnitCode = unitCode, Revision = revision, FileName = fileName, Content = content,
                Sha256 = Store.Sha256(content), UploadedAt = clock.GetUtcNow().UtcDateTime, UploadedBy = actor.Name,
                Accepted = assessment is not null,
                ProblemsJson = JsonSerializer.Serialize(problems.Select(Dto), Store.Json),
                AssessmentJson = assessment is null ? null : JsonSerializer.Serialize(assessment, Store.Json),
            };
            db.Submissions.Add(record);
            db.AuditContext.Reason ??= assessment is null
                ? $"Nộp bảng tự đánh giá lần {revision}: bị từ chối ({problems.Count(p => p.IsError)} lỗi)"
                : $"Nộp bảng tự đánh giá lần {revision}";
            try
            {
                await db.SaveChangesAsync(ct);
                if (record.Accepted)
                {
                    // The evidence attached so far goes with this submission (practice.md §5), in the same transaction.
                    await EvidenceAccess.FreezeAsync(db, record, ct);
                    await db.SaveChangesAsync(ct);
                }
                if (transaction is not null) await transaction.CommitAsync(ct);
                var current = await CurrentIdAsync(round.Id, unitCode, ct);
                return Dto(record, current);
            }
            catch (DbUpdateException) when (own && attempt < 5)
            {
                await transaction!.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// On PostgreSQL, a transaction-scoped advisory lock on (round, unit); SQLite needs none, since its transactions
    /// begin IMMEDIATE and so already hold the database's one write lock.
    /// </summary>
    private async Task LockRevisionsAsync(int roundId, string unitCode, CancellationToken ct)
    {
        if (db.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL") return;
        // FNV-1a of the code: stable across processes (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var c in unitCode) hash = (hash ^ c) * 16777619u;
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [roundId, unchecked((int)hash)], ct);
    }

    public async Task<SubmissionDto> Handle(WithdrawSubmission request, CancellationToken ct)
    {
        var (round, unit, _) = await OpenForSubmissionAsync(request.Actor, request.RoundId, request.UnitCode, ct);
        if (round.Stage != RoundStage.SelfAssessment)
            throw new ConflictException($"Vòng đánh giá đang ở giai đoạn {Texts.Stage(round.Stage)}: chỉ rút lại bản tự đánh giá trong giai đoạn tự đánh giá.");
        // Every standing revision is withdrawn, so that none before it becomes current instead.
        var standing = await Standing(round.Id, unit.Code).ToListAsync(ct);
        if (standing.Count == 0)
            throw new ConflictException($"{unit.Name} chưa có bản tự đánh giá đã nộp trong vòng này để rút lại.");
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var s in standing) (s.WithdrawnAt, s.WithdrawnBy) = (now, request.Actor.Name);
        // The form opens with what was withdrawn, whichever door it came by, for the unit to edit.
        // Saved with the withdrawal, in one save.
        db.AuditContext.Reason = $"Rút lại bản tự đánh giá lần {standing[0].Revision} để sửa";
        await SaveDraftAsync(request.Actor, round, unit.Code, EntriesOf(standing[0].AssessmentJson), ct);
        return Dto(standing[0], null);
    }

    /// <summary>A unit's revisions that stand (accepted, not withdrawn), the latest, its current submission, first.</summary>
    private IQueryable<SubmissionRecord> Standing(int roundId, string unitCode) =>
        db.Submissions.Where(s => s.RoundId == roundId && s.UnitCode == unitCode).Where(SubmissionRecord.Stands).OrderByDescending(s => s.Revision);

    private Task<int?> CurrentIdAsync(int roundId, string unitCode, CancellationToken ct) =>
        Standing(roundId, unitCode).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<SubmissionDto>> Handle(ListSubmissions request, CancellationToken ct)
    {
        var unit = request.Actor.Role == ActorRole.FocalPoint ? request.Actor.UnitCode : request.UnitCode;
        if (request.UnitCode is not null) request.Actor.RequireRead(request.UnitCode);
        ResultsGate.RequireInputsVisible(request.Actor, await Store.RoundAsync(db, request.RoundId, ct), unit);
        var query = db.Submissions.AsNoTracking().Where(s => s.RoundId == request.RoundId);
        if (unit is not null) query = query.Where(s => s.UnitCode == unit);
        var list = await query.OrderBy(s => s.UnitCode).ThenBy(s => s.Revision).ToListAsync(ct);
        var current = list.Where(SubmissionRecord.StandsNow).GroupBy(s => s.UnitCode)
            .Select(g => g.MaxBy(s => s.Revision)!.Id).ToHashSet();
        return list.Select(s => Dto(s, current.Contains(s.Id) ? s.Id : null)).ToList();
    }

    public async Task<FileDto> Handle(DownloadSubmission request, CancellationToken ct)
    {
        var s = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.SubmissionId, ct)
            ?? throw new NotFoundException($"Không có lần nộp số {request.SubmissionId}.");
        request.Actor.RequireRead(s.UnitCode);
        ResultsGate.RequireInputsVisible(request.Actor, await Store.RoundAsync(db, s.RoundId, ct), s.UnitCode);
        return new FileDto(s.FileName, FileDto.Xlsx, s.Content);
    }

    public async Task<FileDto> Handle(DownloadTemplate request, CancellationToken ct)
    {
        request.Actor.RequireRead(request.UnitCode);
        var unit = Store.ToUnit(await Store.UnitAsync(db, request.UnitCode, ct));
        if (!unit.IsAssessedIn(request.Year))
            throw new InvalidRequestException($"Đơn vị {unit.Code} không được đánh giá năm {request.Year}.");
        var set = await Store.SetAsync(db, request.Year, unit.Group, ct);
        using var stream = new MemoryStream();
        TemplateWriter.Write(stream, set, unit);
        return new FileDto($"{unit.Code}-{request.Year}.xlsx", FileDto.Xlsx, stream.ToArray());
    }
}
