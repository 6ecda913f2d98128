using System.Globalization;
using ClosedXML.Excel;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Safety;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;
using T = ParIndex.Workbooks.SelfAssessment.SelfAssessmentTexts;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// Reads a filled self-assessment workbook (phiếu tự đánh giá) back into a <see cref="UnitAssessment"/>.
/// Every problem is reported at once with its cell; any error rejects the whole workbook (Value null).
/// </summary>
public static class SelfAssessmentReader
{
    /// <summary>Reads the workbook at <paramref name="path"/>; problems name the file without its folder.</summary>
    public static ReadResult<UnitAssessment> Read(string path, CriteriaSet set, Unit unit, WorkbookLimits? limits = null)
    {
        using var file = File.OpenRead(path);
        return Read(file, Path.GetFileName(path), set, unit, limits);
    }

    /// <summary>Reads a workbook of <paramref name="unit"/> filled against <paramref name="set"/>.</summary>
    /// <param name="input">The xlsx content.</param>
    /// <param name="fileName">The file's name as the focal point knows it, used in every problem.</param>
    /// <param name="set">The criteria set the workbook must have been made from.</param>
    /// <param name="unit">The unit the workbook must belong to.</param>
    /// <param name="limits">What the file may hold before ClosedXML opens it; the defaults of <see cref="WorkbookLimits.SelfAssessment"/> when null.</param>
    public static ReadResult<UnitAssessment> Read(Stream input, string fileName, CriteriaSet set, Unit unit, WorkbookLimits? limits = null)
    {
        limits ??= WorkbookLimits.SelfAssessment;
        input = WorkbookGuard.Seekable(input, limits.MaxFileBytes);
        if (WorkbookGuard.Check(input, fileName, limits) is { } refused)
            return new(null, [refused]);
        XLWorkbook wb;
        try
        {
            wb = new XLWorkbook(input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new(null, [new WorkbookProblem(fileName, null, null, T.NotAWorkbook(e.Message))]);
        }
        using (wb)
        {
            var context = new Context(fileName, set, unit);
            var value = context.Read(wb);
            return new(context.HasErrors ? null : value, context.Problems);
        }
    }

    private sealed class Context(string fileName, CriteriaSet set, Unit unit)
    {
        public List<WorkbookProblem> Problems { get; } = [];
        public bool HasErrors => Problems.Any(p => p.IsError);

        private void Error(string? cell, string message) => Problems.Add(new(fileName, S.SheetName, cell, message));

        public UnitAssessment? Read(XLWorkbook wb)
        {
            if (!wb.TryGetWorksheet(S.SheetName, out var ws))
            {
                Problems.Add(new(fileName, null, null, T.MissingSheet));
                return null;
            }
            CheckIdentity(wb, ws);
            var layout = SheetLayout.Find(ws, out var layoutProblems);
            foreach (var (cell, message) in layoutProblems) Error(cell, message);
            if (layout is null) return null;

            var nodes = set.AllNodes().ToDictionary(n => n.Code, StringComparer.Ordinal);
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var leaves = new Dictionary<string, LeafInput>(StringComparer.Ordinal);
            var last = ws.LastRowUsed()?.RowNumber() ?? layout.HeaderRow;
            for (var r = layout.HeaderRow + 1; r <= last; r++)
            {
                var codeCell = ws.Cell(r, layout[S.Code]);
                var content = Cells.Read(codeCell);
                if (content.IsBlank) continue;
                if (content.Kind != CellKind.Text)
                {
                    // Do not guess which code a number stood for (1.1 or 1.10); suppress "missing row" for the candidates.
                    Error(Cells.Address(codeCell), content.Kind == CellKind.Number ? T.CodeIsNumber(content.Number) : T.CodeNotText);
                    if (content.Kind == CellKind.Number)
                        foreach (var code in nodes.Keys.Where(k => SameNumber(k, content.Number))) seen.TryAdd(code, Cells.Address(codeCell));
                    continue;
                }
                var codeText = content.Text;
                if (!nodes.TryGetValue(codeText, out var node))
                {
                    Error(Cells.Address(codeCell), T.UnknownCode(codeText, set));
                    continue;
                }
                if (!seen.TryAdd(codeText, Cells.Address(codeCell)))
                {
                    Error(Cells.Address(codeCell), T.DuplicateCode(codeText, seen[codeText]));
                    continue;
                }
                if (!node.IsLeaf) continue; // parents' cells are totals, recomputed by the software
                var input = new LeafReader(new RowSource(ws.Row(r), layout), node, set.Decimals,
                    (at, message, severity) => Problems.Add(new(fileName, S.SheetName, at, message, severity))).Read();
                if (input is not null) leaves[node.Code] = input;
            }
            foreach (var leaf in set.Leaves().Where(l => !seen.ContainsKey(l.Code)))
                Error(null, T.MissingRow(leaf));
            return new UnitAssessment(unit.Code, leaves);
        }

        private static bool SameNumber(string code, decimal number) =>
            decimal.TryParse(code, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n == number;

        private void CheckIdentity(XLWorkbook wb, IXLWorksheet ws)
        {
            Check(S.UnitName, S.UnitCodeLabel, unit.Code, found => T.WrongUnit(found, unit));
            Check(S.YearName, S.YearLabel, set.Year.ToString(CultureInfo.InvariantCulture), found => T.WrongYear(found, set.Year));
            Check(S.GroupName, S.GroupLabel, set.Group, found => T.WrongGroup(found, set.Group));
            Check(S.CriteriaVersionName, S.CriteriaVersionLabel, set.Version, found => T.WrongVersion(found, set.Version));

            void Check(string name, string label, string expected, Func<string, string> mismatch)
            {
                var (found, cell) = Identity(wb, ws, name, label);
                if (found is null) Error(cell, T.MissingIdentity(label, name));
                else if (!string.Equals(found, expected, StringComparison.Ordinal)) Error(cell, mismatch(found));
            }
        }

        /// <summary>The defined name's value (a cell it refers to, or a constant), else the cell beside the label.</summary>
        private static (string? Value, string? Cell) Identity(XLWorkbook wb, IXLWorksheet ws, string name, string label)
        {
            var named = wb.NamedRanges.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            if (named is not null)
            {
                var range = named.Ranges.FirstOrDefault();
                if (range is not null)
                {
                    var cell = range.FirstCell();
                    return (IdentityText(Cells.Read(cell)), cell.Worksheet.Name == ws.Name ? Cells.Address(cell) : null);
                }
                var constant = (named.RefersTo ?? "").Trim().TrimStart('=').Trim();
                if (constant.Length >= 2 && constant[0] == '"' && constant[^1] == '"') constant = constant[1..^1].Replace("\"\"", "\"");
                if (constant.Length > 0 && !constant.StartsWith('#')) return (constant, null);
            }
            var lastColumn = Math.Min(ws.LastColumnUsed()?.ColumnNumber() ?? 1, 20);
            for (var r = 1; r <= S.HeaderSearchRows; r++)
                for (var c = 1; c < lastColumn; c++)
                {
                    var content = Cells.Read(ws.Cell(r, c));
                    if (content.Kind == CellKind.Text && RuleScoring.NormaliseLabel(content.Text) == RuleScoring.NormaliseLabel(label))
                    {
                        var cell = ws.Cell(r, c + 1);
                        return (IdentityText(Cells.Read(cell)), Cells.Address(cell));
                    }
                }
            return (null, null);
        }

        private static string? IdentityText(CellContent content) =>
            content.Kind is CellKind.Text or CellKind.Number ? content.Text : null;

    }

    /// <summary>A leaf's row of the sheet: its cells by header, problems at their addresses.</summary>
    private sealed class RowSource(IXLRow row, SheetLayout layout) : ILeafSource
    {
        private IXLCell Cell(string header) => row.Cell(layout[header]);
        public CellContent Read(string header) => Cells.Read(Cell(header));
        public string? At(string header) => Cells.Address(Cell(header));
    }
}
