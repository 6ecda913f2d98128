using ParIndex.Scoring.Criteria;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>Where the table of a self-assessment sheet is: its header row and each header's column, found by text.</summary>
internal sealed class SheetLayout
{
    private SheetLayout(int headerRow, IReadOnlyDictionary<string, int> columns)
    {
        HeaderRow = headerRow;
        Columns = columns;
    }

    public int HeaderRow { get; }

    /// <summary>Column number by header label (the labels of <see cref="SelfAssessmentSheet.Headers"/>).</summary>
    public IReadOnlyDictionary<string, int> Columns { get; }

    public int this[string header] => Columns[header];

    /// <summary>
    /// Finds the header row (the first of the top rows holding "Mã tiêu chí") and locates every known header
    /// in it. Returns null with <paramref name="problems"/> when the row or a column is missing.
    /// </summary>
    public static SheetLayout? Find(ISheet sheet, out IReadOnlyList<(string? Cell, string Message)> problems)
    {
        var found = new List<(string?, string)>();
        problems = found;
        var lastColumn = Math.Max(sheet.LastColumn, SelfAssessmentSheet.Headers.Count);
        int? headerRow = null;
        for (var r = 1; r <= SelfAssessmentSheet.HeaderSearchRows && headerRow is null; r++)
            for (var c = 1; c <= lastColumn; c++)
                if (Matches(sheet.Cell(r, c), SelfAssessmentSheet.Code)) { headerRow = r; break; }
        if (headerRow is not { } row)
        {
            found.Add((null, SelfAssessmentTexts.MissingHeaderRow));
            return null;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var header in SelfAssessmentSheet.Headers)
        {
            var hits = Enumerable.Range(1, lastColumn).Where(c => Matches(sheet.Cell(row, c), header)).ToList();
            if (hits.Count == 0) found.Add((Cells.Address(row, 1), SelfAssessmentTexts.MissingColumn(header)));
            else if (hits.Count > 1) found.Add((Cells.Address(row, hits[1]), SelfAssessmentTexts.DuplicateColumn(header)));
            else columns[header] = hits[0];
        }
        return found.Count == 0 ? new SheetLayout(row, columns) : null;
    }

    private static bool Matches(CellContent content, string label) =>
        content.Kind == CellKind.Text && RuleScoring.NormaliseLabel(content.Text) == RuleScoring.NormaliseLabel(label);

    /// <summary>The row of each criterion code below the header (first occurrence), read as text.</summary>
    public Dictionary<string, int> RowsByCode(ISheet sheet)
    {
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var last = Math.Max(sheet.LastRow, HeaderRow);
        for (var r = HeaderRow + 1; r <= last; r++)
        {
            var content = sheet.Cell(r, this[SelfAssessmentSheet.Code]);
            if (content.Kind == CellKind.Text) rows.TryAdd(content.Text, r);
        }
        return rows;
    }
}
