using ClosedXML.Excel;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.Export;

/// <summary>
/// The ranking workbook (<c>ranking-&lt;Y&gt;.xlsx</c>, bảng xếp hạng): a summary sheet, one sheet per group
/// with one row per unit in published order, and a sheet describing the export. Its figures are the result
/// document's (<see cref="RankingDocument"/>); the notes and the survey sheet add what only the computation knows.
/// </summary>
public static class RankingWorkbook
{
    private const int MaxSheetName = 31;
    private static readonly char[] ForbiddenInSheetNames = [':', '\\', '/', '?', '*', '[', ']'];

    /// <summary>Writes the workbook for <paramref name="report"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, RankingReport report)
    {
        using var wb = new XLWorkbook();
        var document = report.Document();
        WriteSummary(wb.Worksheets.Add(ExportTexts.SummarySheet), report, document);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ExportTexts.SummarySheet, ExportTexts.InfoSheet };
        used.Add(ExportTexts.SurveySheet);
        for (var i = 0; i < report.Groups.Count; i++)
            WriteGroup(wb.Worksheets.Add(UniqueSheetName(SheetName(report.Groups[i].Set.Group), used)), report.Groups[i], document.Groups[i]);
        WriteInfo(wb.Worksheets.Add(ExportTexts.InfoSheet), report);
        // After the contract's sheets, so that a reader of the existing layout finds everything where it was.
        WriteSurvey(wb.Worksheets.Add(ExportTexts.SurveySheet), report);
        wb.SaveAs(stream);
    }

    /// <summary>
    /// A group's sheet name: its Vietnamese label (an unknown group keeps its code), without the characters
    /// Excel forbids and within Excel's 31 characters.
    /// </summary>
    public static string SheetName(string group)
    {
        var name = ExportTexts.GroupLabel(group);
        foreach (var c in ForbiddenInSheetNames) name = name.Replace(c, '-');
        name = name.Trim().Trim('\'');
        if (name.Length > MaxSheetName) name = name[..MaxSheetName].TrimEnd();
        return name.Length == 0 ? "-" : name;
    }

    private static string UniqueSheetName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = (name.Length + suffix.Length > MaxSheetName ? name[..(MaxSheetName - suffix.Length)] : name) + suffix;
        }
        return candidate;
    }

    /// <summary>
    /// The notes (ghi chú) of a unit's row: status, appraisal, comparison basis, rank movement, leaves not
    /// applicable and why, bonus and penalty.
    /// </summary>
    public static IReadOnlyList<string> Notes(CriteriaSet set, UnitResult unit)
    {
        var notes = new List<string>();
        if (unit.Status != UnitStatus.Ranked) notes.Add(ExportTexts.Status(unit.Status));
        var score = unit.Score;
        if (score is not null && unit.Status != UnitStatus.Invalid && !score.FullyAppraised)
            notes.Add(ExportTexts.NotFullyAppraised(score.UnappraisedLeaves));
        switch (unit.Previous)
        {
            case { Basis: PreviousBasis.Derived } p:
                notes.Add(ExportTexts.DerivedFrom(p.Predecessors));
                break;
            case { Basis: PreviousBasis.New } when unit.Status != UnitStatus.Missing:
                notes.Add(ExportTexts.Basis(PreviousBasis.New));
                break;
            case { RankChange: { } change }:
                notes.Add(ExportTexts.RankMove(change));
                break;
        }
        if (unit.Previous is { Source: PreviousSource.Annex, Basis: not PreviousBasis.New })
            notes.Add(ExportTexts.FromAnnex);
        if (score is not null)
        {
            var notApplicable = score.Leaves.Where(l => l.Leaf.IsRegularLeaf && !l.Applicable).Select(l => l.Leaf.Code).ToList();
            if (notApplicable.Count > 0)
                notes.Add(ExportTexts.NotApplicableLeaves(Numbers.Round(score.ApplicableMax, set.Decimals), notApplicable));
            if (set.Survey?.Groups is null)
            {
                var minimum = set.Survey?.MinRespondents ?? 1;
                foreach (var l in score.Leaves.Where(l => l.Leaf.IsSurvey && !l.Applicable && (l.Respondents ?? 0) < minimum))
                    notes.Add(ExportTexts.SurveyBelowMinimum(l.Leaf.Code, l.Respondents ?? 0, minimum));
            }
            foreach (var g in score.SurveyGroups.Where(g => !g.Counted))
                notes.Add(ExportTexts.SurveyGroupLeftOut(g.Group, g.Questionnaires, g.Min));
            if (score.Bonus != 0 || score.Penalty != 0)
                notes.Add(ExportTexts.BonusPenalty(Numbers.Round(score.Bonus, set.Decimals), Numbers.Round(score.Penalty, set.Decimals)));
        }
        return notes;
    }

    private static void WriteGroup(IXLWorksheet ws, GroupResult group, GroupDocument document)
    {
        var set = group.Set;
        var d = set.Decimals;
        var areas = set.Areas().ToList();
        var headers = new List<string> { ExportTexts.Rank, ExportTexts.UnitCode, ExportTexts.UnitName };
        headers.AddRange(areas.Select(a => ExportTexts.AreaHeader(a.Code, a.Title, a.Max ?? 0m)));
        headers.AddRange([ExportTexts.SelfPoints, ExportTexts.AppraisedPoints, ExportTexts.SurveyPoints, ExportTexts.SurveyRank]);
        headers.AddRange([ExportTexts.Points, ExportTexts.ApplicableMax, ExportTexts.Index, ExportTexts.Class,
            ExportTexts.PreviousRank, ExportTexts.RankChange, ExportTexts.PreviousIndex, ExportTexts.IndexChange, ExportTexts.Notes]);
        Header(ws, headers);

        var row = 2;
        for (var i = 0; i < group.Units.Count; i++)
        {
            var u = document.Units[i];
            var c = 1;
            ws.Cell(row, c++).Whole(u.Rank);
            ws.Cell(row, c++).Text(u.UnitCode);
            ws.Cell(row, c++).Text(u.UnitName);
            foreach (var area in areas)
                ws.Cell(row, c++).Number(u.Area(area.Code) is { ApplicableMax: > 0 } total ? total.Points : null, d);
            ws.Cell(row, c++).Number(u.SelfPoints, d);
            ws.Cell(row, c++).Number(u.AppraisedPoints, d);
            ws.Cell(row, c++).Number(u.SurveyPoints, d);
            ws.Cell(row, c++).Whole(u.SurveyRank);
            ws.Cell(row, c++).Number(u.Points, d);
            ws.Cell(row, c++).Number(u.ApplicableMax, d);
            ws.Cell(row, c++).Number(u.Index, d);
            ws.Cell(row, c++).Text(u.Classification);
            ws.Cell(row, c++).Whole(u.Previous?.Rank);
            ws.Cell(row, c++).Whole(u.RankChange, signed: true);
            ws.Cell(row, c++).Number(u.Previous?.Index, d);
            ws.Cell(row, c++).Number(u.IndexChange, d, signed: true);
            ws.Cell(row, c).Text(string.Join("; ", Notes(set, group.Units[i])));
            row++;
        }

        Cells.WriteBlanks(ws, 2, headers.Count);
        var widths = new List<double> { 7, 12, 36 };
        widths.AddRange(areas.Select(_ => 14d));
        widths.AddRange([11, 11, 11, 10]);
        widths.AddRange([10, 11, 10, 13, 10, 10, 12, 10, 70]);
        for (var i = 0; i < widths.Count; i++) ws.Column(i + 1).Width = widths[i];
        ws.Column(widths.Count).Style.Alignment.WrapText = true;
        Cells.Printable(ws, 1);
    }

    private static void WriteSummary(IXLWorksheet ws, RankingReport report, RankingDocument document)
    {
        Header(ws, ExportTexts.SummaryHeaders);
        var row = 2;
        for (var i = 0; i < report.Groups.Count; i++)
        {
            var group = report.Groups[i];
            var g = document.Groups[i];
            var d = group.Set.Decimals;
            var s = g.Summary;
            ws.Cell(row, 1).Text(ExportTexts.GroupLabel(group.Set.Group)).Style.Font.Bold = true;
            row++;
            ws.Cell(row, 1).Text(ExportTexts.MeanSelfPoints);
            ws.Cell(row++, 2).Number(s.MeanSelfPoints, d);
            ws.Cell(row, 1).Text(ExportTexts.MeanAppraisedPoints);
            ws.Cell(row++, 2).Number(s.MeanAppraisedPoints, d);
            ws.Cell(row, 1).Text(ExportTexts.SelfAppraisedGap);
            ws.Cell(row++, 2).Number(s.SelfAppraisedGap, d, signed: true);
            ws.Cell(row, 1).Text(ExportTexts.RankedUnits);
            ws.Cell(row++, 2).Whole(g.RankedUnits);
            ws.Cell(row, 1).Text(ExportTexts.MeanIndex);
            ws.Cell(row, 2).Number(s.MeanIndex, d);
            ws.Cell(row++, 3).Number(s.MeanIndexChange, d, signed: true);
            var changes = s.ClassCountChanges?.ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var (label, count) in s.ClassCounts ?? [])
            {
                ws.Cell(row, 1).Text(ExportTexts.ClassCount(label));
                ws.Cell(row, 2).Whole(count);
                ws.Cell(row++, 3).Whole(changes is null ? null : changes.GetValueOrDefault(label), signed: true);
            }
            ws.Cell(row, 1).Text(ExportTexts.Rose);
            ws.Cell(row++, 2).Whole(s.Rose);
            ws.Cell(row, 1).Text(ExportTexts.Fell);
            ws.Cell(row++, 2).Whole(s.Fell);
            ws.Cell(row, 1).Text(ExportTexts.Held);
            ws.Cell(row++, 2).Whole(s.Held);
            ws.Cell(row, 1).Text(ExportTexts.DerivedUnits);
            ws.Cell(row++, 2).Whole(s.Derived);
            ws.Cell(row, 1).Text(ExportTexts.NewUnits);
            ws.Cell(row++, 2).Whole(s.New);
            ws.Cell(row, 1).Text(ExportTexts.BiggestRiser);
            ws.Cell(row++, 2).Text(s.BiggestRiser is null ? null : ExportTexts.Mover(g.Unit(s.BiggestRiser.UnitCode)!));
            ws.Cell(row, 1).Text(ExportTexts.BiggestFaller);
            ws.Cell(row++, 2).Text(s.BiggestFaller is null ? null : ExportTexts.Mover(g.Unit(s.BiggestFaller.UnitCode)!));
            row++;
        }
        Cells.WriteBlanks(ws, 2, ExportTexts.SummaryHeaders.Count);
        ws.Column(1).Width = 40;
        ws.Column(2).Width = 60;
        ws.Column(3).Width = 24;
        ws.Column(2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        Cells.Printable(ws, 1);
    }

    /// <summary>Per unit and respondent group, the questionnaires read and whether the group counted (practice.md §8).</summary>
    private static void WriteSurvey(IXLWorksheet ws, RankingReport report)
    {
        Header(ws, ExportTexts.SurveyHeaders);
        var row = 2;
        foreach (var group in report.Groups)
            foreach (var u in group.Units.Where(u => u.Score is not null))
            {
                var survey = u.Score!.Leaves.Where(l => l.Leaf.IsSurvey).ToList();
                if (survey.Count == 0) continue;
                var aggregated = u.Score.SurveyFromResults;
                IEnumerable<(string Group, int? Count, int? Min, bool? Counted)> lines = u.Score.SurveyGroups.Count > 0
                    ? u.Score.SurveyGroups.Select(g => (g.Group, (int?)g.Questionnaires, (int?)g.Min, (bool?)g.Counted))
                    : [(ExportTexts.AllRespondents, survey.Max(l => l.Respondents), group.Set.Survey?.MinRespondents, (bool?)survey.Any(l => l.Applicable))];
                foreach (var (g, count, min, counted) in lines)
                {
                    ws.Cell(row, 1).Text(ExportTexts.GroupLabel(group.Set.Group));
                    ws.Cell(row, 2).Text(u.Unit.Code);
                    ws.Cell(row, 3).Text(u.Unit.Name);
                    ws.Cell(row, 4).Text(g);
                    ws.Cell(row, 5).Whole(count);
                    ws.Cell(row, 6).Whole(aggregated ? null : min);
                    ws.Cell(row, 7).Text(counted is { } c ? ExportTexts.Counted(c) : null);
                    ws.Cell(row, 8).Text(aggregated ? ExportTexts.FromAggregated : ExportTexts.FromQuestionnaires);
                    row++;
                }
            }
        double[] widths = [22, 12, 36, 24, 10, 12, 28, 18];
        for (var i = 0; i < widths.Length; i++) ws.Column(i + 1).Width = widths[i];
        Cells.Printable(ws, 1);
    }

    private static void WriteInfo(IXLWorksheet ws, RankingReport report)
    {
        var row = 1;
        void Line(string label, Action<IXLCell> value)
        {
            ws.Cell(row, 1).Text(label).Style.Font.Bold = true;
            value(ws.Cell(row, 2));
            row++;
        }
        Line(ExportTexts.Year, c => c.Whole(report.Year));
        Line(ExportTexts.Software, c => c.Text(report.Software));
        Line(ExportTexts.Fingerprint, c => c.Text(report.InputsFingerprint));
        foreach (var group in report.Groups)
        {
            Line(ExportTexts.CriteriaVersion(group.Set.Group), c => c.Text(group.Set.Version));
            Line(ExportTexts.Decision(group.Set.Group), c => c.Text(group.Set.Decision));
            Line(ExportTexts.Rules(group.Set.Group), c => c.Text(ExportTexts.RulesText(group.Set)));
        }
        ws.Column(1).Width = 50;
        ws.Column(2).Width = 100;
        ws.Column(2).Style.Alignment.WrapText = true;
        ws.Column(2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        ws.Column(2).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        ws.Column(1).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        Cells.Printable(ws, 0);
    }

    private static void Header(IXLWorksheet ws, IReadOnlyList<string> headers)
    {
        for (var i = 0; i < headers.Count; i++) ws.Cell(1, i + 1).Text(headers[i]);
        var header = ws.Row(1);
        header.Style.Font.Bold = true;
        header.Style.Alignment.WrapText = true;
        header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        ws.SheetView.FreezeRows(1);
    }
}
