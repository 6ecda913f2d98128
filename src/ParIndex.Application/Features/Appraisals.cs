using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>An appraisal as the API shows it.</summary>
public sealed record AppraisalDto(string UnitCode, string LeafCode, int Stage, decimal Points, string Reason, string Appraiser, DateTime At,
    string AppraiserUnit = "", bool AcceptedSelf = false);

/// <summary>
/// Records the appraisal council's points for one leaf (thẩm định), in round 1 or 2 as the round's stage
/// says. Office only; points 0 to the leaf's maximum (0 to the cap for bonus/penalty); a reason is required.
/// Recording again replaces the earlier value; the audit log keeps both.
/// </summary>
public sealed record RecordAppraisal(Actor Actor, int RoundId, string UnitCode, string LeafCode, decimal Points, string Reason) : IRequest<AppraisalDto>;

/// <summary>
/// Accepts the unit's self-score of one leaf as its appraisal (chấp nhận điểm tự chấm), in the round's current appraisal
/// stage, by the office or the leaf's appraiser: the points are the unit's own (0 for a leaf it marked not applicable, which
/// stays not applicable); the reason defaults to saying so.
/// </summary>
public sealed record AcceptSelfScore(Actor Actor, int RoundId, string UnitCode, string LeafCode, string? Reason = null) : IRequest<AppraisalDto>;

/// <summary>
/// Records the appraisal columns of a unit's workbook (Điểm thẩm định, Lý do thẩm định) as the round's current
/// appraisal stage, all or nothing (office only). The workbook must read without errors.
/// </summary>
public sealed record AppraiseFromWorkbook(Actor Actor, int RoundId, string UnitCode, string FileName, byte[] Content) : IRequest<IReadOnlyList<AppraisalDto>>;

/// <summary>Lists a unit's appraisals in a round (the unit's focal point, the office, leadership).</summary>
public sealed record ListAppraisals(Actor Actor, int RoundId, string UnitCode) : IRequest<IReadOnlyList<AppraisalDto>>;

/// <summary>An explanation as the API shows it.</summary>
public sealed record ExplanationDto(string UnitCode, string LeafCode, string Text, string Author, DateTime At);

/// <summary>Records the unit's explanation (giải trình) of one leaf, during the explanation stage. The unit's focal point or the office.</summary>
public sealed record RecordExplanation(Actor Actor, int RoundId, string UnitCode, string LeafCode, string Text) : IRequest<ExplanationDto>;

/// <summary>Lists a unit's explanations in a round.</summary>
public sealed record ListExplanations(Actor Actor, int RoundId, string UnitCode) : IRequest<IReadOnlyList<ExplanationDto>>;

internal sealed class AppraisalHandlers(ParIndexDb db, Workbooks.Safety.WorkbookSettings limits, TimeProvider clock, ProvinceTime time) :
    IRequestHandler<RecordAppraisal, AppraisalDto>,
    IRequestHandler<AcceptSelfScore, AppraisalDto>,
    IRequestHandler<ListAppraisals, IReadOnlyList<AppraisalDto>>,
    IRequestHandler<RecordExplanation, ExplanationDto>,
    IRequestHandler<ListExplanations, IReadOnlyList<ExplanationDto>>,
    IRequestHandler<AppraiseFromWorkbook, IReadOnlyList<AppraisalDto>>
{
    public async Task<IReadOnlyList<AppraisalDto>> Handle(AppraiseFromWorkbook request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        var unit = Store.ToUnit(await Store.UnitAsync(db, request.UnitCode, ct));
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        var read = Workbooks.SelfAssessment.SelfAssessmentReader.Read(new MemoryStream(request.Content, writable: false),
            Path.GetFileName(request.FileName), set, unit, limits.SelfAssessment);
        if (!read.Accepted)
            throw new WorkbookRejectedException($"Tệp {request.FileName} có lỗi; chưa ghi điểm thẩm định nào.", read.Problems);
        var recorded = new List<AppraisalDto>();
        // One SaveChanges per leaf keeps each audit row's reason; the transaction makes the workbook all or nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (code, leaf) in read.Value!.Leaves.Where(kv => kv.Value.Appraisal1 is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            recorded.Add(await Handle(new RecordAppraisal(request.Actor, request.RoundId, request.UnitCode, code, leaf.Appraisal1!.Value,
                leaf.AppraisalReason ?? ""), ct));
        await transaction.CommitAsync(ct);
        return recorded;
    }

    private static AppraisalDto Dto(AppraisalRecord a) => new(a.UnitCode, a.LeafCode, a.Stage, a.Points, a.Reason, a.Appraiser, a.At,
        a.AppraiserUnit, a.AcceptedSelf);

    private static ExplanationDto Dto(ExplanationRecord e) => new(e.UnitCode, e.LeafCode, e.Text, e.Author, e.At);

    public Task<AppraisalDto> Handle(RecordAppraisal request, CancellationToken ct) =>
        RecordAsync(request.Actor, request.RoundId, request.UnitCode, request.LeafCode, request.Points, request.Reason, ct);

    public Task<AppraisalDto> Handle(AcceptSelfScore request, CancellationToken ct) =>
        RecordAsync(request.Actor, request.RoundId, request.UnitCode, request.LeafCode, null,
            string.IsNullOrWhiteSpace(request.Reason) ? AcceptedReason : request.Reason, ct);

    /// <summary>The reason an accepted self-score carries unless the appraiser writes one.</summary>
    public const string AcceptedReason = "Chấp nhận điểm tự đánh giá";

    /// <summary>Records points (or, with <paramref name="points"/> null, accepts the self-score) as the round's current appraisal.</summary>
    private async Task<AppraisalDto> RecordAsync(Actor actor, int roundId, string unitCode, string leafCode, decimal? points, string reason,
        CancellationToken ct)
    {
        var accepting = points is null;
        if (!actor.IsAppraiser) actor.RequireOffice();
        var round = await Store.RoundAsync(db, roundId, ct);
        var unit = await Store.UnitAsync(db, unitCode, ct);
        if (unit.Group != round.Group) throw new InvalidRequestException($"{unit.Name} không thuộc {Scoring.Labels.Lower(Scoring.Labels.Group(round.Group, Scoring.Labels.Vietnamese))}.");
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        var leaf = set.Leaves().FirstOrDefault(l => l.Code == leafCode)
            ?? throw new InvalidRequestException($"Bộ tiêu chí {set.Version} không có tiêu chí {leafCode}.");
        if (leaf.IsSurvey) throw new InvalidRequestException($"Tiêu chí {leaf.Code} chấm qua điều tra XHH, không thẩm định.");
        // Who may appraise the leaf before anything about the round's state: an appraiser learns nothing of leaves not its own.
        AppraisalRouting.RequireMayAppraise(actor, leaf, unit.Code);
        Store.RequireNotPublished(round);
        var stage = round.Stage switch
        {
            RoundStage.Appraisal1 => 1,
            RoundStage.Appraisal2 => 2,
            _ => throw new ConflictException($"Vòng đánh giá đang ở giai đoạn {Texts.Stage(round.Stage)}: chỉ thẩm định trong giai đoạn thẩm định lần 1 hoặc lần 2."),
        };
        StageWindow.EnsureOpen(round, actor, StageDoor.Appraisal, time);
        if (await db.AppraisalClosures.AnyAsync(c => c.RoundId == round.Id && c.Stage == stage, ct))
            throw new ConflictException($"Kết quả thẩm định lần {stage} của vòng này đã chốt: không ghi thêm điểm thẩm định.");
        var max = leaf.Max ?? Scoring.Criteria.RuleScoring.Cap(leaf.Rule!);
        var errors = new List<string>();
        if (points is { } p && (p < 0 || p > max))
            errors.Add($"Điểm thẩm định {Scoring.Numbers.Vi(p)} ngoài khoảng 0–{Scoring.Numbers.Vi(max)} của tiêu chí {leaf.Code}.");
        if (points is { } q && Scoring.Numbers.Places(q) > set.Decimals)
            errors.Add($"Điểm thẩm định có quá {set.Decimals} chữ số thập phân.");
        if (string.IsNullOrWhiteSpace(reason))
            errors.Add("Thẩm định phải ghi lý do.");
        if (errors.Count > 0) throw new InvalidRequestException(errors[0], errors);
        var noSubmission = $"Đơn vị {unit.Code} chưa có bảng tự đánh giá được chấp nhận để thẩm định.";
        if (points is not null && !await db.Submissions.Where(s => s.RoundId == round.Id && s.UnitCode == unit.Code).AnyAsync(SubmissionRecord.Stands, ct))
            throw new ConflictException(noSubmission);
        if (points is null)
        {
            // The unit's own score of the leaf, as its current submission gives it (exact, as scoring uses it).
            var submission = (await StoredYear.CurrentSubmissionsAsync(db, round.Id, ct, unit.Code)).FirstOrDefault()
                ?? throw new ConflictException(noSubmission);
            submission.Assessment.Leaves.TryGetValue(leaf.Code, out var input);
            points = input is { NotApplicable: true } ? 0m
                : input?.SelfScore ?? throw new ConflictException($"Đơn vị {unit.Code} không tự chấm tiêu chí {leaf.Code}: không có điểm tự chấm để chấp nhận.");
        }

        var record = await db.Appraisals.SingleOrDefaultAsync(a => a.RoundId == round.Id && a.UnitCode == unit.Code
            && a.LeafCode == leaf.Code && a.Stage == stage, ct);
        if (record is null)
            db.Appraisals.Add(record = new AppraisalRecord { RoundId = round.Id, UnitCode = unit.Code, LeafCode = leaf.Code, Stage = stage });
        record.Points = points.Value;
        record.AcceptedSelf = accepting;
        record.Reason = reason.Trim();
        record.Appraiser = actor.Name;
        record.AppraiserUnit = actor.IsAppraiser ? actor.UnitCode ?? "" : "";
        record.At = clock.GetUtcNow().UtcDateTime;
        db.AuditContext.Reason = record.Reason;
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }

    public async Task<IReadOnlyList<AppraisalDto>> Handle(ListAppraisals request, CancellationToken ct)
    {
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        var visible = await ResultsGate.AppraisalsVisibleAsync(db, request.Actor, round, request.UnitCode, ct);
        return (await db.Appraisals.AsNoTracking().Where(a => a.RoundId == request.RoundId && a.UnitCode == request.UnitCode && a.Stage <= visible)
            .OrderBy(a => a.Stage).ThenBy(a => a.LeafCode).ToListAsync(ct)).Select(Dto).ToList();
    }

    public async Task<ExplanationDto> Handle(RecordExplanation request, CancellationToken ct)
    {
        request.Actor.RequireWrite(request.UnitCode);
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        Store.RequireNotPublished(round);
        if (round.Stage != RoundStage.Explanation)
            throw new ConflictException($"Vòng đánh giá đang ở giai đoạn {Texts.Stage(round.Stage)}: chỉ giải trình trong giai đoạn giải trình.");
        await StageWindow.EnsureOpenAsync(db, round, request.Actor, StageDoor.Explanation, request.UnitCode, time, ct);
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        if (set.Leaves().All(l => l.Code != request.LeafCode))
            throw new InvalidRequestException($"Bộ tiêu chí {set.Version} không có tiêu chí {request.LeafCode}.");
        if (string.IsNullOrWhiteSpace(request.Text)) throw new InvalidRequestException("Nội dung giải trình không được để trống.");
        var record = await db.Explanations.SingleOrDefaultAsync(e => e.RoundId == round.Id && e.UnitCode == request.UnitCode
            && e.LeafCode == request.LeafCode, ct);
        if (record is null)
            db.Explanations.Add(record = new ExplanationRecord { RoundId = round.Id, UnitCode = request.UnitCode, LeafCode = request.LeafCode });
        record.Text = request.Text.Trim();
        record.Author = request.Actor.Name;
        record.At = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }

    public async Task<IReadOnlyList<ExplanationDto>> Handle(ListExplanations request, CancellationToken ct)
    {
        request.Actor.RequireRead(request.UnitCode);
        ResultsGate.RequireInputsVisible(request.Actor, await Store.RoundAsync(db, request.RoundId, ct), request.UnitCode);
        return (await db.Explanations.AsNoTracking().Where(e => e.RoundId == request.RoundId && e.UnitCode == request.UnitCode)
            .OrderBy(e => e.LeafCode).ToListAsync(ct)).Select(Dto).ToList();
    }
}
