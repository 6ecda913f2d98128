using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring.Criteria;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>
/// Who appraises what (practice.md §4): a leaf goes to the unit its criteria set names (<c>appraised_by</c>, inherited
/// by the subtree), except that unit's own self-assessment, which goes to the reform office like every unassigned leaf.
/// </summary>
internal static class AppraisalRouting
{
    /// <summary>The appraising unit of a leaf of a unit; null for the reform office.</summary>
    public static string? AppraiserOf(Criterion leaf, string unitCode) =>
        leaf.AppraisedBy is { } by && by != unitCode ? by : null;

    /// <summary>How people read who appraises: the appraising unit's name, or the reform office's label for null or "".</summary>
    public static string AppraiserName(string? unitCode, IReadOnlyDictionary<string, string> unitNames) =>
        string.IsNullOrEmpty(unitCode) ? Labels.Of(ActorRole.Office, Labels.Vietnamese) : unitNames.GetValueOrDefault(unitCode, unitCode);

    /// <summary>
    /// Whether a leaf of a unit is appraised (or accepted) in an appraisal round: round 1 when it has a round-1 appraisal;
    /// round 2 re-appraises what was explained, so a leaf appraised in round 1 and not explained stands.
    /// </summary>
    public sealed class Done(int stage, IEnumerable<(string Unit, string Leaf, int Stage)> appraisals, IReadOnlySet<(string Unit, string Leaf)> explained)
    {
        private readonly HashSet<(string, string)> first = appraisals.Where(a => a.Stage == 1).Select(a => (a.Unit, a.Leaf)).ToHashSet();
        private readonly HashSet<(string, string)> second = appraisals.Where(a => a.Stage == 2).Select(a => (a.Unit, a.Leaf)).ToHashSet();

        public bool Of(string unit, string leaf) => stage == 1 ? first.Contains((unit, leaf))
            : second.Contains((unit, leaf)) || (first.Contains((unit, leaf)) && !explained.Contains((unit, leaf)));
    }

    /// <summary>Refuses an appraiser a leaf not assigned to its unit, or its own unit's leaf; the office appraises every leaf.</summary>
    public static void RequireMayAppraise(Actor actor, Criterion leaf, string unitCode)
    {
        if (actor.IsOffice) return;
        if (!actor.IsAppraiser) throw new ForbiddenException("Chỉ Phòng CCHC và đơn vị thẩm định được giao ghi điểm thẩm định.");
        if (actor.UnitCode == unitCode)
            throw new ForbiddenException($"Đơn vị {unitCode} không tự thẩm định bảng tự đánh giá của mình: tiêu chí {leaf.Code} do Phòng CCHC thẩm định.");
        if (leaf.AppraisedBy != actor.UnitCode)
            throw new ForbiddenException($"Tiêu chí {leaf.Code} không được giao cho đơn vị {actor.UnitCode} thẩm định.");
    }
}

/// <summary>One appraiser's (or the office's) progress: leaves appraised or accepted of those assigned.</summary>
public sealed record AppraisalProgressRow(string? AppraiserUnit, string Name, int Appraised, int Assigned);

/// <summary>
/// The office's view of a round's appraisal: per appraiser and per unit, leaves appraised or accepted of those
/// assigned, and whether it is closed (with the council's decision).
/// </summary>
public sealed record AppraisalProgressDto(int RoundId, int? Stage, IReadOnlyList<AppraisalProgressRow> ByAppraiser,
    IReadOnlyList<AppraisalProgressRow> ByUnit, string? ClosedDecision, DateOnly? ClosedDate);

/// <summary>The progress of a round's current appraisal. Office only.</summary>
public sealed record GetAppraisalProgress(Actor Actor, int RoundId) : IRequest<AppraisalProgressDto>;

/// <summary>
/// Closes the round's current appraisal (chốt kết quả thẩm định) with the council's decision: only when every leaf
/// of every unit with an accepted self-assessment is appraised or accepted as self-scored. Office only.
/// </summary>
public sealed record CloseAppraisal(Actor Actor, int RoundId, string Decision, DateOnly DecisionDate) : IRequest<AppraisalProgressDto>;

internal sealed class AppraisalProgressHandlers(ParIndexDb db, TimeProvider clock) :
    IRequestHandler<GetAppraisalProgress, AppraisalProgressDto>,
    IRequestHandler<CloseAppraisal, AppraisalProgressDto>
{
    public async Task<AppraisalProgressDto> Handle(GetAppraisalProgress request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        return await ProgressAsync(await Store.RoundAsync(db, request.RoundId, ct), ct);
    }

    public async Task<AppraisalProgressDto> Handle(CloseAppraisal request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        Store.RequireNotPublished(round);
        var stage = round.Stage switch
        {
            RoundStage.Appraisal1 => 1,
            RoundStage.Appraisal2 => 2,
            _ => throw new ConflictException($"Vòng đánh giá đang ở giai đoạn {Texts.Stage(round.Stage)}: chỉ chốt kết quả trong giai đoạn thẩm định."),
        };
        if (string.IsNullOrWhiteSpace(request.Decision))
            throw new InvalidRequestException("Chốt kết quả thẩm định phải ghi quyết định (biên bản) của Hội đồng thẩm định.");
        if (await db.AppraisalClosures.AnyAsync(c => c.RoundId == round.Id && c.Stage == stage, ct))
            throw new ConflictException($"Kết quả thẩm định lần {stage} của vòng này đã chốt.");
        var progress = await ProgressAsync(round, ct);
        var missing = progress.ByUnit.Where(u => u.Appraised < u.Assigned).ToList();
        if (missing.Count > 0)
            throw new ConflictException($"Chưa chốt được: còn {missing.Sum(u => u.Assigned - u.Appraised)} tiêu chí chưa thẩm định hoặc chấp nhận, ở {missing.Count} đơn vị ("
                + string.Join("; ", missing.Select(u => $"{u.Name}: {u.Appraised}/{u.Assigned}")) + ").");
        db.AppraisalClosures.Add(new AppraisalClosureRecord
        {
            RoundId = round.Id, Stage = stage, Decision = request.Decision.Trim(), DecisionDate = request.DecisionDate,
            ClosedAt = clock.GetUtcNow().UtcDateTime, ClosedBy = request.Actor.Name,
        });
        db.AuditContext.Reason = request.Decision.Trim();
        await db.SaveChangesAsync(ct);
        return await ProgressAsync(round, ct);
    }

    private async Task<AppraisalProgressDto> ProgressAsync(RoundRecord round, CancellationToken ct)
    {
        int? stage = round.Stage switch
        {
            RoundStage.Appraisal1 or RoundStage.Explanation => 1,
            RoundStage.Appraisal2 or RoundStage.Published => 2,
            _ => null,
        };
        var closure = stage is null ? null
            : await db.AppraisalClosures.AsNoTracking().SingleOrDefaultAsync(c => c.RoundId == round.Id && c.Stage == stage, ct);
        if (stage is null) return new AppraisalProgressDto(round.Id, null, [], [], null, null);
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        var units = (await Store.UnitsAsync(db, ct)).Where(u => u.Group == round.Group && u.IsAssessedIn(round.Year)).ToList();
        var names = (await Store.UnitsAsync(db, ct)).ToDictionary(u => u.Code, u => u.Name);
        var submitted = (await db.Submissions.AsNoTracking().Where(s => s.RoundId == round.Id).Where(SubmissionRecord.Stands)
            .Select(s => s.UnitCode).Distinct().ToListAsync(ct)).ToHashSet();
        var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.RoundId == round.Id)
            .Select(a => new { a.UnitCode, a.LeafCode, a.Stage }).ToListAsync(ct);
        var explained = (await db.Explanations.AsNoTracking().Where(e => e.RoundId == round.Id)
            .Select(e => new { e.UnitCode, e.LeafCode }).ToListAsync(ct)).Select(e => (e.UnitCode, e.LeafCode)).ToHashSet();
        var done = new AppraisalRouting.Done(stage.Value, appraisals.Select(a => (a.UnitCode, a.LeafCode, a.Stage)), explained);
        var items = (from u in units
                     where submitted.Contains(u.Code)
                     from leaf in set.Leaves().Where(l => !l.IsSurvey)
                     select (Unit: u.Code, Appraiser: AppraisalRouting.AppraiserOf(leaf, u.Code), Done: done.Of(u.Code, leaf.Code))).ToList();
        var byAppraiser = items.GroupBy(i => i.Appraiser).OrderBy(g => g.Key is null ? "" : g.Key, StringComparer.Ordinal)
            .Select(g => new AppraisalProgressRow(g.Key, AppraisalRouting.AppraiserName(g.Key, names), g.Count(i => i.Done), g.Count()))
            .ToList();
        var byUnit = units.Select(u => new AppraisalProgressRow(u.Code, u.Name,
            items.Count(i => i.Unit == u.Code && i.Done), items.Count(i => i.Unit == u.Code))).ToList();
        return new AppraisalProgressDto(round.Id, stage, byAppraiser, byUnit, closure?.Decision, closure?.DecisionDate);
    }
}

/// <summary>One evidence file of a leaf, as a link shows it.</summary>
public sealed record QueueFile(int Id, string FileName, long Size);

/// <summary>
/// One leaf of a unit in an appraiser's queue: what the unit entered (value, self-score, evidence text and files, its
/// explanation) beside the appraisals so far.
/// </summary>
public sealed record QueueLeaf(string Code, string Title, decimal? Max, bool NotApplicable, string? Value, decimal? SelfScore,
    string? Evidence, IReadOnlyList<QueueFile> Files, string? Explanation, decimal? Appraisal1, decimal? Appraisal2, string? Reason,
    bool AcceptedSelf, bool Done);

/// <summary>A unit's leaves in an appraiser's queue.</summary>
public sealed record QueueUnit(string UnitCode, string UnitName, IReadOnlyList<QueueLeaf> Leaves)
{
    public int DoneCount => Leaves.Count(l => l.Done);
}

/// <summary>
/// An appraiser's queue in a round (practice.md §4): every unit with an accepted self-assessment, with only the leaves
/// routed to the appraiser (for the office: the unassigned leaves and each appraising unit's own). Empty outside the
/// appraisal stages. <c>Stage</c> is the appraisal round (1 or 2) the points go to; <c>Closed</c> when it is closed.
/// </summary>
public sealed record AppraisalQueueDto(int RoundId, int Year, string Group, RoundStage RoundStage, int? Stage, bool Closed,
    string AppraiserName, int Decimals, IReadOnlyList<QueueUnit> Units)
{
    public int Assigned => Units.Sum(u => u.Leaves.Count);
    public int DoneCount => Units.Sum(u => u.DoneCount);
}

/// <summary>The signed-in appraiser's (or the office's) queue of a round.</summary>
public sealed record GetAppraisalQueue(Actor Actor, int RoundId) : IRequest<AppraisalQueueDto>;

internal sealed class AppraisalQueueHandler(ParIndexDb db) : IRequestHandler<GetAppraisalQueue, AppraisalQueueDto>
{
    public async Task<AppraisalQueueDto> Handle(GetAppraisalQueue request, CancellationToken ct)
    {
        var actor = request.Actor;
        if (!actor.IsAppraiser) actor.RequireOffice();
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        int? stage = round.Stage switch { RoundStage.Appraisal1 => 1, RoundStage.Appraisal2 => 2, _ => null };
        var units = await Store.UnitsAsync(db, ct);
        var names = units.ToDictionary(u => u.Code, u => u.Name);
        var mine = actor.IsAppraiser ? actor.UnitCode : null;
        var who = AppraisalRouting.AppraiserName(mine, names);
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        if (stage is null) return new AppraisalQueueDto(round.Id, round.Year, round.Group, round.Stage, null, false, who, set.Decimals, []);

        var closed = await db.AppraisalClosures.AnyAsync(c => c.RoundId == round.Id && c.Stage == stage, ct);
        var inGroup = units.Where(u => u.Group == round.Group && u.IsAssessedIn(round.Year)).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var current = (await StoredYear.CurrentSubmissionsAsync(db, round.Id, ct)).Where(s => inGroup.Contains(s.UnitCode)).ToList();
        var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.RoundId == round.Id).ToListAsync(ct);
        var explanations = (await db.Explanations.AsNoTracking().Where(e => e.RoundId == round.Id).ToListAsync(ct))
            .ToDictionary(e => (e.UnitCode, e.LeafCode), e => e.Text);
        var frozen = current.Select(s => (int?)s.Id).ToList();
        var files = (await db.EvidenceFiles.AsNoTracking().Where(f => f.RoundId == round.Id && frozen.Contains(f.SubmissionId))
                .Select(f => new { f.Id, f.UnitCode, f.LeafCode, f.FileName, f.Size }).ToListAsync(ct))
            .ToLookup(f => (f.UnitCode, f.LeafCode), f => new QueueFile(f.Id, f.FileName, f.Size));
        var done = new AppraisalRouting.Done(stage.Value, appraisals.Select(a => (a.UnitCode, a.LeafCode, a.Stage)), explanations.Keys.ToHashSet());
        var byLeaf = appraisals.ToLookup(a => (a.UnitCode, a.LeafCode));
        var leaves = set.Leaves().Where(l => !l.IsSurvey).ToList();

        var queue = new List<QueueUnit>();
        foreach (var submission in current.OrderBy(s => names.GetValueOrDefault(s.UnitCode, s.UnitCode), StringComparer.Ordinal))
        {
            var unit = submission.UnitCode;
            var lines = new List<QueueLeaf>();
            foreach (var leaf in leaves.Where(l => AppraisalRouting.AppraiserOf(l, unit) == mine))
            {
                submission.Assessment.Leaves.TryGetValue(leaf.Code, out var input);
                var recorded = byLeaf[(unit, leaf.Code)].ToList();
                var first = recorded.FirstOrDefault(a => a.Stage == 1);
                var second = recorded.FirstOrDefault(a => a.Stage == 2);
                var latest = second ?? first;
                lines.Add(new QueueLeaf(leaf.Code, leaf.Title, leaf.Max, input?.NotApplicable ?? false, input?.Value, input?.SelfScore,
                    input?.Evidence, files[(unit, leaf.Code)].ToList(), explanations.GetValueOrDefault((unit, leaf.Code)),
                    first?.Points, second?.Points, latest?.Reason, latest?.AcceptedSelf ?? false,
                    done.Of(unit, leaf.Code)));
            }
            if (lines.Count > 0) queue.Add(new QueueUnit(unit, names.GetValueOrDefault(unit, unit), lines));
        }
        return new AppraisalQueueDto(round.Id, round.Year, round.Group, round.Stage, stage, closed, who, set.Decimals, queue);
    }
}
