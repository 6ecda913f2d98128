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
        private void Warning(string? cell, string message) => Problems.Add(new(fileName, S.SheetName, cell, message, Severity.Warning));

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
                var input = new LeafReader(this, ws.Row(r), layout, node).Read();
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

        /// <summary>Reads one leaf's row.</summary>
        private sealed class LeafReader(Context ctx, IXLRow row, SheetLayout layout, Criterion leaf)
        {
            private IXLCell Cell(string header) => row.Cell(layout[header]);
            private string At(string header) => Cells.Address(Cell(header));
            private void Error(string header, string message) => ctx.Error(At(header), message);

            public LeafInput? Read()
            {
                if (leaf.IsSurvey)
                {
                    ReadSurvey();
                    return null;
                }
                var evidence = Cells.FreeText(Cell(S.Evidence));
                var explanation = Cells.FreeText(Cell(S.Explanation));
                var (appraisal, reason) = ReadAppraisal();

                var mark = Content(S.NotApplicable);
                if (mark is { IsBlank: false })
                {
                    if (!leaf.NotApplicableAllowed)
                    {
                        Error(S.NotApplicable, T.NotApplicableNotAllowed(leaf));
                        return null;
                    }
                    return new LeafInput(null, NotApplicable: true, Appraisal1: appraisal, Evidence: evidence,
                        Explanation: explanation, AppraisalReason: reason);
                }

                var (score, value, counted) = leaf.Rule is PointsRule ? (ReadPoints(), null, true) : ReadValue();
                if (counted && evidence is null && explanation is null)
                    ctx.Warning(At(S.Evidence), T.NoEvidence(leaf));
                return new LeafInput(score, Appraisal1: appraisal, Value: value, Evidence: evidence,
                    Explanation: explanation, AppraisalReason: reason);
            }

            /// <summary>The cell's content, or null after reporting a formula or date the reader cannot use.</summary>
            private CellContent? Content(string header)
            {
                var content = Cells.Read(Cell(header));
                switch (content.Kind)
                {
                    case CellKind.FormulaError: Error(header, T.FormulaError(header, content.Text, leaf)); return null;
                    case CellKind.FormulaNoValue: Error(header, T.FormulaNoValue(header, leaf)); return null;
                    case CellKind.Date: Error(header, T.DateCell(header, leaf)); return null;
                    case CellKind.Unreadable: Error(header, T.Unreadable(header, leaf)); return null;
                    default: return content;
                }
            }

            /// <summary>A number from a numeric cell or from text with '.' or ','; null (reported) when not one.</summary>
            private decimal? Number(string header, CellContent content, bool percentScale = false)
            {
                if (content.Kind == CellKind.Number)
                {
                    if (content.PercentFormat && percentScale)
                    {
                        Error(header, T.PercentCell(header, content.Number * 100m, leaf));
                        return null;
                    }
                    return content.Number;
                }
                if (content.Kind == CellKind.Text && Cells.TryParseNumber(content.Text, out var n, out var percentSign)
                    && (!percentSign || percentScale))
                    return n;
                Error(header, T.NotANumber(header, content.Text, leaf));
                return null;
            }

            private void ReadSurvey()
            {
                foreach (var header in new[] { S.Value, S.NotApplicable, S.Evidence, S.Explanation, S.Appraisal, S.AppraisalReason })
                {
                    var content = Cells.Read(Cell(header));
                    // The template writes the "scored by survey" note into the value cell itself.
                    if (header == S.Value && content.Kind == CellKind.Text && content.Text == T.Survey) continue;
                    if (!content.IsBlank) Error(header, T.SurveyCellNotBlank(header, leaf));
                }
                var typed = Cells.Read(Cell(S.SelfScore));
                if (!typed.IsBlank) ctx.Warning(At(S.SelfScore), T.SurveyScoreIgnored(typed.Text, leaf));
            }

            private decimal? ReadPoints()
            {
                if (Content(S.SelfScore) is not { } content) return null;
                if (content.IsBlank)
                {
                    Error(S.SelfScore, T.MissingSelfScore(leaf));
                    return null;
                }
                if (Number(S.SelfScore, content) is not { } s) return null;
                var max = leaf.Max ?? 0m;
                var ok = true;
                if (s < 0) { Error(S.SelfScore, T.ScoreNegative(s, leaf)); ok = false; }
                else if (s > max) { Error(S.SelfScore, T.ScoreAboveMax(s, leaf)); ok = false; }
                if (Numbers.Places(s) > ctx.Set.Decimals) { Error(S.SelfScore, T.TooManyPlaces(S.SelfScore, s, ctx.Set.Decimals, leaf)); ok = false; }
                else if (leaf.Rule is PointsRule { Step: { } step } && s % step != 0) { Error(S.SelfScore, T.NotOnStep(s, step, leaf)); ok = false; }
                return ok ? s : null;
            }

            /// <summary>Reads Giá trị and computes the self-score; compares a typed self-score with it.</summary>
            private (decimal? Score, string? Value, bool NeedsEvidence) ReadValue()
            {
                var max = leaf.Max ?? 0m;
                decimal? score = null;
                string? value = null;
                var needsEvidence = true;
                if (Content(S.Value) is { } content)
                {
                    switch (leaf.Rule)
                    {
                        case YesNoRule:
                            if (content.IsBlank) Error(S.Value, T.MissingYesNo(leaf));
                            else if (content.Kind == CellKind.Boolean) (score, value) = YesNo(content.Text == "TRUE", max);
                            else if (RuleScoring.ParseYesNo(content.Text) is { } yes) (score, value) = YesNo(yes, max);
                            else Error(S.Value, T.NotYesNo(content.Text, leaf));
                            break;
                        case LevelsRule levels:
                            if (content.IsBlank) Error(S.Value, T.MissingLevel(leaf, levels));
                            else if (RuleScoring.FindLevel(levels, content.Text) is { } level) (score, value) = (level.Points, level.Label);
                            else Error(S.Value, T.UnknownLevel(content.Text, leaf, levels));
                            break;
                        case BandsRule bands:
                            if (Measured(content, bands.Unit) is { } b) (score, value) = (RuleScoring.Bands(bands, b), Numbers.Vi(b));
                            break;
                        case ProportionalRule p:
                            if (Measured(content, p.Unit) is { } v) (score, value) = (RuleScoring.Proportional(p, max, v), Numbers.Vi(v));
                            break;
                        case BonusRule or PenaltyRule:
                            if (content.IsBlank)
                            {
                                score = 0m; // no items: nothing to prove
                                needsEvidence = false;
                            }
                            else if (Number(S.Value, content) is { } count)
                            {
                                if (count < 0 || count % 1 != 0 || count > int.MaxValue) Error(S.Value, T.NotACount(count, leaf));
                                else (score, value) = (RuleScoring.Items(leaf.Rule, (long)count), Numbers.Vi(count));
                            }
                            break;
                    }
                }
                CompareTypedScore(score);
                return (score, value, needsEvidence);
            }

            private static (decimal, string) YesNo(bool yes, decimal max) => (RuleScoring.YesNo(max, yes), yes ? "Có" : "Không");

            private decimal? Measured(CellContent content, string? unit)
            {
                var percent = unit == "%";
                if (content.IsBlank)
                {
                    Error(S.Value, T.MissingNumber(leaf, percent));
                    return null;
                }
                if (Number(S.Value, content, percentScale: percent) is not { } v) return null;
                if (v < 0) { Error(S.Value, T.NegativeValue(v, leaf)); return null; }
                if (percent && v > 100) { Error(S.Value, T.AbovePercent(v, leaf)); return null; }
                return v;
            }

            private void CompareTypedScore(decimal? computed)
            {
                if (Content(S.SelfScore) is not { IsBlank: false } content) return;
                if (Number(S.SelfScore, content) is { } typed && computed is { } c && typed != c)
                    ctx.Warning(At(S.SelfScore), T.SelfScoreDiffers(typed, c, leaf));
            }

            private (decimal? Points, string? Reason) ReadAppraisal()
            {
                var reason = Cells.FreeText(Cell(S.AppraisalReason));
                if (Content(S.Appraisal) is not { IsBlank: false } content) return (null, reason);
                if (Number(S.Appraisal, content) is not { } points) return (null, reason);
                var max = leaf.IsBonusOrPenalty ? RuleScoring.Cap(leaf.Rule!) : leaf.Max ?? 0m;
                if (points < 0) Error(S.Appraisal, T.AppraisalNegative(points, leaf));
                else if (points > max) Error(S.Appraisal, T.AppraisalAboveMax(points, max, leaf));
                else if (Numbers.Places(points) > ctx.Set.Decimals) Error(S.Appraisal, T.TooManyPlaces(S.Appraisal, points, ctx.Set.Decimals, leaf));
                if (reason is null) Error(S.AppraisalReason, T.AppraisalWithoutReason(points, leaf));
                return (points, reason);
            }
        }

        public CriteriaSet Set => set;
    }
}
