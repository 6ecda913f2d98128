using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>One node of a unit's scorecard (a parent with its totals, or a leaf with everything known of it).</summary>
/// <param name="Code">Mã tiêu chí.</param>
/// <param name="Title">Nội dung.</param>
/// <param name="Depth">0 for an area, 1 for a criterion, …</param>
/// <param name="IsLeaf">True for a leaf.</param>
/// <param name="Rule">The rule kind (points, yes_no, levels, bands, proportional, survey, bonus, penalty), leaves only.</param>
/// <param name="Max">Maximum points (null for bonus/penalty).</param>
/// <param name="Applicable">False when not applicable.</param>
/// <param name="Value">What the unit entered.</param>
/// <param name="SelfScore">The unit's self-score (parents: the sum).</param>
/// <param name="Appraisal1">Appraisal round 1.</param>
/// <param name="Appraisal2">Appraisal round 2.</param>
/// <param name="Final">The score that counts (parents: the sum).</param>
/// <param name="Source">self, appraisal1, appraisal2, survey or none.</param>
/// <param name="Evidence">Tài liệu kiểm chứng.</param>
/// <param name="Explanation">Giải trình.</param>
/// <param name="AppraisalReason">Lý do thẩm định.</param>
/// <param name="PreviousFinal">Last year's score of the same code when comparable (same maximum).</param>
public sealed record ScorecardLine(string Code, string Title, int Depth, bool IsLeaf, string? Rule, decimal? Max, bool Applicable,
    string? Value, decimal? SelfScore, decimal? Appraisal1, decimal? Appraisal2, decimal? Final, string Source,
    string? Evidence, string? Explanation, string? AppraisalReason, decimal? PreviousFinal);

/// <summary>A unit's result of a year, line by line, with last year's beside it.</summary>
public sealed record UnitDetailDto(int Year, string UnitCode, string UnitName, string Group, string CriteriaVersion, string Status,
    decimal? Points, decimal? ApplicableMax, decimal? Index, int? Rank, int RankedUnits, string? Class,
    decimal? PreviousIndex, int? PreviousRank, string? PreviousBasis, decimal? Bonus, decimal? Penalty, bool Appraised,
    int? RoundId, string? RoundStage, IReadOnlyList<ScorecardLine> Lines);

/// <summary>
/// A unit's result of a year, line by line, from the stored result the publication gate allows: the published
/// one (or the office's draft). Before publication the unit's own focal point gets its stage view: its
/// self-scores, entries and explanations, and the appraisal once released; no points, index, rank or class.
/// </summary>
public sealed record GetUnitDetail(Actor Actor, int Year, string UnitCode) : IRequest<UnitDetailDto>;

internal sealed class UnitDetailHandler(ParIndexDb db, ResultCache cache) : IRequestHandler<GetUnitDetail, UnitDetailDto>
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
        Points = null, Index = null, Rank = null, RankedUnits = 0, Class = null, PreviousIndex = null, PreviousRank = null,
        PreviousBasis = null, Bonus = null, Penalty = null, Appraised = false,
        Lines = d.Lines.Select(l => l with
        {
            SelfScore = l.Rule == "survey" ? null : l.SelfScore,
            Appraisal1 = released >= 1 ? l.Appraisal1 : null,
            AppraisalReason = released >= 1 ? l.AppraisalReason : null,
            Appraisal2 = null, Final = null, Source = "", PreviousFinal = null,
        }).ToList(),
    };

    private async Task<UnitDetailDto> DetailAsync(GetUnitDetail request, UnitView view, CancellationToken ct)
    {
        var computation = await StoredYear.ComputationAsync(db, cache, view.Result, ct);
        var group = computation.Groups.FirstOrDefault(g => g.Units.Any(u => u.Unit.Code == request.UnitCode))
            ?? throw new NotFoundException($"Đơn vị {request.UnitCode} không được đánh giá năm {request.Year}.");
        var set = group.Set;
        var unit = group.Units.Single(u => u.Unit.Code == request.UnitCode);
        var before = computation.Previous?.Groups.FirstOrDefault(g => g.Set.Group == set.Group);
        var last = unit.Previous?.Basis == PreviousBasis.Same ? before?.Units.FirstOrDefault(u => u.Unit.Code == unit.Unit.Code) : null;
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Year == request.Year && r.Group == set.Group, ct);
        var d = set.Decimals;

        decimal? PreviousOf(Scoring.Criteria.Criterion node)
        {
            if (last?.Score is not { } prev || before is null) return null;
            var old = before.Set.Find(node.Code);
            if (old is null || old.Max != node.Max) return null;
            if (node.IsLeaf) return prev.Leaves.FirstOrDefault(l => l.Leaf.Code == node.Code) is { Applicable: true } l ? Numbers.Round(l.Final, d) : null;
            return prev.Nodes.TryGetValue(node.Code, out var t) && t.Applicable ? Numbers.Round(t.Points, d) : null;
        }

        var lines = new List<ScorecardLine>();
        void Walk(Scoring.Criteria.Criterion node, int depth)
        {
            if (node.IsLeaf)
            {
                var leaf = unit.Score?.Leaves.FirstOrDefault(l => l.Leaf.Code == node.Code);
                var input = leaf?.Input;
                lines.Add(new ScorecardLine(node.Code, node.Title, depth, true, node.Rule!.KindName, node.Max, leaf?.Applicable ?? false,
                    input?.Value, node.IsSurvey ? Numbers.Round(leaf?.Final, d) : input?.SelfScore, input?.Appraisal1, input?.Appraisal2,
                    Numbers.Round(leaf?.Final, d), (leaf?.Source ?? ScoreSource.None).ToString().ToLowerInvariant(),
                    input?.Evidence, input?.Explanation, input?.AppraisalReason, PreviousOf(node)));
                return;
            }
            NodeTotal? total = null;
            unit.Score?.Nodes.TryGetValue(node.Code, out total);
            lines.Add(new ScorecardLine(node.Code, node.Title, depth, false, null, node.Max, total?.Applicable ?? node.Max is null,
                null, Numbers.Round(total?.SelfPoints, d), null, null, Numbers.Round(total?.Points, d), "",
                null, null, null, PreviousOf(node)));
            foreach (var child in node.Children) Walk(child, depth + 1);
        }
        foreach (var node in set.Criteria) Walk(node, 0);

        var score = unit.Score;
        return new UnitDetailDto(request.Year, unit.Unit.Code, unit.Unit.Name, set.Group, set.Version, unit.Status.ToString().ToLowerInvariant(),
            score is null ? null : Numbers.Round(score.Points, d), score?.ApplicableMax, unit.Index, unit.Rank,
            group.Units.Count(u => u.Status == UnitStatus.Ranked), unit.Class,
            unit.Previous?.Index, unit.Previous?.Rank, unit.Previous?.Basis.ToString().ToLowerInvariant(),
            score?.Bonus, score?.Penalty, score?.FullyAppraised ?? false, round?.Id, round?.Stage.ToString(), lines);
    }
}
