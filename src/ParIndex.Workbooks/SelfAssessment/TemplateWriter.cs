using System.Globalization;
using ClosedXML.Excel;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;
using T = ParIndex.Workbooks.SelfAssessment.SelfAssessmentTexts;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// Writes the self-assessment template (mẫu phiếu tự đánh giá) of one unit for one criteria set: the
/// identity cells and defined names, one row per criterion in tree order, input cells unlocked and
/// validated, everything else locked, and a guide sheet.
/// </summary>
public static class TemplateWriter
{
    private const int FirstIdentityRow = 2;
    private const int HeaderRow = 9;

    private static readonly XLColor HeaderFill = XLColor.FromHtml("#1F4E78");
    private static readonly XLColor InputFill = XLColor.FromHtml("#FFF2CC");
    private static readonly XLColor SurveyFill = XLColor.FromHtml("#D9D9D9");
    /// <summary>Excel keeps at most this many characters of a validation message or an inline list.</summary>
    private const int ExcelTextLimit = 255;

    private static readonly XLColor SurveyFont = XLColor.FromHtml("#595959");
    private static readonly XLColor[] ParentFills =
        [XLColor.FromHtml("#BDD7EE"), XLColor.FromHtml("#DDEBF7"), XLColor.FromHtml("#EDF4FB")];

    /// <summary>Writes the template of <paramref name="unit"/> for <paramref name="set"/> to a file.</summary>
    public static void Write(string path, CriteriaSet set, Unit unit)
    {
        using var file = File.Create(path);
        Write(file, set, unit);
    }

    /// <summary>Writes the template of <paramref name="unit"/> for <paramref name="set"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The unit is assessed in another group than the set's.</exception>
    public static void Write(Stream output, CriteriaSet set, Unit unit)
    {
        if (!string.Equals(unit.Group, set.Group, StringComparison.Ordinal))
            throw new ArgumentException($"Unit {unit.Code} is in group '{unit.Group}', the criteria set is for '{set.Group}'.", nameof(unit));
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet(S.SheetName);
        var guide = wb.AddWorksheet(S.GuideSheetName);
        WriteIdentity(wb, ws, set, unit);
        WriteHeader(ws);
        var lists = new ListSource(wb);
        var rows = new Dictionary<Criterion, int>();
        var row = HeaderRow + 1;
        foreach (var (node, depth) in Walk(set.Criteria, 0))
        {
            rows[node] = row;
            WriteNodeRow(ws, node, depth, row, lists);
            row++;
        }
        foreach (var (node, r) in rows.Where(x => !x.Key.IsLeaf))
            WriteParentSum(ws, node, r, rows);

        Layout(ws, row - 1);
        WriteGuide(guide, set, unit);
        ws.Protect();
        ws.SetTabActive();
        wb.SaveAs(output);
    }

    private static IEnumerable<(Criterion Node, int Depth)> Walk(IEnumerable<Criterion> nodes, int depth)
    {
        foreach (var node in nodes)
        {
            yield return (node, depth);
            foreach (var child in Walk(node.Children, depth + 1))
                yield return child;
        }
    }

    private static void WriteIdentity(XLWorkbook wb, IXLWorksheet ws, CriteriaSet set, Unit unit)
    {
        var title = ws.Cell(1, 1);
        title.SetValue(T.SheetTitle(set));
        title.Style.Font.Bold = true;
        title.Style.Font.FontSize = 14;

        (string Label, Action<IXLCell> Write, string? Name)[] items =
        [
            (S.UnitCodeLabel, c => c.SetValue(unit.Code), S.UnitName),
            (S.UnitNameLabel, c => c.SetValue(unit.Name), null),
            (S.YearLabel, c => c.SetValue(set.Year), S.YearName),
            (S.GroupLabel, c => c.SetValue(set.Group), S.GroupName),
            (S.CriteriaVersionLabel, c => c.SetValue(set.Version), S.CriteriaVersionName),
            (S.DecisionLabel, c => c.SetValue(set.Decision), null),
        ];
        var row = FirstIdentityRow;
        foreach (var (label, write, name) in items)
        {
            var labelCell = ws.Cell(row, 1);
            labelCell.SetValue(label);
            labelCell.Style.Font.Bold = true;
            var valueCell = ws.Cell(row, 2);
            write(valueCell);
            valueCell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
            if (name is not null) wb.NamedRanges.Add(name, ws.Range(valueCell, valueCell));
            row++;
        }
    }

    private static void WriteHeader(IXLWorksheet ws)
    {
        for (var i = 0; i < S.Headers.Count; i++)
        {
            var cell = ws.Cell(HeaderRow, i + 1);
            cell.SetValue(S.Headers[i]);
            cell.Style.Font.Bold = true;
            cell.Style.Font.FontColor = XLColor.White;
            cell.Style.Fill.BackgroundColor = HeaderFill;
            cell.Style.Alignment.WrapText = true;
            cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
            cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        }
        ws.Row(HeaderRow).Height = 32;
    }

    private static int Col(string header) => S.Headers.ToList().IndexOf(header) + 1;

    private static void WriteNodeRow(IXLWorksheet ws, Criterion node, int depth, int row, ListSource lists)
    {
        var code = ws.Cell(row, Col(S.Code));
        code.Style.NumberFormat.Format = "@";
        code.SetValue(node.Code); // text: "1.10" must not become 1.1
        var title = ws.Cell(row, Col(S.Title));
        title.SetValue(node.Title);
        title.Style.Alignment.Indent = depth;
        if (node.Max is { } max) ws.Cell(row, Col(S.Max)).SetValue(max);

        var all = ws.Range(row, 1, row, S.Headers.Count);
        all.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        all.Style.Border.BottomBorder = XLBorderStyleValues.Hair;
        if (!node.IsLeaf)
        {
            all.Style.Font.Bold = true;
            all.Style.Fill.BackgroundColor = ParentFills[Math.Min(depth, ParentFills.Length - 1)];
            return;
        }

        var leaf = node;
        ws.Cell(row, Col(S.Method)).SetValue(T.Method(leaf));
        if (leaf.IsSurvey)
        {
            var inputs = ws.Range(row, Col(S.Value), row, S.Headers.Count);
            inputs.Style.Fill.BackgroundColor = SurveyFill;
            all.Style.Font.FontColor = SurveyFont;
            ws.Cell(row, Col(S.Value)).SetValue(T.Survey);
            return;
        }

        var scoreCap = leaf.IsBonusOrPenalty ? RuleScoring.Cap(leaf.Rule!) : leaf.Max ?? 0m;
        var value = ws.Cell(row, Col(S.Value));
        switch (leaf.Rule)
        {
            case YesNoRule:
                Input(value).Style.NumberFormat.Format = "@";
                ListValidation(value, "\"Có,Không\"", T.ChooseYesNo);
                break;
            case LevelsRule levels:
                Input(value).Style.NumberFormat.Format = "@";
                ListValidation(value, lists.For(leaf, levels), T.ChooseLevel(levels.Levels.Select(l => l.Label)));
                break;
            case BandsRule { Unit: var unit }:
                NumberValidation(Input(value), 0m, unit == "%" ? 100m : null);
                break;
            case ProportionalRule { Unit: var unit }:
                NumberValidation(Input(value), 0m, unit == "%" ? 100m : null);
                break;
            case BonusRule or PenaltyRule:
                var dv = Input(value).SetDataValidation();
                dv.WholeNumber.EqualOrGreaterThan(0);
                Messages(dv, T.Count);
                break;
        }
        NumberValidation(Input(ws.Cell(row, Col(S.SelfScore))), 0m, scoreCap);
        if (leaf.NotApplicableAllowed)
            ListValidation(Input(ws.Cell(row, Col(S.NotApplicable))), $"\"{T.NotApplicableMark}\"", T.MarkNotApplicable);
        Input(ws.Cell(row, Col(S.Evidence))).Style.Alignment.WrapText = true;
        Input(ws.Cell(row, Col(S.Explanation))).Style.Alignment.WrapText = true;
        NumberValidation(Input(ws.Cell(row, Col(S.Appraisal))), 0m, scoreCap);
        Input(ws.Cell(row, Col(S.AppraisalReason))).Style.Alignment.WrapText = true;
    }

    private static IXLCell Input(IXLCell cell)
    {
        cell.Style.Protection.Locked = false;
        cell.Style.Fill.BackgroundColor = InputFill;
        return cell;
    }

    private static void ListValidation(IXLCell cell, string list, string message)
    {
        var dv = cell.SetDataValidation();
        dv.List(list, true);
        Messages(dv, message);
    }

    private static void ListValidation(IXLCell cell, IXLRange list, string message)
    {
        var dv = cell.SetDataValidation();
        dv.List(list, true);
        Messages(dv, message);
    }

    private static void ListValidation(IXLCell cell, ListSource.Source source, string message)
    {
        if (source.Inline is { } inline) ListValidation(cell, inline, message);
        else ListValidation(cell, source.Range!, message);
    }

    private static void NumberValidation(IXLCell cell, decimal min, decimal? max)
    {
        var dv = cell.SetDataValidation();
        // The string overloads keep the invariant decimal point whatever the machine's culture.
        if (max is { } m)
        {
            dv.Decimal.Between(Inv(min), Inv(m));
            Messages(dv, min == 0m && m == 100m && cell.Address.ColumnNumber == Col(S.Value) ? T.Percent : T.ScoreRange(m));
        }
        else
        {
            dv.Decimal.EqualOrGreaterThan(Inv(min));
            Messages(dv, T.NonNegativeNumber);
        }
    }

    private static string Inv(decimal value) => (value / 1m).ToString(CultureInfo.InvariantCulture);

    private static void Messages(IXLDataValidation dv, string message)
    {
        dv.IgnoreBlanks = true;
        dv.ShowErrorMessage = true;
        dv.ErrorStyle = XLErrorStyle.Stop;
        dv.ErrorTitle = T.ValidationTitle;
        dv.ErrorMessage = message.Length > ExcelTextLimit ? message[..(ExcelTextLimit - 1)] + "…" : message;
        dv.ShowInputMessage = true;
        dv.InputMessage = dv.ErrorMessage;
    }

    private static void WriteParentSum(IXLWorksheet ws, Criterion parent, int row, IReadOnlyDictionary<Criterion, int> rows)
    {
        var column = ws.Column(Col(S.SelfScore)).ColumnLetter();
        var terms = parent.Children
            .Where(c => !c.IsSurvey)
            .Select(c => (c.Rule is PenaltyRule ? "-" : "+") + column + rows[c].ToString(CultureInfo.InvariantCulture))
            .ToList();
        if (terms.Count == 0) return;
        var formula = string.Concat(terms).TrimStart('+');
        ws.Cell(row, Col(S.SelfScore)).FormulaA1 = terms.All(t => t[0] == '+') ? $"SUM({formula.Replace('+', ',')})" : formula;
    }

    private static void Layout(IXLWorksheet ws, int lastRow)
    {
        double[] widths = [12, 60, 10, 40, 18, 12, 11, 32, 32, 12, 32];
        for (var i = 0; i < widths.Length; i++) ws.Column(i + 1).Width = widths[i];
        var body = ws.Range(HeaderRow + 1, 1, Math.Max(lastRow, HeaderRow + 1), S.Headers.Count);
        body.Column(Col(S.Title)).Style.Alignment.WrapText = true;
        body.Column(Col(S.Method)).Style.Alignment.WrapText = true;
        ws.SheetView.Freeze(HeaderRow, 2);
    }

    private static void WriteGuide(IXLWorksheet guide, CriteriaSet set, Unit unit)
    {
        var lines = T.Guide(set, unit);
        for (var i = 0; i < lines.Count; i++)
        {
            var cell = guide.Cell(i + 1, 1);
            cell.SetValue(lines[i]);
            cell.Style.Alignment.WrapText = true;
        }
        guide.Cell(1, 1).Style.Font.Bold = true;
        guide.Cell(1, 1).Style.Font.FontSize = 14;
        guide.Column(1).Width = 120;
        guide.Protect();
    }

    /// <summary>
    /// The source of a level drop-down: an inline quoted list when it fits Excel's 255-character limit and no
    /// label holds a comma or quote; otherwise a column on a hidden sheet.
    /// </summary>
    private sealed class ListSource(XLWorkbook wb)
    {
        private IXLWorksheet? _sheet;
        private int _column;

        public sealed record Source(string? Inline, IXLRange? Range);

        public Source For(Criterion leaf, LevelsRule rule)
        {
            var labels = rule.Levels.Select(l => l.Label).ToList();
            var inline = "\"" + string.Join(",", labels) + "\"";
            if (inline.Length <= ExcelTextLimit && labels.All(l => !l.Contains(',') && !l.Contains('"')))
                return new Source(inline, null);

            if (_sheet is null)
            {
                _sheet = wb.AddWorksheet(T.ListsSheetName);
                _sheet.Visibility = XLWorksheetVisibility.Hidden;
                _sheet.Protect();
            }
            _column++;
            _sheet.Cell(1, _column).SetValue(leaf.Code);
            for (var i = 0; i < labels.Count; i++) _sheet.Cell(i + 2, _column).SetValue(labels[i]);
            return new Source(null, _sheet.Range(2, _column, labels.Count + 1, _column));
        }
    }
}
