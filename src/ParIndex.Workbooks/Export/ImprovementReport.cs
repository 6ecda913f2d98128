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
        var book = new XlsxWriter(stream);
        var ws = book.Sheet(ExportTexts.ImprovementSheet);
        ws.Text(1, 1, ExportTexts.ImprovementTitle(set.Year), Title);
        ws.Text(2, 1, $"{unit.Unit.Name} ({unit.Unit.Code}) · {ExportTexts.GroupLabel(set.Group)}");
        var ranked = group.Units.Count(u => u.Status == UnitStatus.Ranked);
        ws.Text(3, 1, ExportTexts.ImprovementStanding(unit.Index, unit.Rank, ranked, unit.Class,
            Numbers.Round(score.SelfPoints, d), Numbers.Round(score.AppraisedPoints, d),
            score.SurveyPoints is { } sp ? Numbers.Round(sp, d) : null, unit.SurveyRank));

        var row = 5;
        void Table(string text, IReadOnlyList<string> headers)
        {
            ws.Text(row++, 1, text, Heading);
            for (var i = 0; i < headers.Count; i++) ws.Text(row, i + 1, headers[i], Look.Strong);
            row++;
        }

        Table(ExportTexts.LostMostHeading, ExportTexts.LostMostHeaders);
        var lost = LostMost(score);
        foreach (var l in lost)
        {
            ws.Text(row, 1, l.Leaf.Code);
            ws.Text(row, 2, l.Leaf.Title);
            ws.Number(row, 3, l.Leaf.Max, d);
            ws.Number(row, 4, l.Final, d);
            ws.Number(row, 5, l.Lost, d);
            ws.Text(row, 6, l.Leaf.IsSurvey ? ExportTexts.Source(ScoreSource.Survey) : null);
            row++;
        }
        if (lost.Count == 0) ws.Text(row++, 1, ExportTexts.NothingLost);

        row++;
        Table(ExportTexts.CutHeading, ExportTexts.CutHeaders);
        var cuts = CutByAppraisal(score);
        foreach (var c in cuts)
        {
            ws.Text(row, 1, c.Leaf.Code);
            ws.Text(row, 2, c.Leaf.Title);
            ws.Number(row, 3, c.Self, d);
            ws.Number(row, 4, c.Appraised, d);
            ws.Number(row, 5, c.Appraised - c.Self, d, signed: true);
            ws.Text(row, 6, c.Reason);
            row++;
        }
        if (cuts.Count == 0) ws.Text(row++, 1, ExportTexts.NothingCut);

        row++;
        Table(ExportTexts.AreaChangesHeading(unit.Previous), ExportTexts.AreaChangeHeaders);
        foreach (var area in score.Areas)
        {
            var change = unit.AreaChanges?.FirstOrDefault(a => a.Code == area.Code);
            ws.Text(row, 1, area.Code);
            ws.Text(row, 2, area.Title);
            ws.Number(row, 3, area.Index, d);
            ws.Number(row, 4, change?.PreviousIndex, d);
            ws.Number(row, 5, change?.IndexChange, d, signed: true);
            ws.Text(row, 6, change?.Withheld is { } why ? ExportTexts.Withheld(why) : null);
            row++;
        }

        ws.Rectangular(5, ExportTexts.LostMostHeaders.Count);
        ws.Widths([10, 60, 12, 12, 12, 50]);
        ws.ColumnLook(2, Look.Wrapped);
        ws.ColumnLook(6, Look.Wrapped);
        // One page, as the office hands it to the unit; on the default paper, as it always was.
        ws.Print = new PrintSetup(0, OnePage: true, A4: false);
        book.Save();
    }

    private static readonly Look Title = new(Bold: true, Size: 14);
    private static readonly Look Heading = new(Bold: true, Size: 12);
}
