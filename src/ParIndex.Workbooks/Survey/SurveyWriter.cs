using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

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
    /// <exception cref="ArgumentException">A row's answers do not match the question count.</exception>
    public static void Write(Stream output, IReadOnlyList<string> questionCodes, IEnumerable<SurveyRow> rows, string sheetName = SurveyTexts.SheetName)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = MinimalStylesheet();
        workbookPart.Workbook = new Workbook(new Sheets(new Sheet
        {
            Id = workbookPart.GetIdOfPart(worksheetPart),
            SheetId = 1,
            Name = sheetName,
        }));

        var columnCount = 3 + questionCodes.Count;
        var letters = Enumerable.Range(0, columnCount).Select(SurveyAccumulator.ColumnLetters).ToArray();
        using (var writer = OpenXmlWriter.Create(worksheetPart))
        {
            var cells = new CellWriter(writer, letters);
            writer.WriteStartElement(new Worksheet());
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
                for (var q = 0; q < row.Answers.Count; q++)
                    if (row.Answers[q] is { } answer)
                        cells.Text(3 + q, Letter(answer));
                writer.WriteEndElement();
            }

            writer.WriteEndElement(); // sheetData
            writer.WriteEndElement(); // worksheet
        }
        workbookPart.Workbook.Save();
    }

    private static readonly string[] Letters = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    private static string Letter(char c) => c < Letters.Length ? Letters[c] : c.ToString();

    /// <summary>Writes rows and inline-string cells, reusing the element instances (OpenXmlWriter takes names from them).</summary>
    private sealed class CellWriter(OpenXmlWriter writer, string[] columnLetters)
    {
        private readonly Row _row = new();
        private readonly Cell _cell = new();
        private readonly InlineString _inline = new();
        private readonly Text _text = new();
        private readonly OpenXmlAttribute[] _rowAttributes = [new("r", "", "")];
        private readonly OpenXmlAttribute[] _cellAttributes = [new("r", "", ""), new("t", "", "inlineStr")];
        private readonly OpenXmlAttribute[] _preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];
        private string _rowText = "";

        public void StartRow(int number)
        {
            _rowText = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rowAttributes[0] = new OpenXmlAttribute("r", "", _rowText);
            writer.WriteStartElement(_row, _rowAttributes);
        }

        public void Text(int column, string value)
        {
            _cellAttributes[0] = new OpenXmlAttribute("r", "", columnLetters[column] + _rowText);
            writer.WriteStartElement(_cell, _cellAttributes);
            writer.WriteStartElement(_inline);
            var padded = value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]));
            if (padded) writer.WriteStartElement(_text, _preserve); else writer.WriteStartElement(_text);
            writer.WriteString(value);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
    }

    /// <summary>The smallest stylesheet Excel accepts: one font, the two required fills, one border, one format.</summary>
    private static Stylesheet MinimalStylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 1 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 }) { Count = 1 });
}
