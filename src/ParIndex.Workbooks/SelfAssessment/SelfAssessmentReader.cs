using System.Globalization;
using System.Xml;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Safety;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;
using T = ParIndex.Workbooks.SelfAssessment.SelfAssessmentTexts;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// Reads a filled self-assessment workbook (phiếu tự đánh giá) back into a <see cref="UnitAssessment"/>.
/// Every problem is reported at once with its cell; any error rejects the whole workbook (Value null).
/// The workbook is streamed (<see cref="StreamedWorkbook"/>): only its sheet list, defined names, shared strings, number
/// formats and the sheets it needs are read, into a sparse map of cells bounded by <see cref="MaxCells"/>.
/// </summary>
public static class SelfAssessmentReader
{
    /// <summary>
    /// Cells with content a sheet may hold before it is refused unread: a self-assessment has a few hundred rows of
    /// a dozen columns, so this is far beyond any real one and still a few megabytes of memory at most.
    /// </summary>
    public const int MaxCells = 100_000;

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
    /// <param name="limits">What the file may hold before it is opened; the defaults of <see cref="WorkbookLimits.SelfAssessment"/> when null.</param>
    public static ReadResult<UnitAssessment> Read(Stream input, string fileName, CriteriaSet set, Unit unit, WorkbookLimits? limits = null)
    {
        limits ??= WorkbookLimits.SelfAssessment;
        input = WorkbookGuard.Seekable(input, limits.MaxFileBytes);
        if (WorkbookGuard.Check(input, fileName, limits) is { } refused)
            return new(null, [refused]);
        StreamedWorkbook wb;
        try
        {
            wb = StreamedWorkbook.Open(input);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            return new(null, [new WorkbookProblem(fileName, null, null, T.NotAWorkbook(e.Message))]);
        }
        using (wb)
        {
            var context = new Context(fileName, set, unit);
            try
            {
                var value = context.Read(wb);
                return new(context.HasErrors ? null : value, context.Problems);
            }
            catch (SheetTooLargeException e)
            {
                return new(null, [new WorkbookProblem(fileName, e.Sheet, null, T.SheetTooLarge(e.Sheet, fileName, e.MaxCells))]);
            }
            catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
            {
                return new(null, [new WorkbookProblem(fileName, null, null, T.NotAWorkbook(e.Message))]);
            }
        }
    }

    private sealed class Context(string fileName, CriteriaSet set, Unit unit)
    {
        public List<WorkbookProblem> Problems { get; } = [];
        public bool HasErrors => Problems.Any(p => p.IsError);

        private void Error(string? cell, string message) => Problems.Add(new(fileName, S.SheetName, cell, message));

        public UnitAssessment? Read(StreamedWorkbook wb)
        {
            if (wb.Sheet(S.SheetName, MaxCells) is not { } ws)
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
            var last = Math.Max(ws.LastRow, layout.HeaderRow);
            for (var r = layout.HeaderRow + 1; r <= last; r++)
            {
                var content = ws.Cell(r, layout[S.Code]);
                var codeAt = Cells.Address(r, layout[S.Code]);
                if (content.IsBlank) continue;
                if (content.Kind != CellKind.Text)
                {
                    // Do not guess which code a number stood for (1.1 or 1.10); suppress "missing row" for the candidates.
                    Error(codeAt, content.Kind == CellKind.Number ? T.CodeIsNumber(content.Number) : T.CodeNotText);
                    if (content.Kind == CellKind.Number)
                        foreach (var code in nodes.Keys.Where(k => SameNumber(k, content.Number))) seen.TryAdd(code, codeAt);
                    continue;
                }
                var codeText = content.Text;
                if (!nodes.TryGetValue(codeText, out var node))
                {
                    Error(codeAt, T.UnknownCode(codeText, set));
                    continue;
                }
                if (!seen.TryAdd(codeText, codeAt))
                {
                    Error(codeAt, T.DuplicateCode(codeText, seen[codeText]));
                    continue;
                }
                if (!node.IsLeaf) continue; // parents' cells are totals, recomputed by the software
                var input = new LeafReader(new RowSource(ws, r, layout), node, set.Decimals,
                    (at, message, severity) => Problems.Add(new(fileName, S.SheetName, at, message, severity))).Read();
                if (input is not null) leaves[node.Code] = input;
            }
            foreach (var leaf in set.Leaves().Where(l => !seen.ContainsKey(l.Code)))
                Error(null, T.MissingRow(leaf));
            return new UnitAssessment(unit.Code, leaves);
        }

        private static bool SameNumber(string code, decimal number) =>
            decimal.TryParse(code, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n == number;

        private void CheckIdentity(StreamedWorkbook wb, ISheet ws)
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
        private static (string? Value, string? Cell) Identity(StreamedWorkbook wb, ISheet ws, string name, string label)
        {
            var named = wb.DefinedNames.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            if (named is not null)
            {
                if (CellReference.TryParse(named.RefersTo, out var reference))
                {
                    // A broken reference (row 0) or one to a sheet the workbook lacks: the label is looked for instead.
                    var sheet = reference.Row == 0 ? null : wb.Sheet(reference.Sheet!, MaxCells);
                    if (sheet is not null)
                    {
                        var at = sheet.Name == ws.Name ? Cells.Address(reference.Row, reference.Column) : null;
                        return (IdentityText(sheet.Cell(reference.Row, reference.Column)), at);
                    }
                }
                else
                {
                    var constant = named.RefersTo.Trim().TrimStart('=').Trim();
                    if (constant.Length >= 2 && constant[0] == '"' && constant[^1] == '"') constant = constant[1..^1].Replace("\"\"", "\"");
                    if (constant.Length > 0 && !constant.StartsWith('#')) return (constant, null);
                }
            }
            var lastColumn = Math.Min(ws.LastColumn == 0 ? 1 : ws.LastColumn, 20);
            for (var r = 1; r <= S.HeaderSearchRows; r++)
                for (var c = 1; c < lastColumn; c++)
                {
                    var content = ws.Cell(r, c);
                    if (content.Kind == CellKind.Text && RuleScoring.NormaliseLabel(content.Text) == RuleScoring.NormaliseLabel(label))
                        return (IdentityText(ws.Cell(r, c + 1)), Cells.Address(r, c + 1));
                }
            return (null, null);
        }

        private static string? IdentityText(CellContent content) =>
            content.Kind is CellKind.Text or CellKind.Number ? content.Text : null;

    }

    /// <summary>A leaf's row of the sheet: its cells by header, problems at their addresses.</summary>
    private sealed class RowSource(ISheet sheet, int row, SheetLayout layout) : ILeafSource
    {
        public CellContent Read(string header) => sheet.Cell(row, layout[header]);
        public string? At(string header) => Cells.Address(row, layout[header]);
    }
}
