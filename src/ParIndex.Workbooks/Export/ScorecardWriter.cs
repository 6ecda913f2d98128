using System.Globalization;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// A unit's scorecard (phiếu điểm): its result, then the criteria tree with maximum, entered value,
/// self-score, appraisal, final score and its source, evidence and reasons, and last year's score.
/// </summary>
public static class ScorecardWriter
{
    /// <summary>The row of the criteria table's header.</summary>
    public const int TableHeaderRow = 12;

    /// <summary>
    /// Writes the scorecard of <paramref name="unit"/> in <paramref name="group"/>.
    /// </summary>
    /// <param name="stream">Where the xlsx goes.</param>
    /// <param name="group">The unit's group result (for the set, the year and the number ranked).</param>
    /// <param name="unit">The unit's result.</param>
    /// <param name="previousYearUnit">Its scored result last year, when it was assessed last year.</param>
    /// <param name="previousSet">Last year's criteria set; a node's last-year score is shown only for the same
    /// criterion (<see cref="SameCriterion"/>).</param>
    public static void Write(Stream stream, GroupResult group, UnitResult unit, UnitResult? previousYearUnit, CriteriaSet? previousSet)
    {
        var set = group.Set;
        var d = set.Decimals;
        var shown = UnitDocument.Of(unit, set);
        var book = new XlsxWriter(stream);
        var ws = book.Sheet(ExportTexts.ScorecardSheet);

        ws.Text(1, 1, ExportTexts.ScorecardTitle(set.Year), Title);
        var row = 2;
        void Line(string label, Action<int> value)
        {
            ws.Text(row, 1, label, Look.Strong);
            value(row);
            row++;
        }
        Line(ExportTexts.Unit, r => ws.Text(r, 2, $"{unit.Unit.Name} ({unit.Unit.Code})"));
        Line(ExportTexts.Year, r => ws.Whole(r, 2, set.Year));
        Line(ExportTexts.Group, r => ws.Text(r, 2, ExportTexts.GroupLabel(set.Group)));
        Line(ExportTexts.CriteriaSet, r => ws.Text(r, 2, set.Version));
        Line(ExportTexts.DecisionLabel, r => ws.Text(r, 2, set.Decision));
        Line(ExportTexts.Index, r => ws.Number(r, 2, shown.Index, d));
        var ranked = group.Units.Count(u => u.Status == UnitStatus.Ranked);
        Line(ExportTexts.RankLabel, r => ws.Text(r, 2, shown.Rank is { } place ? ExportTexts.Place(place, ranked) : ExportTexts.Status(shown.Status)));
        Line(ExportTexts.Class, r => ws.Text(r, 2, shown.Classification));
        Line(ExportTexts.PreviousYear, r => ws.Text(r, 2, PreviousText(shown.Previous)));

        row = TableHeaderRow;
        var headers = ExportTexts.ScorecardHeaders;
        for (var i = 0; i < headers.Count; i++) ws.Text(row, i + 1, headers[i]);
        ws.RowLook(row, HeaderRow);
        ws.FrozenRows = row;
        row++;

        var score = unit.Score;
        var leaves = score?.Leaves.ToDictionary(l => l.Leaf.Code) ?? [];
        foreach (var node in set.AllNodes())
        {
            ws.Text(row, 1, node.Code);
            ws.Text(row, 2, node.Title);
            ws.Number(row, 3, node.Max, d);
            if (node.IsLeaf)
                WriteLeaf(ws, row, leaves.GetValueOrDefault(node.Code), d);
            else
            {
                ws.RowLook(row, Look.Strong);
                if (score?.Nodes.GetValueOrDefault(node.Code) is { } total)
                {
                    if (total.Applicable)
                    {
                        ws.Number(row, 5, total.SelfPoints, d);
                        ws.Number(row, 7, total.Points, d);
                    }
                    else ws.Text(row, 8, ExportTexts.NotApplicable);
                }
            }
            ws.Number(row, 12, SameCriterion.LastYearPoints(node, previousSet, previousYearUnit?.Score), d);
            row++;
        }

        row++;
        ws.Text(row++, 2, ExportTexts.Totals, Look.Strong);
        void Total(string label, decimal? self, decimal? final)
        {
            ws.Text(row, 2, label);
            ws.Number(row, 5, self, d);
            ws.Number(row, 7, final, d);
            row++;
        }
        if (score is not null)
        {
            Total(ExportTexts.RegularPoints, score.Areas.Sum(a => a.SelfPoints), score.Areas.Sum(a => a.Points));
            Total(ExportTexts.Bonus, null, score.Bonus);
            Total(ExportTexts.Penalty, null, score.Penalty);
            Total(ExportTexts.TotalPoints, score.SelfPointsWithSurvey, score.Points);
            Total(ExportTexts.ApplicableMax, score.ApplicableMax, score.ApplicableMax);
            Total(ExportTexts.Index, score.ApplicableMax == 0 ? null : score.SelfPointsWithSurvey / score.ApplicableMax * 100m, unit.Index);
        }
        else ws.Text(row, 2, ExportTexts.Status(unit.Status));

        ws.Rectangular(TableHeaderRow + 1, headers.Count);
        ws.Widths([11, 50, 9, 16, 10, 10, 10, 15, 30, 30, 30, 10]);
        foreach (var c in new[] { 2, 4, 9, 10, 11 }) ws.ColumnLook(c, Look.Wrapped);
        // The long title and header values sit in column B; do not let them wrap into tall rows.
        for (var r = 1; r < TableHeaderRow; r++) ws.Blank(r, 2, Unwrapped);
        ws.Print = new PrintSetup(TableHeaderRow);
        book.Save();
    }

    private static readonly Look Title = new(Bold: true, Size: 14);
    private static readonly Look HeaderRow = new(Bold: true, Wrap: true);
    private static readonly Look Unwrapped = new(Wrap: false);

    /// <summary>
    /// A measured value (a band's or a proportion's measure, a count of items) as the number it is, so the
    /// scorecard's «Giá trị» sums and sorts; a yes/no or a level's label stays text.
    /// </summary>
    private static decimal? MeasuredValue(Criterion leaf, string? value) =>
        leaf.Rule is BandsRule or ProportionalRule or BonusRule or PenaltyRule
        && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Numbers.Vietnamese, out var number)
            ? number : null;

    private static void WriteLeaf(XlsxSheet ws, int row, LeafResult? leaf, int d)
    {
        if (leaf is null) return;
        var input = leaf.Input;
        if (MeasuredValue(leaf.Leaf, input?.Value) is { } measured) ws.Number(row, 4, measured, Numbers.Places(measured));
        else ws.Text(row, 4, input?.Value);
        if (leaf.Leaf.IsSurvey)
            ws.Number(row, 5, leaf.Final, d);
        else
            ws.Number(row, 5, input?.SelfScore, d);
        ws.Number(row, 6, input?.Appraisal2 ?? input?.Appraisal1, d);
        ws.Number(row, 7, leaf.Applicable ? leaf.Final : null, d);
        ws.Text(row, 8, ExportTexts.Source(leaf.Applicable ? leaf.Source : ScoreSource.None));
        ws.Text(row, 9, input?.Evidence);
        ws.Text(row, 10, input?.Explanation);
        ws.Text(row, 11, input?.AppraisalReason);
    }

    /// <summary>A file name for a unit's scorecard: its code with characters unsafe in file names replaced.</summary>
    public static string FileName(Unit unit)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['\\', '/', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        return new string(unit.Code.Select(c => invalid.Contains(c) ? '_' : c).ToArray()) + ".xlsx";
    }

    /// <summary>Last year's values in words, marked when they come from the published annex.</summary>
    private static string? PreviousText(PreviousDocument? previous)
    {
        var text = previous switch
        {
            null => null,
            { Basis: PreviousBasis.Same } p => ExportTexts.PreviousSame(p.Index, p.Rank, p.Classification),
            { Basis: PreviousBasis.Derived } p => ExportTexts.PreviousDerived(p.Index, p.Predecessors),
            _ => ExportTexts.Basis(PreviousBasis.New),
        };
        return previous is { Source: PreviousSource.Annex, Basis: not PreviousBasis.New } ? $"{text}; {ExportTexts.FromAnnex}" : text;
    }
}
