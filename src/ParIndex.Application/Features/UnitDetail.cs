using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Application.Features;

/// <summary>One node of a unit's scorecard (a parent with its totals, or a leaf with everything known of it).</summary>
/// <param name="Code">Mã tiêu chí.</param>
/// <param name="Title">Nội dung.</param>
/// <param name="Depth">0 for an area, 1 for a criterion, …</param>
/// <param name="IsLeaf">True for a leaf.</param>
/// <param name="Rule">The rule kind, leaves only.</param>
/// <param name="Max">Maximum points (null for bonus/penalty).</param>
/// <param name="Applicable">False when not applicable.</param>
/// <param name="Value">What the unit entered.</param>
/// <param name="SelfScore">The unit's self-score (parents: the sum).</param>
/// <param name="Appraisal1">Appraisal round 1.</param>
/// <param name="Appraisal2">Appraisal round 2.</param>
/// <param name="Final">The score that counts (parents: the sum).</param>
/// <param name="Source">Where a leaf's final score came from; null for a parent and in a stage view.</param>
/// <param name="Evidence">Tài liệu kiểm chứng.</param>
/// <param name="Explanation">Giải trình.</param>
/// <param name="AppraisalReason">Lý do thẩm định.</param>
/// <param name="PreviousFinal">Last year's score of the same criterion (<see cref="SameCriterion"/>).</param>
public sealed record ScorecardLine(string Code, string Title, int Depth, bool IsLeaf, RuleKind? Rule, decimal? Max, bool Applicable,
    string? Value, decimal? SelfScore, decimal? Appraisal1, decimal? Appraisal2, decimal? Final, ScoreSource? Source,
    string? Evidence, string? Explanation, string? AppraisalReason, decimal? PreviousFinal);

/// <summary>A unit's result of a year (every number rounded to the set's decimals, as people read it): its row of the result document, then line by line with last year's beside it.</summary>
/// <param name="Year">The year.</param>
/// <param name="Group">The unit's group (code).</param>
/// <param name="CriteriaVersion">The set's version.</param>
/// <param name="RankedUnits">Units ranked in the group.</param>
/// <param name="Unit">The unit's row of the result document (a stage view keeps only what the unit entered).</param>
/// <param name="RoundId">The group's round of the year.</param>
/// <param name="RoundStage">Its stage.</param>
/// <param name="Lines">The criteria tree, line by line.</param>
/// <param name="Appraisals">Who appraised what, when and why, in criteria order (as far as this view shows appraisals).</param>
public sealed record UnitDetailDto(int Year, string Group, string CriteriaVersion, int RankedUnits, UnitDocument Unit,
    int? RoundId, RoundStage? RoundStage, IReadOnlyList<ScorecardLine> Lines, IReadOnlyList<AppraisalEntry> Appraisals);

/// <summary>
/// One appraisal of a leaf as it stands: which appraisal (1 or 2), the score or the self-score accepted, the appraising
/// unit's name (or the reform office's), the account that recorded it, when (UTC) and the reason.
/// </summary>
public sealed record AppraisalEntry(string LeafCode, int Stage, decimal Points, bool AcceptedSelf, string Appraiser, string By,
    DateTime At, string Reason);

/// <summary>
/// A unit's result of a year, line by line, from the stored result the publication gate allows: the published
/// one (or the office's draft). Before publication the unit's own focal point gets its stage view: its
/// self-scores, entries and explanations, and the appraisal once released; no points, index, rank or class.
/// </summary>
public sealed record GetUnitDetail(Actor Actor, int Year, string UnitCode) : IRequest<UnitDetailDto>;

internal sealed class UnitDetailHandlers(ParIndexDb db, ResultCache cache) : IRequestHandler<GetUnitDetail, UnitDetailDto>
{
    public async Task<UnitDetailDto> Handle(GetUnitDetail request, CancellationToken ct)
    {
        var view = await ResultsGate.UnitAsync(db, cache, request.Actor, request.Year, request.UnitCode, stageView: true, ct);
        var detail = await DetailAsync(request, view, ct);
        return view.StageView ? StageView(detail, ResultsGate.ReleasedAppraisal(view.Stage ?? RoundStage.Open)) : detail;
    }

    /// <summary>The unit's own view before publication: what it entered, and the appraisal once released.</summary>
    private static UnitDetailDto StageView(UnitDetailDto d, int released) => d with
    {
        RankedUnits = 0,
        Unit = new UnitDocument(d.Unit.UnitCode, d.Unit.UnitName, d.Unit.Status, null, null, null, null, null, null, null, null, null,
            [], false, [], null, null, null, null, null),
        Lines = d.Lines.Select(l => l with
        {
            SelfScore = l.Rule == RuleKind.Survey ? null : l.SelfScore,
            Appraisal1 = released >= 1 ? l.Appraisal1 : null,
            AppraisalReason = released >= 1 ? l.AppraisalReason : null,
            Appraisal2 = null, Final = null, Source = null, PreviousFinal = null,
        }).ToList(),
        Appraisals = d.Appraisals.Where(a => a.Stage <= released).ToList(),
    };

    private async Task<UnitDetailDto> DetailAsync(GetUnitDetail request, UnitView view, CancellationToken ct)
    {
        var computation = await StoredYear.ComputationAsync(db, cache, view.Result, ct);
        var (group, unit) = computation.UnitOf(request.UnitCode);
        var set = group.Set;
        var (last, lastSet) = computation.LastYearOf(group, unit);
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Year == request.Year && r.Group == set.Group, ct);
        var d = set.Decimals;

        decimal? PreviousOf(Criterion node) => Numbers.Round(SameCriterion.LastYearPoints(node, lastSet, last?.Score), d);

        var lines = new List<ScorecardLine>();
        void Walk(Criterion node, int depth)
        {
            if (node.IsLeaf)
            {
                var leaf = unit.Score?.Leaves.FirstOrDefault(l => l.Leaf.Code == node.Code);
                var input = leaf?.Input;
                lines.Add(new ScorecardLine(node.Code, node.Title, depth, true, node.Rule!.Kind, node.Max, leaf?.Applicable ?? false,
                    input?.Value, Numbers.Round(node.IsSurvey ? leaf?.Final : input?.SelfScore, d),
                    Numbers.Round(input?.Appraisal1, d), Numbers.Round(input?.Appraisal2, d),
                    Numbers.Round(leaf?.Final, d), leaf?.Source ?? ScoreSource.None,
                    input?.Evidence, input?.Explanation, input?.AppraisalReason, PreviousOf(node)));
                return;
            }
            NodeTotal? total = null;
            unit.Score?.Nodes.TryGetValue(node.Code, out total);
            lines.Add(new ScorecardLine(node.Code, node.Title, depth, false, null, node.Max, total?.Applicable ?? node.Max is null,
                null, Numbers.Round(total?.SelfPoints, d), null, null, Numbers.Round(total?.Points, d), null,
                null, null, null, PreviousOf(node)));
            foreach (var child in node.Children) Walk(child, depth + 1);
        }
        foreach (var node in set.Criteria) Walk(node, 0);

        return new UnitDetailDto(request.Year, set.Group, set.Version, group.Units.Count(u => u.Status == UnitStatus.Ranked),
            UnitDocument.Of(unit, set), round?.Id, round?.Stage, lines, round is null ? [] : await AppraisalsAsync(round, set, request.UnitCode,
                view.Result.Kind == ResultKind.Publication ? view.Result.At : null, ct));
    }

    /// <summary>
    /// The unit's appraisals as recorded, in criteria order, then appraisal 1 before 2; for a publication, those recorded
    /// up to it (a correction recorded after it is the office's until it is published).
    /// </summary>
    private async Task<IReadOnlyList<AppraisalEntry>> AppraisalsAsync(RoundRecord round, CriteriaSet set, string unitCode, DateTime? asOf,
        CancellationToken ct)
    {
        var query = db.Appraisals.AsNoTracking().Where(a => a.RoundId == round.Id && a.UnitCode == unitCode);
        if (asOf is { } published) query = query.Where(a => a.At <= published);
        var rows = await query.ToListAsync(ct);
        if (rows.Count == 0) return [];
        var names = (await Store.UnitsAsync(db, ct)).ToDictionary(u => u.Code, u => u.Name);
        var order = set.Leaves().Select((l, i) => (l.Code, i)).ToDictionary(x => x.Code, x => x.i);
        return rows.OrderBy(a => order.GetValueOrDefault(a.LeafCode, int.MaxValue)).ThenBy(a => a.Stage)
            .Select(a => new AppraisalEntry(a.LeafCode, a.Stage, Numbers.Round(a.Points, set.Decimals), a.AcceptedSelf,
                AppraisalRouting.AppraiserName(a.AppraiserUnit, names), a.Appraiser, a.At, a.Reason))
            .ToList();
    }
}
