using System.Globalization;
using System.IO.Compression;
using System.Text;
using ExcelDataReader;
using NUnit.Framework;
using ParIndex.Workbooks.Safety;
using ParIndex.Workbooks.Survey;
using ParIndex.Workbooks.Tests.SelfAssessment;
using static ParIndex.Workbooks.Tests.Survey.SurveyFixtures;

namespace ParIndex.Workbooks.Tests.Survey;

/// <summary>
/// The survey's own sheet scanner reads every cell as ExcelDataReader does, on workbooks written by ParIndex
/// (inline strings), openpyxl and LibreOffice (shared strings), and by hand the way Excel writes them (a namespace
/// prefix, rich text, entities, escapes, self-closing cells, cells and rows without a reference, a date format).
/// </summary>
public sealed class SheetScannerTests : TempFolderTest
{
    static SheetScannerTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly SurveyRow[] Rows =
    [
        new("H-HL", "Người dân", "0012", Answers("A.c")),
        new("H-HL", "Doanh nghiệp", " 13 ", Answers("...")),
        new("H-CL", "Tom & Jerry <\"x\"> 'y'", "P-14", Answers("BCD")),
        new("H-CL", "dòng một\ndòng hai", "ẞ€𝄞", Answers("E.a")),
    ];

    [Test]
    public void Scan_SurveyWriterWorkbook_EveryCellAsExcelDataReader()
    {
        var path = PathOf("parindex.xlsx");
        WriteWithSurveyWriter(path, ["Q01", "Q02", "Q03"], Rows);

        var cells = AssertSameAsExcelDataReader(path);
        Assert.That(cells, Does.Contain("R4C2=String:Tom & Jerry <\"x\"> 'y'"));
        Assert.That(cells, Does.Contain("R3C3=String: 13 "));
    }

    [Test]
    public void Scan_LibreOfficeResave_SharedStringsAsExcelDataReader()
    {
        using var tmp = new TempFolder();
        var path = PathOf("parindex.xlsx");
        WriteWithSurveyWriter(path, ["Q01", "Q02", "Q03"], Rows);
        var resaved = PathOf("libreoffice.xlsx");
        File.WriteAllBytes(resaved, LibreOfficeRoundTripTests.Resave(tmp, File.ReadAllBytes(path)));

        Assert.That(Part(resaved, "xl/sharedStrings.xml"), Is.Not.Null, "LibreOffice writes shared strings");
        var cells = AssertSameAsExcelDataReader(resaved);
        Assert.That(cells, Does.Contain("R5C2=String:dòng một\ndòng hai"));
    }

    [Test]
    public void Scan_OpenpyxlWorkbook_EveryCellAsExcelDataReader()
    {
        var path = PathOf("openpyxl.xlsx");
        Openpyxl.Run("""
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "Phiếu"
            ws.append(["Mã đơn vị", "Nhóm đối tượng", "Mã phiếu", "Q01", "Q02"])
            ws.append(["H-HL", "Người dân", "0012", "A", None])
            ws.append(["H-CL", "A & B <c>", 13, 2.5, True])
            ws.append([])
            ws.append(["X-AB", "tab\there", -0.1, "=1+2", False])
            ws["A8"] = datetime.date(2024, 5, 17)
            ws["C8"] = "  padded  "
            ws["E9"] = 1e20
            wb.create_sheet("Khác")["A1"] = "not read"
            wb.save(sys.argv[1])
            """, path);

        var cells = AssertSameAsExcelDataReader(path);
        Assert.That(cells, Does.Contain("R8C1=DateTime:2024-05-17T00:00:00.0000000"));
        Assert.That(cells, Does.Contain("R3C5=Boolean:True"));
        Assert.That(cells, Does.Not.Contain("not read"));
    }

    [Test]
    public void Scan_ExcelStyleWorkbook_PrefixRichTextEntitiesAndGapsAsExcelDataReader()
    {
        var path = PathOf("excel-style.xlsx");
        WriteExcelStyle(path);

        var cells = AssertSameAsExcelDataReader(path);
        Assert.That(cells, Is.EqualTo(new[]
        {
            "R1C1=String:Mã đơn vị", "R1C2=String:Nhóm đối tượng", "R1C3=String:Mã phiếu", "R1C4=String:Q01",
            "R2C1=String:H-HL", "R2C2=String:Người dân", "R2C3=String:P&1", "R2C4=String:A",
            "R4C1=String:H-CL", "R4C2=String:Doanh nghiệp", "R4C3=Double:42", "R4C4=String:b",
            "R5C1=String:dòng\nmột", "R5C2=String:<é>", "R5C3=DateTime:2024-01-31T00:00:00.0000000", "R5C4=Boolean:True",
            "R6C2=String:x\ry", "R6C3=String:=cached", "R6C5=Double:-1.5E-07",
            "R7C1=String:é", "R7C2=String:a\rb", "R7C3=String:x\ny", "R7C4=String:_", "R7C5=Double:7",
        }));
    }

    [Test]
    public void Open_SheetWithDtd_Refused()
    {
        var path = PathOf("dtd.xlsx");
        WriteExcelStyle(path, sheet: SheetXml.Replace("?>\n", "?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n", StringComparison.Ordinal));

        using var stream = File.OpenRead(path);
        using var scanner = SheetScanner.Open(stream)!;
        Assert.That(() => { while (scanner.Read()) { } }, Throws.TypeOf<InvalidDataException>().With.Message.Contains("DTD"));
    }

    [Test]
    public void Open_SheetOverItsLimit_RefusedWhileReading()
    {
        var path = PathOf("parindex.xlsx");
        WriteWithSurveyWriter(path, ["Q01", "Q02", "Q03"], Rows);
        var size = new ZipArchive(File.OpenRead(path)).GetEntry("xl/worksheets/sheet1.xml")!.Length;

        using var stream = File.OpenRead(path);
        using var scanner = SheetScanner.Open(stream, maxSheetBytes: size - 1)!;
        Assert.That(() => { while (scanner.Read()) { } }, Throws.TypeOf<SheetRefusedException>()
            .With.Message.EqualTo(GuardTexts.EntryTooLarge("xl/worksheets/sheet1.xml", size, size - 1)));
    }

    [Test]
    public void Scan_50000RowSurvey_EveryCellAsExcelDataReader()
    {
        // Long enough for the scanner's buffer to be refilled mid-tag many times.
        var path = PathOf("big.xlsx");
        WriteWithSurveyWriter(path, DistrictQuestions, Enumerable.Range(0, 50_000).Select(i =>
            new SurveyRow(i % 3 == 0 ? "H-HL" : "H-CL", i % 2 == 0 ? "Người dân" : "Doanh nghiệp & hộ", $"P{i:D6}",
                DistrictQuestions.Select((_, q) => (i + q) % 6 == 0 ? (char?)null : "ABCD"[(i * 7 + q) % 4]).ToArray())), 50_000);

        Assert.That(AssertSameAsExcelDataReader(path), Has.Count.GreaterThan(300_000));
    }

    /// <summary>Both readings as "R{row}C{column}={type}:{value}" for every non-null cell, in order, asserted equal (with the row count).</summary>
    private static List<string> AssertSameAsExcelDataReader(string path)
    {
        var expected = new List<string>();
        int expectedRows = 0, rows = 0;
        string expectedName;
        using (var stream = File.OpenRead(path))
        using (var reader = ExcelReaderFactory.CreateReader(stream))
        {
            expectedName = reader.Name;
            while (reader.Read())
            {
                expectedRows++;
                for (var c = 0; c < reader.FieldCount; c++) Add(expected, expectedRows, c, reader.GetValue(c));
            }
        }
        var actual = new List<string>();
        string name;
        using (var stream = File.OpenRead(path))
        using (var scanner = SheetScanner.Open(stream)!)
        {
            name = scanner.Name;
            while (scanner.Read())
            {
                rows++;
                Assert.That(scanner.Row, Is.EqualTo(rows));
                for (var c = 0; c < scanner.FieldCount; c++) Add(actual, rows, c, scanner.GetValue(c));
            }
        }
        Assert.That(name, Is.EqualTo(expectedName));
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(rows, Is.EqualTo(expectedRows));
        return actual;
    }

    private static void Add(List<string> cells, int row, int column, object? value)
    {
        if (value is null or DBNull) return;
        var text = value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        cells.Add($"R{row}C{column + 1}={value.GetType().Name}:{text}");
    }

    private static string? Part(string path, string name)
    {
        using var zip = ZipFile.OpenRead(path);
        if (zip.GetEntry(name) is not { } entry) return null;
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    // The way Excel writes a workbook, with the x: prefix some writers use, shared strings with rich text runs and a
    // phonetic run, entities and character references, Excel's _x000D_ escape (in shared and inline strings), a line end
    // written as a lone CR (⏎, put in when the file is written), a lone non-ASCII letter, a cell without r, a row without r after a gap, self-closing cells, a date-formatted number, a boolean, an error and a formula's cached string. The sheet
    // read is the first the workbook lists, which is not the first part.
    private const string SheetXml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:dimension ref="A1:E7"/><x:sheetData>
        <x:row r="1" spans="1:4"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
        <x:row r="2"><x:c r="A2" t="s"><x:v>4</x:v></x:c><x:c r="B2" t="s"><x:v>5</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>P&amp;1</x:t></x:is></x:c><x:c t="s"><x:v>6</x:v></x:c></x:row>
        <!-- row 3 is left out -->
        <x:row r="4"><x:c r="A4" t="s" s="0"><x:v>7</x:v></x:c><x:c r="B4" t="s"><x:v>8</x:v></x:c><x:c r="C4"><x:v>42</x:v></x:c><x:c r="D4" t="inlineStr"><x:is><x:r><x:t>b</x:t></x:r></x:is></x:c><x:c r="E4" s="0"/></x:row>
        <x:row><x:c r="A5" t="s"><x:v>9</x:v></x:c><x:c r="B5" t="inlineStr"><x:is><x:t>&lt;&#233;&#x3E;</x:t></x:is></x:c><x:c r="C5" s="1"><x:v>45322</x:v></x:c><x:c r="D5" t="b"><x:v>1</x:v></x:c></x:row>
        <x:row r="6"><x:c r="A6" t="e"><x:v>#N/A</x:v></x:c><x:c r="B6" t="s"><x:v>10</x:v></x:c><x:c r="C6" t="str"><x:f>"="&amp;"cached"</x:f><x:v>=cached</x:v></x:c><x:c r="D6"/><x:c r="E6"><x:v>-1.5E-7</x:v></x:c></x:row>
        <x:row r="7"><x:c r="A7" t="inlineStr"><x:is><x:t>é</x:t></x:is></x:c><x:c r="B7" t="inlineStr"><x:is><x:t>a_x000D_b</x:t></x:is></x:c><x:c r="C7" t="inlineStr"><x:is><x:t>x⏎y</x:t></x:is></x:c><x:c r="D7" t="inlineStr"><x:is><x:t>_</x:t></x:is></x:c><x:c r="E7" s="0"><x:v>7</x:v></x:c></x:row>
        </x:sheetData><x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></x:worksheet>
        """;

    private const string SharedStringsXml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="11" uniqueCount="11">
        <si><t>Mã đơn vị</t></si>
        <si><r><t>Nhóm </t></r><r><rPr><b/><sz val="11"/></rPr><t>đối tượng</t></r></si>
        <si><t>Mã phiếu</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
        <si><t>Q01</t></si>
        <si><t>H-HL</t></si>
        <si><t>Người dân</t></si>
        <si><t xml:space="preserve">A</t></si>
        <si><t>H-CL</t></si>
        <si><t>Doanh nghiệp</t></si>
        <si><t>dòng&#10;một</t></si>
        <si><t>x_x000D_y</t></si>
        </sst>
        """;

    private static void WriteExcelStyle(string path, string sheet = SheetXml)
    {
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
                """,
            ["_rels/.rels"] = $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """,
            ["xl/workbook.xml"] = $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="Phiếu" sheetId="2" r:id="rId2"/><sheet name="Khác" sheetId="1" r:id="rId1"/></sheets></workbook>
                """,
            ["xl/_rels/workbook.xml.rels"] = $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """,
            ["xl/styles.xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                """,
            ["xl/sharedStrings.xml"] = SharedStringsXml,
            ["xl/worksheets/sheet1.xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>not read</t></is></c></row></sheetData></worksheet>
                """,
            ["xl/worksheets/sheet2.xml"] = sheet.Replace("⏎", "\r", StringComparison.Ordinal),
        };
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, xml) in parts)
        {
            using var stream = zip.CreateEntry(name).Open();
            // Excel's parts start with the declaration on the first line and use CRLF between lines.
            stream.Write(new UTF8Encoding(false).GetBytes(xml.Replace("\n", "\r\n")));
        }
    }
}
