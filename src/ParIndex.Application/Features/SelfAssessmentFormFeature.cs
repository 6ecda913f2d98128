using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using Unit = ParIndex.Scoring.Unit;
using ParIndex.Workbooks;
using ParIndex.Workbooks.SelfAssessment;

namespace ParIndex.Application.Features;

/// <summary>One line of the form: a node of the criteria tree, its input (leaves) and its running total.</summary>
/// <param name="Choices">The choices of a levels or yes/no leaf; empty for a number.</param>
/// <param name="Unit">The number's unit (e.g. %), when the rule names one.</param>
/// <param name="Score">The self-score read from what is typed (leaves), or the sum of the children's.</param>
public sealed record FormLine(string Code, string Title, int Depth, bool IsLeaf, bool IsSurvey, bool IsPoints, decimal? Max,
    string Method, IReadOnlyList<string> Choices, string? Unit, bool NotApplicableAllowed, FormEntry Entry, decimal? Score);

/// <summary>The web form of a unit's self-assessment in a round (biểu mẫu tự đánh giá).</summary>
/// <param name="Standing">The unit's current submission, from either door: while it stands, the unit's focal point withdraws it
/// to edit it on the form.</param>
/// <param name="CanWithdraw">Whether this actor may withdraw <paramref name="Standing"/> now.</param>
/// <param name="Shut">Why the unit's door is shut now (not yet open, past its deadline), in the words of the refusal.</param>
public sealed record FormView(int RoundId, int Year, string Group, RoundStage Stage, string UnitCode, string UnitName, int Decimals,
    IReadOnlyList<FormLine> Lines, DateTime? SavedAt, string? SavedBy, bool CanEdit,
    IReadOnlyList<FormProblem> Problems, SubmissionDto? Submitted, SubmissionDto? Standing = null, bool CanWithdraw = false,
    string? Shut = null);

/// <summary>Shows the form: the saved draft when it is newer than the current submission, else that submission's entries, else blank.</summary>
public sealed record GetSelfAssessmentForm(Actor Actor, int RoundId, string UnitCode) : IRequest<FormView>;

/// <summary>Saves what is typed as the unit's draft, whatever its problems.</summary>
public sealed record SaveSelfAssessmentDraft(Actor Actor, int RoundId, string UnitCode, IReadOnlyDictionary<string, FormEntry> Entries) : IRequest<FormView>;

/// <summary>
/// Submits the form: read by the workbook's rules; with any error nothing but the draft is kept and the problems
/// come back per field; else a revision like an uploaded workbook (its file is the filled workbook).
/// </summary>
public sealed record SubmitSelfAssessmentForm(Actor Actor, int RoundId, string UnitCode, IReadOnlyDictionary<string, FormEntry> Entries) : IRequest<FormView>;

internal sealed partial class Submissions :
    IRequestHandler<GetSelfAssessmentForm, FormView>,
    IRequestHandler<SaveSelfAssessmentDraft, FormView>,
    IRequestHandler<SubmitSelfAssessmentForm, FormView>
{
    /// <summary>The name a form submission's workbook carries.</summary>
    private static string FormFileName(string unit, int year) => $"{unit}-{year}-bieu-mau.xlsx";

    public async Task<FormView> Handle(GetSelfAssessmentForm request, CancellationToken ct)
    {
        request.Actor.RequireRead(request.UnitCode);
        var round = await Store.RoundAsync(db, request.RoundId, ct);
        ResultsGate.RequireInputsVisible(request.Actor, round, request.UnitCode);
        var unit = Store.ToUnit(await Store.UnitAsync(db, request.UnitCode, ct));
        var set = await Store.SetAsync(db, round.Year, round.Group, ct);
        var draft = await DraftAsync(round.Id, unit.Code, ct);
        var standing = await StandingAsync(round.Id, unit.Code, ct);
        // A workbook uploaded after the draft was saved is what the unit has now: the form shows it, not the older draft.
        if (draft is not null && standing is not null && standing.UploadedAt > draft.SavedAt) draft = null;
        var entries = draft is null ? EntriesOf(standing?.AssessmentJson) : Entries(draft.EntriesJson);
        return await ViewAsync(request.Actor, round, unit, set, entries, draft, [], null, ct, standing);
    }

    public async Task<FormView> Handle(SaveSelfAssessmentDraft request, CancellationToken ct)
    {
        var (round, unit, set) = await OpenForFormAsync(request.Actor, request.RoundId, request.UnitCode, ct);
        var draft = await SaveDraftAsync(request.Actor, round, unit.Code, request.Entries, ct);
        return await ViewAsync(request.Actor, round, unit, set, request.Entries, draft, [], null, ct);
    }

    public async Task<FormView> Handle(SubmitSelfAssessmentForm request, CancellationToken ct)
    {
        var (round, unit, set) = await OpenForFormAsync(request.Actor, request.RoundId, request.UnitCode, ct);
        var draft = await SaveDraftAsync(request.Actor, round, unit.Code, request.Entries, ct);
        var read = SelfAssessmentForm.Read(set, unit, request.Entries);
        if (read.Value is null)
            return await ViewAsync(request.Actor, round, unit, set, request.Entries, draft, read.Problems, null, ct);

        // The submission's file is the unit's workbook filled with what was typed: whichever door it came by, a
        // submission downloads, re-reads and appraises the same way.
        using var workbook = new MemoryStream();
        TemplateWriter.Write(workbook, set, unit);
        workbook.Position = 0;
        using var filled = new MemoryStream();
        using (var filler = SelfAssessmentFiller.Open(workbook))
        {
            foreach (var (code, entry) in request.Entries)
                if (set.Find(code) is { IsLeaf: true, IsSurvey: false } leaf)
                    filler.Set(code, leaf.Rule is PointsRule ? null : Blank(entry.Value), leaf.Rule is PointsRule ? read.Value.Leaves[code].SelfScore : null,
                        entry.NotApplicable, Blank(entry.Evidence), Blank(entry.Explanation));
            filler.Save(filled);
        }
        var fileName = FormFileName(unit.Code, round.Year);
        var problems = read.Problems.Select(p => new WorkbookProblem(fileName, null, p.LeafCode, p.Message, p.Severity)).ToList();
        db.AuditContext.Reason = "Nộp bảng tự đánh giá bằng biểu mẫu trực tuyến";
        var submitted = await StoreRevisionAsync(round, unit.Code, fileName, filled.ToArray(), request.Actor, read.Value, problems, ct);
        return await ViewAsync(request.Actor, round, unit, set, request.Entries, draft, read.Problems, submitted, ct);
    }

    /// <summary>
    /// The form's door: the submission's, and for a focal point no submission standing, since a submitted
    /// self-assessment is edited by withdrawing it first (practice.md §7).
    /// </summary>
    private async Task<(RoundRecord Round, Unit Unit, CriteriaSet Set)> OpenForFormAsync(Actor actor, int roundId, string unitCode, CancellationToken ct)
    {
        var opened = await OpenForSubmissionAsync(actor, roundId, unitCode, ct);
        if (!actor.IsOffice && await StandingAsync(roundId, unitCode, ct) is { } standing)
            throw new ConflictException($"Bản tự đánh giá lần {standing.Revision} đã nộp: muốn sửa trên biểu mẫu thì rút lại bản đã nộp trước (vẫn trong hạn), hoặc nộp bảng tính mới.");
        return opened;
    }

    /// <summary>The unit's current submission, if one stands.</summary>
    private Task<SubmissionRecord?> StandingAsync(int roundId, string unitCode, CancellationToken ct) =>
        Standing(roundId, unitCode).AsNoTracking()
            .Select(s => new SubmissionRecord { Id = s.Id, RoundId = s.RoundId, UnitCode = s.UnitCode, Revision = s.Revision, FileName = s.FileName,
                UploadedAt = s.UploadedAt, UploadedBy = s.UploadedBy, Accepted = s.Accepted, ProblemsJson = s.ProblemsJson, AssessmentJson = s.AssessmentJson })
            .FirstOrDefaultAsync(ct);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private Task<SelfAssessmentDraftRecord?> DraftAsync(int roundId, string unitCode, CancellationToken ct) =>
        db.SelfAssessmentDrafts.SingleOrDefaultAsync(d => d.RoundId == roundId && d.UnitCode == unitCode, ct);

    private async Task<SelfAssessmentDraftRecord> SaveDraftAsync(Actor actor, RoundRecord round, string unitCode,
        IReadOnlyDictionary<string, FormEntry> entries, CancellationToken ct)
    {
        var draft = await DraftAsync(round.Id, unitCode, ct);
        if (draft is null) db.SelfAssessmentDrafts.Add(draft = new SelfAssessmentDraftRecord { RoundId = round.Id, UnitCode = unitCode });
        draft.EntriesJson = JsonSerializer.Serialize(entries, Store.Json);
        draft.SavedAt = clock.GetUtcNow().UtcDateTime;
        draft.SavedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        return draft;
    }

    private static IReadOnlyDictionary<string, FormEntry> Entries(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, FormEntry>>(json, Store.Json) ?? [];

    /// <summary>A submission's entries as the form shows them, so that a unit that uploaded a workbook edits it on the form.</summary>
    private static IReadOnlyDictionary<string, FormEntry> EntriesOf(string? json)
    {
        if (json is null || JsonSerializer.Deserialize<UnitAssessment>(json, Store.Json) is not { } assessment) return new Dictionary<string, FormEntry>();
        return assessment.Leaves.ToDictionary(l => l.Key, l => new FormEntry(l.Value.Value,
            l.Value.Value is null && !l.Value.NotApplicable ? l.Value.SelfScore?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            l.Value.NotApplicable, l.Value.Evidence, l.Value.Explanation));
    }

    private async Task<FormView> ViewAsync(Actor actor, RoundRecord round, Unit unit, CriteriaSet set, IReadOnlyDictionary<string, FormEntry> entries,
        SelfAssessmentDraftRecord? draft, IReadOnlyList<FormProblem> problems, SubmissionDto? submitted, CancellationToken ct,
        SubmissionRecord? standingRecord = null)
    {
        // Running totals from the same reading as a submission: a leaf typed wrongly counts nothing yet.
        var read = SelfAssessmentForm.Read(set, unit, entries);
        var lines = new List<FormLine>();
        void Add(Criterion node, int depth)
        {
            var score = node.IsLeaf
                ? read.Leaves.TryGetValue(node.Code, out var input) ? (input.NotApplicable ? null : input.SelfScore) : null
                : Sum(node);
            lines.Add(new FormLine(node.Code, node.Title, depth, node.IsLeaf, node.IsSurvey, node.Rule is PointsRule, node.Max,
                node.IsLeaf ? SelfAssessmentForm.Method(node) : "", Choices(node.Rule), UnitOf(node.Rule), node.NotApplicableAllowed,
                entries.GetValueOrDefault(node.Code) ?? new FormEntry(), score is { } s ? Numbers.Round(s, set.Decimals) : null));
            foreach (var child in node.Children) Add(child, depth + 1);
        }
        decimal? Sum(Criterion node)
        {
            var scores = node.Leaves().Where(l => !l.IsSurvey).Select(l => read.Leaves.TryGetValue(l.Code, out var i) && !i.NotApplicable ? i.SelfScore : null)
                .Where(s => s is not null).ToList();
            return scores.Count == 0 ? null : scores.Sum();
        }
        foreach (var area in set.Criteria) Add(area, 0);
        // The same doors as the handlers': the unit's own focal point in the self-assessment stage while it is open
        // (deadline or extension), the office until publication; a standing submission is withdrawn before it is edited.
        var shut = await StageWindow.RefusalAsync(db, round, actor, StageDoor.Submission, unit.Code, time, ct);
        var mayWrite = round.Stage != RoundStage.Published && (actor.IsOffice || (actor.IsFocalPoint && actor.UnitCode == unit.Code))
            && (actor.IsOffice || round.Stage == RoundStage.SelfAssessment) && shut is null;
        // The caller's reading when it has one (the form's view), else read now: a submit has just changed it.
        standingRecord ??= await StandingAsync(round.Id, unit.Code, ct);
        var standing = standingRecord is null ? null : Dto(standingRecord, standingRecord.Id);
        var canEdit = mayWrite && (actor.IsOffice || standing is null);
        var canWithdraw = mayWrite && standing is not null && round.Stage == RoundStage.SelfAssessment;
        return new FormView(round.Id, round.Year, round.Group, round.Stage, unit.Code, unit.Name, set.Decimals, lines,
            draft?.SavedAt, draft?.SavedBy, canEdit, problems, submitted, standing, canWithdraw,
            round.Stage == RoundStage.SelfAssessment ? shut : null);
    }

    private static IReadOnlyList<string> Choices(Rule? rule) => rule switch
    {
        LevelsRule levels => levels.Levels.Select(l => l.Label).ToList(),
        YesNoRule => ["Có", "Không"],
        _ => [],
    };

    private static string? UnitOf(Rule? rule) => rule switch
    {
        BandsRule b => b.Unit,
        ProportionalRule p => p.Unit,
        BonusRule or PenaltyRule => "mục",
        _ => null,
    };
}
