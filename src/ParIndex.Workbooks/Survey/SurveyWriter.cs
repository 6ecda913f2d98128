using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using System.IO.Compression;
using System.Text;
using ParIndex.Workbooks.Export;

namespace ParIndex.Workbooks.Survey;

/// <summary>One questionnaire (phiếu khảo sát) as a survey workbook row.</summary>
/// <param name="UnitCode">The unit the questionnaire assesses (Mã đơn vị).</param>
/// <param name="RespondentGroup">The respondent group (Nhóm đối tượng), e.g. "Người dân".</param>
/// <param name="QuestionnaireId">The questionnaire's id (Mã phiếu), unique within the unit.</param>
/// <param name="Answers">One answer letter per question, in the writer's question order; null = no answer.</param>
public sealed record SurveyRow(string UnitCode, string RespondentGroup, string QuestionnaireId, IReadOnlyList<char?> Answers);

/// <summary>
/// Writes survey workbooks as a stream (OpenXmlWriter, inline strings): memory stays flat however many rows,
/// so it can generate the sample surveys and a 200,000-row benchmark file.
/// </summary>
public static class SurveyWriter
{
    /// <summary>
    /// Writes one sheet: the header row (<c>Mã đơn vị</c> · <c>Nhóm đối tượng</c> · <c>Mã phiếu</c> · the question codes)
    /// and one row per questionnaire. Every cell is text, so ids like "0012" keep their zeros.
    /// </summary>
    /// <param name="output">Receives the xlsx; left open.</param>
    /// <param name="questionCodes">The question columns, in order.</param>
    /// <param name="rows">The questionnaires, enumerated once.</param>
    /// <param name="sheetName">The sheet's name.</param>
    /// <param name="rowCount">How many questionnaires <paramref name="rows"/> holds, for the sheet's <c>&lt;dimension&gt;</c>
    /// (which comes before the rows); needed only when <paramref name="rows"/> cannot tell without being enumerated.</param>
    /// <exception cref="ArgumentException">A row's answers do not match the question count, or the row count is unknown or wrong.</exception>
    public static void Write(Stream output, IReadOnlyList<string> questionCodes, IEnumerable<SurveyRow> rows,
        string sheetName = SurveyTexts.SheetName, int? rowCount = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(questionCodes.Count);
        // Readers that trust <dimension> (openpyxl's read-only mode) size every row by it, so it is written and true.
        var known = rowCount ?? (rows.TryGetNonEnumeratedCount(out var counted) ? counted
            : throw new ArgumentException("The row count is needed for the sheet's dimension.", nameof(rowCount)));
        if (sheetName.Length is 0 or > 31 || sheetName.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) >= 0)
            throw new ArgumentException($"\"{sheetName}\" is not a valid sheet name.", nameof(sheetName));

        // The package is zipped by hand, one part after the other (XlsxPackage): System.IO.Packaging keeps every
        // part in memory, over a gigabyte for 200,000 rows. The sheet itself is written by OpenXmlWriter.
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        XlsxPackage.WriteRelationships(zip, 1);
        XlsxPackage.WriteElement(zip, "xl/workbook.xml", new Workbook(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = sheetName })));
        // The smallest stylesheet Excel accepts, with the Normal style (openpyxl warns without it).
        XlsxPackage.WriteElement(zip, "xl/styles.xml", new XlsxStyles().Stylesheet());

        // Fastest compression: 200,000 × 40 answers take ~7 s and 56 MB, against ~12 s and 27 MB at Optimal.
        using var sheetStream = XlsxPackage.Create(zip, XlsxPackage.SheetPart(1));
        using var writer = OpenXmlWriter.Create(sheetStream, new UTF8Encoding(false));
        var letters = Enumerable.Range(0, 3 + questionCodes.Count).Select(SurveyAccumulator.ColumnLetters).ToArray();
        var cells = new SheetCellWriter(writer, letters);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet(), [], [new KeyValuePair<string, string>("", XlsxPackage.MainNamespace)]);
        writer.WriteElement(new SheetDimension { Reference = $"A1:{letters[^1]}{known + 1}" });
        writer.WriteStartElement(new SheetViews());
        writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
        writer.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteStartElement(new SheetData());

        cells.StartRow(1);
        cells.Text(0, SurveyTexts.UnitColumn);
        cells.Text(1, SurveyTexts.GroupColumn);
        cells.Text(2, SurveyTexts.IdColumn);
        for (var q = 0; q < questionCodes.Count; q++) cells.Text(3 + q, questionCodes[q]);
        writer.WriteEndElement();

        var rowNumber = 1;
        foreach (var row in rows)
        {
            if (row.Answers.Count != questionCodes.Count)
                throw new ArgumentException(
                    $"Questionnaire {row.QuestionnaireId} has {row.Answers.Count} answers for {questionCodes.Count} questions.", nameof(rows));
            cells.StartRow(++rowNumber);
            cells.Text(0, row.UnitCode);
            cells.Text(1, row.RespondentGroup);
            cells.Text(2, row.QuestionnaireId);
            // A blank answer is an empty cell, so that every row is as long as the header.
            for (var q = 0; q < row.Answers.Count; q++)
                if (row.Answers[q] is { } answer) cells.Text(3 + q, Letter(answer));
                else cells.Blank(3 + q);
            writer.WriteEndElement();
        }
        if (rowNumber - 1 != known)
            throw new ArgumentException($"{rowNumber - 1} rows were given for a declared {known}.", nameof(rowCount));

        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
    }

    private static readonly string[] Letters = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    private static string Letter(char c) => c < Letters.Length ? Letters[c] : c.ToString();
}
