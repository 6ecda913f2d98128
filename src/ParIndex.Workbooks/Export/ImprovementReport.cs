using ClosedXML.Excel;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Export;

/// <summary>A leaf where the unit lost points against its maximum.</summary>
/// <param name="Leaf">The criterion.</param>
/// <param name="Final">The points that counted.</param>
/// <param name="Lost">Maximum − points.</param>
public sealed record LostPoints(Criterion Leaf, decimal Final, decimal Lost);

/// <summary>A leaf where appraisal lowered the unit's self-score, and why.</summary>
/// <param name="Leaf">The criterion.</param>
/// <param name="Self">The self-score.</param>
/// <param name="Appraised">The appraised score.</param>
/// <param name="Reason">The council's reason.</param>
public sealed record AppraisalCut(Criterion Leaf, decimal Self, decimal Appraised, string? Reason);

/// <summary>
/// A unit's improvement report (báo cáo những nội dung cần cải thiện), one page: the leaves where it lost the
/// most points against their maximum, the leaves where appraisal cut its self-score and why, and its areas'
/// changes against last year: what to fix next year (practice.md §9).
/// </summary>
public static class ImprovementReport
{
    /// <summary>How many leaves the "lost most" list shows.</summary>
    public const int LostMostCount = 10;

    /// <summary>Applicable regular leaves by points lost, most first (ties: tree order); leaves at their maximum are left out.</summary>
    public static IReadOnlyList<LostPoints> LostMost(UnitScore score, int count = LostMostCount) =>
        score.Leaves.Select((l, i) => (l, i))
            .Where(x => x.l.Leaf.IsRegularLeaf && x.l.Applicable && x.l.Final is not null && x.l.Leaf.Max > x.l.Final)
            .Select(x => (Lost: new LostPoints(x.l.Leaf, x.l.Final!.Value, x.l.Leaf.Max!.Value - x.l.Final.Value), x.i))
            .OrderByDescending(x => x.Lost.Lost).ThenBy(x => x.i)
            .Take(count).Select(x => x.Lost).ToList();

    /// <summary>Leaves (bonus and penalty included) whose appraised score differs from the self-score against the unit, in tree order.</summary>
    public static IReadOnlyList<AppraisalCut> CutByAppraisal(UnitScore score) =>
        score.Leaves
            .Where(l => l.Input is { IsAppraised: true, SelfScore: not null } && l.Final is not null && l.Applicable
                        && (l.Leaf.Rule is PenaltyRule ? l.Final > l.Input.SelfScore : l.Final < l.Input.SelfScore))
            .Select(l => new AppraisalCut(l.Leaf, l.Input!.SelfScore!.Value, l.Final!.Value, l.Input.AppraisalReason))
            .ToList();

    /// <summary>Writes the report of <paramref name="unit"/> in <paramref name="group"/>.</summary>
    public static void Write(Stream stream, GroupResult group, UnitResult unit)
    {
        var set = group.Set;
        var d = set.Decimals;
        var score = unit.Score ?? throw new ArgumentException("A unit without a score has no improvement report.", nameof(unit));
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add(ExportTexts.ImprovementSheet);
        ws.Cell(1, 1).Text(ExportTexts.ImprovementTitle(set.Year)).Style.Font.SetBold().Font.SetFontSize(14);
        ws.Cell(2, 1).Text($"{unit.Unit.Name} ({unit.Unit.Code}) · {ExportTexts.GroupLabel(set.Group)}");
        var ranked = group.Units.Count(u => u.Status == UnitStatus.Ranked);
        ws.Cell(3, 1).Text(ExportTexts.ImprovementStanding(unit.Index, unit.Rank, ranked, unit.Class,
            Numbers.Round(score.SelfPoints, d), Numbers.Round(score.AppraisedPoints, d),
            score.SurveyPoints is { } sp ? Numbers.Round(sp, d) : null, unit.SurveyRank));

        var row = 5;
        void Heading(string text, IReadOnlyList<string> headers)
        {
            ws.Cell(row++, 1).Text(text).Style.Font.SetBold().Font.SetFontSize(12);
            for (var i = 0; i < headers.Count; i++) ws.Cell(row, i + 1).Text(headers[i]).Style.Font.Bold = true;
            row++;
        }

        Heading(ExportTexts.LostMostHeading, ExportTexts.LostMostHeaders);
        var lost = LostMost(score);
        foreach (var l in lost)
        {
            ws.Cell(row, 1).Text(l.Leaf.Code);
            ws.Cell(row, 2).Text(l.Leaf.Title);
            ws.Cell(row, 3).Number(l.Leaf.Max, d);
            ws.Cell(row, 4).Number(l.Final, d);
            ws.Cell(row, 5).Number(l.Lost, d);
            ws.Cell(row, 6).Text(l.Leaf.IsSurvey ? ExportTexts.Source(ScoreSource.Survey) : null);
            row++;
        }
        if (lost.Count == 0) ws.Cell(row++, 1).Text(ExportTexts.NothingLost);

        row++;
        Heading(ExportTexts.CutHeading, ExportTexts.CutHeaders);
        var cuts = CutByAppraisal(score);
        foreach (var c in cuts)
        {
            ws.Cell(row, 1).Text(c.Leaf.Code);
            ws.Cell(row, 2).Text(c.Leaf.Title);
            ws.Cell(row, 3).Number(c.Self, d);
            ws.Cell(row, 4).Number(c.Appraised, d);
            ws.Cell(row, 5).Number(c.Appraised - c.Self, d, signed: true);
            ws.Cell(row, 6).Text(c.Reason);
            row++;
        }
        if (cuts.Count == 0) ws.Cell(row++, 1).Text(ExportTexts.NothingCut);

        row++;
        Heading(ExportTexts.AreaChangesHeading(unit.Previous), ExportTexts.AreaChangeHeaders);
        foreach (var area in score.Areas)
        {
            var change = unit.AreaChanges?.FirstOrDefault(a => a.Code == area.Code);
            ws.Cell(row, 1).Text(area.Code);
            ws.Cell(row, 2).Text(area.Title);
            ws.Cell(row, 3).Number(area.Index, d);
            ws.Cell(row, 4).Number(change?.PreviousIndex, d);
            ws.Cell(row, 5).Number(change?.IndexChange, d, signed: true);
            ws.Cell(row, 6).Text(change?.Withheld is { } why ? ExportTexts.Withheld(why) : null);
            row++;
        }

        Cells.WriteBlanks(ws, 5, ExportTexts.LostMostHeaders.Count);
        double[] widths = [10, 60, 12, 12, 12, 50];
        for (var i = 0; i < widths.Length; i++) ws.Column(i + 1).Width = widths[i];
        ws.Column(2).Style.Alignment.WrapText = true;
        ws.Column(6).Style.Alignment.WrapText = true;
        ws.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        ws.PageSetup.FitToPages(1, 1); // one page, as the office hands it to the unit
        wb.SaveAs(stream);
    }
}
