using System.Globalization;
using ClosedXML.Excel;
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
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(ExportTexts.ScorecardSheet);

        ws.Cell(1, 1).Text(ExportTexts.ScorecardTitle(set.Year)).Style.Font.SetBold().Font.SetFontSize(14);
        var row = 2;
        void Line(string label, Action<IXLCell> value)
        {
            ws.Cell(row, 1).Text(label).Style.Font.Bold = true;
            value(ws.Cell(row, 2));
            row++;
        }
        Line(ExportTexts.Unit, c => c.Text($"{unit.Unit.Name} ({unit.Unit.Code})"));
        Line(ExportTexts.Year, c => c.Whole(set.Year));
        Line(ExportTexts.Group, c => c.Text(ExportTexts.GroupLabel(set.Group)));
        Line(ExportTexts.CriteriaSet, c => c.Text(set.Version));
        Line(ExportTexts.DecisionLabel, c => c.Text(set.Decision));
        Line(ExportTexts.Index, c => c.Number(shown.Index, d));
        var ranked = group.Units.Count(u => u.Status == UnitStatus.Ranked);
        Line(ExportTexts.RankLabel, c => c.Text(shown.Rank is { } r ? ExportTexts.Place(r, ranked) : ExportTexts.Status(shown.Status)));
        Line(ExportTexts.Class, c => c.Text(shown.Classification));
        Line(ExportTexts.PreviousYear, c => c.Text(PreviousText(shown.Previous)));

        row = TableHeaderRow;
        var headers = ExportTexts.ScorecardHeaders;
        for (var i = 0; i < headers.Count; i++) ws.Cell(row, i + 1).Text(headers[i]);
        ws.Row(row).Style.Font.Bold = true;
        ws.Row(row).Style.Alignment.WrapText = true;
        ws.SheetView.FreezeRows(row);
        row++;

        var score = unit.Score;
        var leaves = score?.Leaves.ToDictionary(l => l.Leaf.Code) ?? [];
        foreach (var node in set.AllNodes())
        {
            ws.Cell(row, 1).Text(node.Code);
            ws.Cell(row, 2).Text(node.Title);
            ws.Cell(row, 3).Number(node.Max, d);
            if (node.IsLeaf)
                WriteLeaf(ws.Row(row), leaves.GetValueOrDefault(node.Code), d);
            else
            {
                ws.Row(row).Style.Font.Bold = true;
                if (score?.Nodes.GetValueOrDefault(node.Code) is { } total)
                {
                    if (total.Applicable)
                    {
                        ws.Cell(row, 5).Number(total.SelfPoints, d);
                        ws.Cell(row, 7).Number(total.Points, d);
                    }
                    else ws.Cell(row, 8).Text(ExportTexts.NotApplicable);
                }
            }
            ws.Cell(row, 12).Number(SameCriterion.LastYearPoints(node, previousSet, previousYearUnit?.Score), d);
            row++;
        }

        row++;
        ws.Cell(row++, 2).Text(ExportTexts.Totals).Style.Font.Bold = true;
        void Total(string label, decimal? self, decimal? final)
        {
            ws.Cell(row, 2).Text(label);
            ws.Cell(row, 5).Number(self, d);
            ws.Cell(row, 7).Number(final, d);
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
        else ws.Cell(row, 2).Text(ExportTexts.Status(unit.Status));

        Cells.WriteBlanks(ws, TableHeaderRow + 1, headers.Count);
        double[] widths = [11, 50, 9, 16, 10, 10, 10, 15, 30, 30, 30, 10];
        for (var i = 0; i < widths.Length; i++) ws.Column(i + 1).Width = widths[i];
        foreach (var c in new[] { 2, 4, 9, 10, 11 }) ws.Column(c).Style.Alignment.WrapText = true;
        // The long title and header values sit in column B; do not let them wrap into tall rows.
        ws.Range(1, 2, TableHeaderRow - 1, 2).Style.Alignment.WrapText = false;
        Cells.Printable(ws, TableHeaderRow);
        wb.SaveAs(stream);
    }

    /// <summary>
    /// A measured value (a band's or a proportion's measure, a count of items) as the number it is, so the
    /// scorecard's «Giá trị» sums and sorts; a yes/no or a level's label stays text.
    /// </summary>
    private static decimal? MeasuredValue(Criterion leaf, string? value) =>
        leaf.Rule is BandsRule or ProportionalRule or BonusRule or PenaltyRule
        && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Numbers.Vietnamese, out var number)
            ? number : null;

    private static void WriteLeaf(IXLRow row, LeafResult? leaf, int d)
    {
        if (leaf is null) return;
        var input = leaf.Input;
        if (MeasuredValue(leaf.Leaf, input?.Value) is { } measured) row.Cell(4).Number(measured, Numbers.Places(measured));
        else row.Cell(4).Text(input?.Value);
        if (leaf.Leaf.IsSurvey)
            row.Cell(5).Number(leaf.Final, d);
        else
            row.Cell(5).Number(input?.SelfScore, d);
        row.Cell(6).Number(input?.Appraisal2 ?? input?.Appraisal1, d);
        row.Cell(7).Number(leaf.Applicable ? leaf.Final : null, d);
        row.Cell(8).Text(ExportTexts.Source(leaf.Applicable ? leaf.Source : ScoreSource.None));
        row.Cell(9).Text(input?.Evidence);
        row.Cell(10).Text(input?.Explanation);
        row.Cell(11).Text(input?.AppraisalReason);
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
