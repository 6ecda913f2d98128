using DocumentFormat.OpenXml.Spreadsheet;
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
        var book = new XlsxWriter(stream);
        var document = report.Document();
        WriteSummary(book.Sheet(ExportTexts.SummarySheet), report, document);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ExportTexts.SummarySheet, ExportTexts.InfoSheet };
        used.Add(ExportTexts.SurveySheet);
        for (var i = 0; i < report.Groups.Count; i++)
            WriteGroup(book.Sheet(UniqueSheetName(SheetName(report.Groups[i].Set.Group), used)), report.Groups[i], document.Groups[i]);
        WriteInfo(book.Sheet(ExportTexts.InfoSheet), report);
        // After the contract's sheets, so that a reader of the existing layout finds everything where it was.
        WriteSurvey(book.Sheet(ExportTexts.SurveySheet), report);
        book.Save();
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

    private static void WriteGroup(XlsxSheet ws, GroupResult group, GroupDocument document)
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
            ws.Whole(row, c++, u.Rank);
            ws.Text(row, c++, u.UnitCode);
            ws.Text(row, c++, u.UnitName);
            foreach (var area in areas)
                ws.Number(row, c++, u.Area(area.Code) is { ApplicableMax: > 0 } total ? total.Points : null, d);
            ws.Number(row, c++, u.SelfPoints, d);
            ws.Number(row, c++, u.AppraisedPoints, d);
            ws.Number(row, c++, u.SurveyPoints, d);
            ws.Whole(row, c++, u.SurveyRank);
            ws.Number(row, c++, u.Points, d);
            ws.Number(row, c++, u.ApplicableMax, d);
            ws.Number(row, c++, u.Index, d);
            ws.Text(row, c++, u.Classification);
            ws.Whole(row, c++, u.Previous?.Rank);
            ws.Whole(row, c++, u.RankChange, signed: true);
            ws.Number(row, c++, u.Previous?.Index, d);
            ws.Number(row, c++, u.IndexChange, d, signed: true);
            ws.Text(row, c, string.Join("; ", Notes(set, group.Units[i])));
            row++;
        }

        ws.Rectangular(2, headers.Count);
        var widths = new List<double> { 7, 12, 36 };
        widths.AddRange(areas.Select(_ => 14d));
        widths.AddRange([11, 11, 11, 10]);
        widths.AddRange([10, 11, 10, 13, 10, 10, 12, 10, 70]);
        ws.Widths(widths);
        ws.ColumnLook(widths.Count, Look.Wrapped);
        ws.Print = new PrintSetup(1);
    }

    private static void WriteSummary(XlsxSheet ws, RankingReport report, RankingDocument document)
    {
        Header(ws, ExportTexts.SummaryHeaders);
        var row = 2;
        for (var i = 0; i < report.Groups.Count; i++)
        {
            var group = report.Groups[i];
            var g = document.Groups[i];
            var d = group.Set.Decimals;
            var s = g.Summary;
            ws.Text(row, 1, ExportTexts.GroupLabel(group.Set.Group), Look.Strong);
            row++;
            ws.Text(row, 1, ExportTexts.MeanSelfPoints);
            ws.Number(row++, 2, s.MeanSelfPoints, d);
            ws.Text(row, 1, ExportTexts.MeanAppraisedPoints);
            ws.Number(row++, 2, s.MeanAppraisedPoints, d);
            ws.Text(row, 1, ExportTexts.SelfAppraisedGap);
            ws.Number(row++, 2, s.SelfAppraisedGap, d, signed: true);
            ws.Text(row, 1, ExportTexts.RankedUnits);
            ws.Whole(row++, 2, g.RankedUnits);
            ws.Text(row, 1, ExportTexts.MeanIndex);
            ws.Number(row, 2, s.MeanIndex, d);
            ws.Number(row++, 3, s.MeanIndexChange, d, signed: true);
            var changes = s.ClassCountChanges?.ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var (label, count) in s.ClassCounts ?? [])
            {
                ws.Text(row, 1, ExportTexts.ClassCount(label));
                ws.Whole(row, 2, count);
                ws.Whole(row++, 3, changes is null ? null : changes.GetValueOrDefault(label), signed: true);
            }
            ws.Text(row, 1, ExportTexts.Rose);
            ws.Whole(row++, 2, s.Rose);
            ws.Text(row, 1, ExportTexts.Fell);
            ws.Whole(row++, 2, s.Fell);
            ws.Text(row, 1, ExportTexts.Held);
            ws.Whole(row++, 2, s.Held);
            ws.Text(row, 1, ExportTexts.DerivedUnits);
            ws.Whole(row++, 2, s.Derived);
            ws.Text(row, 1, ExportTexts.NewUnits);
            ws.Whole(row++, 2, s.New);
            ws.Text(row, 1, ExportTexts.BiggestRiser);
            ws.Text(row++, 2, s.BiggestRiser is null ? null : ExportTexts.Mover(g.Unit(s.BiggestRiser.UnitCode)!));
            ws.Text(row, 1, ExportTexts.BiggestFaller);
            ws.Text(row++, 2, s.BiggestFaller is null ? null : ExportTexts.Mover(g.Unit(s.BiggestFaller.UnitCode)!));
            row++;
        }
        ws.Rectangular(2, ExportTexts.SummaryHeaders.Count);
        ws.Widths([40, 60, 24]);
        ws.ColumnLook(2, new Look(Horizontal: HorizontalAlignmentValues.Left));
        ws.Print = new PrintSetup(1);
    }

    /// <summary>Per unit and respondent group, the questionnaires read and whether the group counted (practice.md §8).</summary>
    private static void WriteSurvey(XlsxSheet ws, RankingReport report)
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
                    ws.Text(row, 1, ExportTexts.GroupLabel(group.Set.Group));
                    ws.Text(row, 2, u.Unit.Code);
                    ws.Text(row, 3, u.Unit.Name);
                    ws.Text(row, 4, g);
                    ws.Whole(row, 5, count);
                    ws.Whole(row, 6, aggregated ? null : min);
                    ws.Text(row, 7, counted is { } c ? ExportTexts.Counted(c) : null);
                    ws.Text(row, 8, aggregated ? ExportTexts.FromAggregated : ExportTexts.FromQuestionnaires);
                    row++;
                }
            }
        ws.Widths([22, 12, 36, 24, 10, 12, 28, 18]);
        ws.Print = new PrintSetup(1);
    }

    private static void WriteInfo(XlsxSheet ws, RankingReport report)
    {
        var row = 1;
        void Line(string label, Action<int> value)
        {
            ws.Text(row, 1, label, Look.Strong);
            value(row);
            row++;
        }
        Line(ExportTexts.Year, r => ws.Whole(r, 2, report.Year));
        Line(ExportTexts.Software, r => ws.Text(r, 2, report.Software));
        Line(ExportTexts.Fingerprint, r => ws.Text(r, 2, report.InputsFingerprint));
        foreach (var group in report.Groups)
        {
            Line(ExportTexts.CriteriaVersion(group.Set.Group), r => ws.Text(r, 2, group.Set.Version));
            Line(ExportTexts.Decision(group.Set.Group), r => ws.Text(r, 2, group.Set.Decision));
            Line(ExportTexts.Rules(group.Set.Group), r => ws.Text(r, 2, ExportTexts.RulesText(group.Set)));
        }
        ws.Widths([50, 100]);
        ws.ColumnLook(1, new Look(Vertical: VerticalAlignmentValues.Top));
        ws.ColumnLook(2, new Look(Wrap: true, Horizontal: HorizontalAlignmentValues.Left, Vertical: VerticalAlignmentValues.Top));
        ws.Print = new PrintSetup(0);
    }

    private static readonly Look HeaderRow = new(Bold: true, Wrap: true, Vertical: VerticalAlignmentValues.Center);

    private static void Header(XlsxSheet ws, IReadOnlyList<string> headers)
    {
        for (var i = 0; i < headers.Count; i++) ws.Text(1, i + 1, headers[i]);
        ws.RowLook(1, HeaderRow);
        ws.FrozenRows = 1;
    }
}
