using System.Globalization;
using ClosedXML.Excel;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// Fills a self-assessment template as a focal point would (for samples and tests): finds a criterion's
/// row by its code and sets the entered value, self-score, not-applicable mark, evidence and appraisal.
/// Columns are found by header text, like the reader does.
/// </summary>
public sealed class SelfAssessmentFiller : IDisposable
{
    private readonly XLWorkbook _workbook;
    private readonly IXLWorksheet _sheet;
    private readonly SheetLayout _layout;
    private readonly Dictionary<string, int> _rows;

    private SelfAssessmentFiller(XLWorkbook workbook)
    {
        _workbook = workbook;
        if (!workbook.TryGetWorksheet(S.SheetName, out var sheet))
            throw new InvalidDataException($"The workbook has no sheet \"{S.SheetName}\".");
        _sheet = sheet;
        var view = new ClosedXmlSheet(sheet);
        _layout = SheetLayout.Find(view, out var problems)
                  ?? throw new InvalidDataException("The sheet's header row is incomplete: " + string.Join("; ", problems.Select(p => p.Message)));
        _rows = _layout.RowsByCode(view);
    }

    /// <summary>Opens a template (or a filled workbook) from a stream.</summary>
    public static SelfAssessmentFiller Open(Stream template) => new(new XLWorkbook(template));

    /// <summary>Opens a template (or a filled workbook) from a file.</summary>
    public static SelfAssessmentFiller Open(string path) => new(new XLWorkbook(path));

    /// <summary>The workbook, for edits this class does not cover (tests write formulas, wrong types, …).</summary>
    public IXLWorkbook Workbook => _workbook;

    /// <summary>The sheet "Tự đánh giá".</summary>
    public IXLWorksheet Sheet => _sheet;

    /// <summary>The cell of criterion <paramref name="code"/> in the column headed <paramref name="header"/>.</summary>
    public IXLCell Cell(string code, string header)
    {
        if (!_rows.TryGetValue(code, out var row)) throw new KeyNotFoundException($"No row for criterion {code}.");
        if (!_layout.Columns.TryGetValue(header, out var column)) throw new KeyNotFoundException($"No column \"{header}\".");
        return _sheet.Cell(row, column);
    }

    /// <summary>
    /// Sets what is given for criterion <paramref name="code"/>; null leaves a cell as it is.
    /// A <paramref name="value"/> that reads as an invariant number ("95", "2.5") is written as a number,
    /// anything else as text; <paramref name="notApplicable"/> writes "x" or clears the mark.
    /// </summary>
    public SelfAssessmentFiller Set(
        string code,
        string? value = null,
        decimal? selfScore = null,
        bool? notApplicable = null,
        string? evidence = null,
        string? explanation = null,
        decimal? appraisal = null,
        string? reason = null)
    {
        if (value is not null)
        {
            var cell = Cell(code, S.Value);
            if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                cell.SetValue((double)number);
            else
                cell.SetValue(value);
        }
        if (selfScore is { } s) Cell(code, S.SelfScore).SetValue((double)s);
        if (notApplicable is { } na)
        {
            var mark = Cell(code, S.NotApplicable);
            if (na) mark.SetValue(SelfAssessmentTexts.NotApplicableMark);
            else mark.Clear(XLClearOptions.Contents);
        }
        if (evidence is not null) Cell(code, S.Evidence).SetValue(evidence);
        if (explanation is not null) Cell(code, S.Explanation).SetValue(explanation);
        if (appraisal is { } a) Cell(code, S.Appraisal).SetValue((double)a);
        if (reason is not null) Cell(code, S.AppraisalReason).SetValue(reason);
        return this;
    }

    /// <summary>Saves the workbook to <paramref name="output"/>.</summary>
    public void Save(Stream output) => _workbook.SaveAs(output);

    /// <summary>Saves the workbook to a file.</summary>
    public void Save(string path) => _workbook.SaveAs(path);

    /// <inheritdoc/>
    public void Dispose() => _workbook.Dispose();
}
