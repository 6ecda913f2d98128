using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks;
using ParIndex.Workbooks.Safety;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>An evidence file (tài liệu kiểm chứng) as the API shows it; <c>SubmissionId</c> null while it belongs to the next submission.</summary>
public sealed record EvidenceDto(int Id, string LeafCode, string FileName, string ContentType, long Size, string Sha256,
    int? SubmissionId, DateTime UploadedAt, string UploadedBy);

/// <summary>Attaches a file to one leaf of a unit's self-assessment in a round (practice.md §5).</summary>
public sealed record UploadEvidence(Actor Actor, int RoundId, string UnitCode, string LeafCode, string FileName, byte[] Content) : IRequest<EvidenceDto>;

/// <summary>A unit's evidence in a round: the files of its next submission, or those frozen with <c>SubmissionId</c>.</summary>
public sealed record ListEvidence(Actor Actor, int RoundId, string UnitCode, int? SubmissionId = null) : IRequest<IReadOnlyList<EvidenceDto>>;

/// <summary>One evidence file's content.</summary>
public sealed record DownloadEvidence(Actor Actor, int Id) : IRequest<FileDto>;

/// <summary>Drops a file from the next submission (a file frozen with a submission stays with it).</summary>
public sealed record DeleteEvidence(Actor Actor, int Id) : IRequest<EvidenceDto>;

/// <summary>
/// Who may read a unit's evidence of one leaf: the one decision, asked by every door (list, download, delete).
/// </summary>
internal static class EvidenceAccess
{
    /// <summary>
    /// practice.md §5: the unit itself, the appraisers of that leaf and the office; never another unit. Leadership
    /// reads nothing before the round is published (then as the published scorecard's backing); an appraiser reads the
    /// files of the leaves assigned to its unit, of the other units, from the first appraisal on.
    /// </summary>
    public static bool CanRead(Actor actor, RoundRecord round, CriteriaSet set, string unitCode, string leafCode) => actor.Role switch
    {
        ActorRole.Office or ActorRole.System => true,
        ActorRole.FocalPoint => actor.UnitCode == unitCode,
        ActorRole.Leadership => round.Stage == RoundStage.Published,
        // The appraisers of that leaf (appraised_by, never for their own unit's, which the office appraises), from the
        // first appraisal on: before it the unit's files are its working set, not yet submitted for appraisal.
        ActorRole.Appraiser => round.Stage >= RoundStage.Appraisal1 && set.Find(leafCode) is { IsLeaf: true } leaf
            && AppraisalRouting.AppraiserOf(leaf, unitCode) is { } appraiser && appraiser == actor.UnitCode,
        _ => false,
    };

    /// <summary>
    /// The unit's own focal point (in the stages a unit submits or explains, until that stage's deadline or the unit's
    /// extension) and the office, before publication.
    /// </summary>
    public static async Task RequireChangeAsync(ParIndexDb db, Actor actor, RoundRecord round, string unitCode, ProvinceTime time, CancellationToken ct)
    {
        actor.RequireWrite(unitCode);
        Store.RequireNotPublished(round);
        var door = StageWindow.UnitDoor(round.Stage);
        if (door is null && !actor.IsOffice)
            throw new ConflictException($"Vòng đánh giá đang ở giai đoạn {Texts.Stage(round.Stage)}: đơn vị chỉ đính kèm hoặc gỡ tài liệu kiểm chứng trong giai đoạn tự đánh giá hoặc giải trình.");
        if (door is not null)
            await StageWindow.EnsureOpenAsync(db, round, actor, door.Value, unitCode, time, ct);
    }

    /// <summary>
    /// When a submission is accepted, the files of the next submission are frozen with it: copies that point at the
    /// same stored content, never changed again; the working set stays, for the unit to add to or drop from.
    /// </summary>
    public static async Task FreezeAsync(ParIndexDb db, SubmissionRecord submission, CancellationToken ct)
    {
        var working = await db.EvidenceFiles.AsNoTracking()
            .Where(e => e.RoundId == submission.RoundId && e.UnitCode == submission.UnitCode && e.SubmissionId == null).ToListAsync(ct);
        foreach (var e in working)
        {
            e.Id = 0;
            e.SubmissionId = submission.Id;
            db.EvidenceFiles.Add(e);
        }
    }
}

internal sealed class Evidence(ParIndexDb db, EvidenceStore store, EvidenceSettings settings, TimeProvider clock, ProvinceTime time) :
    IRequestHandler<UploadEvidence, EvidenceDto>,
    IRequestHandler<ListEvidence, IReadOnlyList<EvidenceDto>>,
    IRequestHandler<DownloadEvidence, FileDto>,
    IRequestHandler<DeleteEvidence, EvidenceDto>
{
    private static EvidenceDto Dto(EvidenceFileRecord e) =>
        new(e.Id, e.LeafCode, e.FileName, e.ContentType, e.Size, e.Sha256, e.SubmissionId, e.UploadedAt, e.UploadedBy);

    private static WorkbookRejectedException Refused(string fileName, string reason) =>
        new($"Tệp {fileName} bị từ chối: {reason}.", [new WorkbookProblem(fileName, null, null, reason)]);

    public async Task<EvidenceDto> Handle(UploadEvidence request, CancellationToken ct)
    {
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        await EvidenceAccess.RequireChangeAsync(db, request.Actor, round, request.UnitCode, time, ct);
        var unit = Store.ToUnit(await Store.UnitAsync(db, request.UnitCode, ct));
        if (unit.Group != round.Group || !unit.IsAssessedIn(round.Year))
            throw new InvalidRequestException($"Đơn vị {unit.Code} không được đánh giá trong vòng năm {round.Year} khối {round.Group}.");
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        if (set.Find(request.LeafCode) is not { IsLeaf: true } leaf)
            throw new NotFoundException($"Bộ tiêu chí năm {round.Year} không có tiêu chí chấm điểm mã {request.LeafCode}.");
        if (leaf.IsSurvey)
            throw new InvalidRequestException($"Tiêu chí {leaf.Code} chấm bằng điều tra XHH: đơn vị không đính kèm tài liệu kiểm chứng cho tiêu chí này.");

        var fileName = Path.GetFileName(request.FileName);
        if (request.Content.LongLength > settings.MaxFileBytes)
            throw Refused(fileName, $"lớn hơn giới hạn {WorkbookLimits.Mb(settings.MaxFileBytes)} MB một tệp");
        var (kind, refusal) = EvidenceContent.Detect(request.Content, fileName);
        if (kind is null) throw Refused(fileName, refusal!);

        var sha = Store.Sha256(request.Content);
        var existing = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.RoundId == round.Id && e.UnitCode == unit.Code
            && e.LeafCode == leaf.Code && e.SubmissionId == null && e.Sha256 == sha, ct);
        if (existing is not null) return Dto(existing); // the same file again: already attached

        // The quota counts each content once per unit and year, whatever the leaves or submissions it is kept with.
        var year = await db.Rounds.AsNoTracking().Where(r => r.Year == round.Year).Select(r => r.Id).ToListAsync(ct);
        var stored = await db.EvidenceFiles.AsNoTracking().Where(e => e.UnitCode == unit.Code && year.Contains(e.RoundId))
            .Select(e => new { e.Sha256, e.Size }).Distinct().ToListAsync(ct);
        var used = stored.DistinctBy(s => s.Sha256).Sum(s => s.Size);
        if (stored.All(s => s.Sha256 != sha) && used + request.Content.LongLength > settings.QuotaBytes)
            throw Refused(fileName, $"đơn vị {unit.Code} đã dùng {WorkbookLimits.Mb(used)} MB trong hạn mức {WorkbookLimits.Mb(settings.QuotaBytes)} MB tài liệu kiểm chứng của năm {round.Year}; hãy gỡ bớt tệp không cần");

        var record = new EvidenceFileRecord
        {
            RoundId = round.Id, UnitCode = unit.Code, LeafCode = leaf.Code, FileName = fileName, ContentType = kind.ContentType,
            Size = request.Content.LongLength, Sha256 = sha, UploadedAt = clock.GetUtcNow().UtcDateTime, UploadedBy = request.Actor.Name,
        };
        var added = await store.PutAsync(sha, request.Content, ct);
        db.EvidenceFiles.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch when (added)
        {
            store.Delete(sha); // nothing kept of a file whose row was not written
            throw;
        }
        return Dto(record);
    }

    public async Task<IReadOnlyList<EvidenceDto>> Handle(ListEvidence request, CancellationToken ct)
    {
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        var rows = await db.EvidenceFiles.AsNoTracking()
            .Where(e => e.RoundId == round.Id && e.UnitCode == request.UnitCode && e.SubmissionId == request.SubmissionId)
            .OrderBy(e => e.LeafCode).ThenBy(e => e.Id).ToListAsync(ct);
        var readable = rows.Where(e => EvidenceAccess.CanRead(request.Actor, round, set, request.UnitCode, e.LeafCode)).ToList();
        if (readable.Count == 0 && !set.Leaves().Any(l => EvidenceAccess.CanRead(request.Actor, round, set, request.UnitCode, l.Code)))
            throw new ForbiddenException($"Tài khoản này không được xem tài liệu kiểm chứng của đơn vị {request.UnitCode}.");
        return readable.Select(Dto).ToList();
    }

    /// <summary>The file, when the actor may read it; anyone else is told it does not exist (an id reveals nothing).</summary>
    private async Task<(EvidenceFileRecord File, RoundRecord Round)> ReadableAsync(Actor actor, int id, CancellationToken ct)
    {
        var file = await db.EvidenceFiles.SingleOrDefaultAsync(e => e.Id == id, ct);
        var round = file is null ? null : await Store.RoundAsync(db, file.RoundId, ct);
        if (file is null || round is null
            || !EvidenceAccess.CanRead(actor, round, await Store.SetAsync(db, round.Year, round.Group, ct), file.UnitCode, file.LeafCode))
            throw new NotFoundException($"Không có tài liệu kiểm chứng số {id}.");
        return (file, round);
    }

    public async Task<FileDto> Handle(DownloadEvidence request, CancellationToken ct)
    {
        var (file, _) = await ReadableAsync(request.Actor, request.Id, ct);
        return new FileDto(file.FileName, file.ContentType, await store.ReadAsync(file.Sha256, ct));
    }

    public async Task<EvidenceDto> Handle(DeleteEvidence request, CancellationToken ct)
    {
        var (file, round) = await ReadableAsync(request.Actor, request.Id, ct);
        await EvidenceAccess.RequireChangeAsync(db, request.Actor, round, file.UnitCode, time, ct);
        if (file.SubmissionId is not null)
            throw new ConflictException($"Tệp {file.FileName} đã được nộp cùng bản tự đánh giá nên không gỡ được; bản nộp sau có thể không kèm tệp này.");
        db.EvidenceFiles.Remove(file);
        await db.SaveChangesAsync(ct);
        if (!await db.EvidenceFiles.AnyAsync(e => e.Sha256 == file.Sha256, ct)) store.Delete(file.Sha256);
        return Dto(file);
    }
}
