using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>How one role may read a year's results (index, points, rank, class, scorecards, exports, deltas).</summary>
/// <param name="Drafts">Reads a year before publication and a correction in progress (the draft).</param>
/// <param name="AllUnits">Reads every unit; otherwise only the actor's own unit.</param>
/// <param name="Ranking">Reads the whole ranking (json, xlsx, publications, verify).</param>
/// <param name="OwnStage">Before publication, reads what its own unit may see in the current stage: its self-scores and
/// submission, and the appraisal once released (see <see cref="ResultsGate.ReleasedAppraisal"/>), never points, rank or class.</param>
/// <param name="Inputs">Reads a unit's inputs of a round (submissions and their workbooks, explanations, the web form) before
/// the round is published; otherwise only once it is.</param>
internal sealed record ReaderRule(bool Drafts, bool AllUnits, bool Ranking, bool OwnStage, bool Inputs);

/// <summary>Where a year stands for its readers.</summary>
internal enum YearState
{
    /// <summary>Never published: only the office reads results.</summary>
    Unpublished,

    /// <summary>Published and every round still published.</summary>
    Published,

    /// <summary>Published once, and a round reopened for a correction: readers other than the office read the latest publication.</summary>
    UnderCorrection,
}

/// <summary>What a unit view is served from, and whether it is the unit's own stage view (no results in it).</summary>
internal sealed record UnitView(StoredResult Result, bool StageView, RoundStage? Stage);

/// <summary>
/// The publication gate: the one rule every handler that reads results goes through, so that pages, the API and
/// the command line agree. Results of a year are visible before publication only to the office; leadership reads
/// published years only (the latest publication, also while a correction is in progress; an older publication by
/// its number); a focal point reads its own unit only: published results, and before publication its own stage
/// view; an appraiser reads what leadership reads and, before publication, nothing but its queue (the leaves assigned
/// to it, never points, rank or class). Anyone else reads nothing. A role is one row of <see cref="Rules"/>.
/// </summary>
internal static class ResultsGate
{
    private static readonly Dictionary<ActorRole, ReaderRule> Rules = new()
    {
        [ActorRole.Office] = new(Drafts: true, AllUnits: true, Ranking: true, OwnStage: false, Inputs: true),
        [ActorRole.Leadership] = new(Drafts: false, AllUnits: true, Ranking: true, OwnStage: false, Inputs: false),
        [ActorRole.FocalPoint] = new(Drafts: false, AllUnits: false, Ranking: false, OwnStage: true, Inputs: true),
        // The appraiser reads what leadership reads (published years); of a round in progress only its queue, which holds
        // the leaves assigned to it (AppraisalQueue), never a unit's whole workbook, its other leaves or its explanations.
        [ActorRole.Appraiser] = new(Drafts: false, AllUnits: true, Ranking: true, OwnStage: false, Inputs: false),
        // The public page (practice.md §10): the latest publication of a published year, never a draft.
        [ActorRole.Public] = new(Drafts: false, AllUnits: true, Ranking: true, OwnStage: false, Inputs: false),
    };

    private static ReaderRule RuleOf(Actor actor) => Rules.GetValueOrDefault(actor.Role)
        ?? throw new ForbiddenException("Tài khoản không có vai trò được xem kết quả.");

    /// <summary>
    /// The appraisal a unit sees of itself before publication: appraisal 1 once the round reached the explanation
    /// stage (the unit explains against it), appraisal 2 only with the publication; 0 for none.
    /// </summary>
    public static int ReleasedAppraisal(RoundStage stage) => stage switch
    {
        RoundStage.Explanation or RoundStage.Appraisal2 => 1,
        RoundStage.Published => 2,
        _ => 0,
    };

    public static async Task<YearState> StateAsync(ParIndexDb db, int year, CancellationToken ct) =>
        (await FactsAsync(db, year, ct)).State;

    /// <summary>
    /// Where a year stands and whether it has rounds, read in one query (a row per round of the year, each saying
    /// whether the year has a publication); a second only for a year without rounds.
    /// </summary>
    private static async Task<(YearState State, bool HasRounds)> FactsAsync(ParIndexDb db, int year, CancellationToken ct)
    {
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Year == year)
            .Select(r => new { Open = r.Stage != RoundStage.Published, Published = db.Publications.Any(p => p.Year == year) })
            .ToListAsync(ct);
        if (rounds.Count == 0)
            return (await db.Publications.AnyAsync(p => p.Year == year, ct) ? YearState.Published : YearState.Unpublished, false);
        var state = !rounds[0].Published ? YearState.Unpublished
            : rounds.Any(r => r.Open) ? YearState.UnderCorrection : YearState.Published;
        return (state, true);
    }

    private static NotFoundException NotPublished(int year) => new($"Kết quả năm {year} chưa được công bố.");

    /// <summary>
    /// Refuses who may not read a unit's inputs of a round (its submissions and their workbooks, its explanations, the
    /// web form): the office always; a focal point its own unit's; leadership, an appraiser (whose queue holds its leaves)
    /// and the public only once the round is published, so that nothing of an unpublished round, nor of a round reopened for a
    /// correction, reaches them. <paramref name="unitCode"/> null: every unit of the round.
    /// </summary>
    public static void RequireInputsVisible(Actor actor, RoundRecord round, string? unitCode)
    {
        var rule = RuleOf(actor);
        if (!rule.AllUnits && actor.UnitCode != unitCode)
            throw new ForbiddenException($"Tài khoản đầu mối của đơn vị {actor.UnitCode} không được xem dữ liệu của đơn vị {unitCode}.");
        if (!rule.Inputs && round.Stage != RoundStage.Published)
            throw new ForbiddenException($"Kết quả và hồ sơ của năm {round.Year} chưa công bố.");
    }

    /// <summary>Refuses who may not read whole rankings (a focal point reads its own unit's scorecard).</summary>
    public static void RequireRanking(Actor actor)
    {
        if (!RuleOf(actor).Ranking)
            throw new ForbiddenException("Bảng xếp hạng dành cho Phòng CCHC và lãnh đạo; đơn vị xem phiếu điểm của mình.");
    }

    /// <summary>A publication by number, for those who read rankings.</summary>
    public static async Task<StoredResult> PublicationAsync(ParIndexDb db, Actor actor, int year, int number, CancellationToken ct)
    {
        RequireRanking(actor);
        return await StoredYear.PublicationAsync(db, year, number, ct)
            ?? throw new NotFoundException($"Năm {year} không có lần công bố số {number}.");
    }

    /// <summary>
    /// The ranking of a year the actor may read: the given publication; else, for who reads drafts, the draft
    /// while the year is not (or no longer wholly) published; else the latest publication.
    /// </summary>
    public static async Task<StoredResult> RankingAsync(ParIndexDb db, ResultCache cache, Actor actor, int year, int? number, CancellationToken ct)
    {
        RequireRanking(actor);
        if (number is { } n) return await PublicationAsync(db, actor, year, n, ct);
        var rule = RuleOf(actor);
        if (rule.Drafts && await FactsAsync(db, year, ct) is { HasRounds: true, State: not YearState.Published })
            return await StoredYear.DraftAsync(db, cache, year, actor.Name, ct);
        // Who reads no drafts reads publications only: their lookup may be reused briefly (see LatestPublicationSeenAsync).
        var latest = rule.Drafts ? await StoredYear.LatestPublicationAsync(db, year, ct) : await StoredYear.LatestPublicationSeenAsync(db, year, ct);
        return latest ?? throw NotPublished(year);
    }

    /// <summary>
    /// What a unit's views of a year are served from. <paramref name="stageView"/> says whether the caller can
    /// show the unit's own stage view (the unit detail can; a scorecard export, which carries points, cannot).
    /// </summary>
    public static async Task<UnitView> UnitAsync(ParIndexDb db, ResultCache cache, Actor actor, int year, string unitCode,
        bool stageView, CancellationToken ct)
    {
        var rule = RuleOf(actor);
        if (!rule.AllUnits && actor.UnitCode != unitCode)
            throw new ForbiddenException($"Tài khoản đầu mối của đơn vị {actor.UnitCode} không được xem dữ liệu của đơn vị {unitCode}.");
        var state = await StateAsync(db, year, ct);
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Year == year).ToListAsync(ct);
        if (rounds.Count == 0) throw new NotFoundException($"Năm {year} chưa có vòng đánh giá nào.");
        if (rule.Drafts && state != YearState.Published)
            return new UnitView(await StoredYear.DraftAsync(db, cache, year, actor.Name, ct), false, null);
        if (await StoredYear.LatestPublicationAsync(db, year, ct) is { } published)
            return new UnitView(published, false, null);
        if (rule.OwnStage && stageView)
        {
            var group = (await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode, ct))?.Group;
            var stage = rounds.FirstOrDefault(r => r.Group == group)?.Stage;
            return new UnitView(await StoredYear.DraftAsync(db, cache, year, actor.Name, ct), true, stage);
        }
        throw NotPublished(year);
    }

    /// <summary>
    /// The appraisal stages of a round a reader sees: the office all; before publication others none, except a
    /// unit's own focal point, who sees what was released to it; a published round's appraisals are public to
    /// readers of the unit. Under correction the reopened round's appraisals are the office's until published.
    /// </summary>
    public static async Task<int> AppraisalsVisibleAsync(ParIndexDb db, Actor actor, RoundRecord round, string unitCode, CancellationToken ct)
    {
        var rule = RuleOf(actor);
        if (!rule.AllUnits && actor.UnitCode != unitCode)
            throw new ForbiddenException($"Tài khoản đầu mối của đơn vị {actor.UnitCode} không được xem dữ liệu của đơn vị {unitCode}.");
        if (rule.Drafts || round.Stage == RoundStage.Published) return 2;
        var corrected = await db.Publications.AnyAsync(p => p.Year == round.Year, ct);
        if (rule.OwnStage && !corrected && ReleasedAppraisal(round.Stage) > 0) return ReleasedAppraisal(round.Stage);
        throw NotPublished(round.Year);
    }
}
