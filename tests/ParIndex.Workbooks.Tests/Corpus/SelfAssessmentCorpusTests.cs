using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using NUnit.Framework;
using ParIndex.Workbooks.Safety;
using ParIndex.Workbooks.SelfAssessment;
using ParIndex.Workbooks.Tests.SelfAssessment;
using static ParIndex.Workbooks.Tests.SelfAssessment.SelfAssessmentFixture;
using G = ParIndex.Workbooks.Safety.GuardTexts;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.Tests.Corpus;

/// <summary>
/// The bad-input corpus of self-assessment workbooks: every kind a focal point's machine or a hostile
/// sender can produce, built with the real libraries. Each is refused with its exact located message and
/// nothing accepted, or (the last group) read exactly as the clean workbook.
/// </summary>
public class SelfAssessmentCorpusTests
{
    private const string File = "H-HL.xlsx";
    private const string Sheet = S.SheetName;

    /// <summary>A spoiled workbook and every problem it must get, as "file!sheet!cell: message".</summary>
    public sealed record Case(string Name, Func<Built> Build, WorkbookLimits? Limits = null)
    {
        public override string ToString() => Name;
    }

    public sealed record Built(byte[] Workbook, string[] Expected, string FileName = File);

    private static byte[] Valid() => OpenTemplate().FillValid().Save();

    private static Built Refused(byte[] workbook, string reason, string fileName = File) => new(workbook, [$"{fileName}: {reason}"], fileName);

    /// <summary>The valid workbook with <paramref name="spoil"/> applied; the expected lines get the cells it returns.</summary>
    private static Built Spoiled(Func<SelfAssessmentFiller, string[]> spoil)
    {
        using var f = OpenTemplate().FillValid();
        var expected = spoil(f);
        return new(f.Save(), expected);
    }

    private static string At(SelfAssessmentFiller f, string code, string header) => f.Cell(code, header).Address.ToStringRelative();

    private static string Cell(string cell, string message) => $"{File}!{Sheet}!{cell}: {message}";

    private static IXLCell Named(SelfAssessmentFiller f, string name) => f.Workbook.NamedRange(name)!.Ranges.Single().FirstCell();

    public static IEnumerable<Case> Refusals() =>
    [
        // ---- Not a workbook at all ------------------------------------------------------------------
        new("empty file", () => Refused([], "Tệp trống (0 byte); hãy chọn đúng tệp bảng tính .xlsx rồi gửi lại")),
        new("plain text", () => Refused("Mã tiêu chí;Giá trị\n1.1.1;Có"u8.ToArray(),
            "Tệp không phải bảng tính Excel dạng .xlsx; hãy mở tệp bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"")),
        new("a PDF renamed .xlsx", () => Refused("%PDF-1.7\n%âãÏÓ\n1 0 obj"u8.ToArray(), G.NotAZip)),
        new("truncated download", () => { var v = Valid(); return Refused(v[..(v.Length / 2)], G.Truncated); }),
        new("central directory broken", () => Refused(HostileFiles.BreakDirectory(Valid()), G.Corrupt)),
        new("zip of other files", () => Refused(HostileFiles.Zip([("readme.txt", "xin chào"u8.ToArray())]),
            "Tệp là một tệp nén nhưng không phải bảng tính Excel (.xlsx); hãy mở bảng tính bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"")),
        new("encrypted with a password", () => Refused(HostileFiles.EncryptedXlsx(),
            "Tệp được đặt mật khẩu mở (mã hoá) nên phần mềm không đọc được; hãy bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại")),
        new("macro-enabled .xlsm", () => Refused(Valid(), G.Macro, "H-HL.xlsm")),
        new("vbaProject inside an .xlsx", () => Refused(HostileFiles.AddParts(Valid(), ("xl/vbaProject.bin", new byte[2048])), G.Macro)),
        new("file over the size limit", () => Refused(Valid(), G.FileTooLarge(Valid().Length, 4096)), new WorkbookLimits { MaxFileBytes = 4096 }),

        // ---- Zip bombs --------------------------------------------------------------------------------
        new("bomb by ratio: 15 MB of spaces in the sheet", () =>
        {
            var path = Path.Combine(Path.GetTempPath(), "parindex-bomb-" + Guid.NewGuid().ToString("N") + ".xlsx");
            try
            {
                HostileFiles.WriteWithLargePart(path, Valid(), HostileFiles.SheetPart, "<?xml version=\"1.0\"?>", " ", 15L * 1024 * 1024, "");
                return Refused(System.IO.File.ReadAllBytes(path), G.Ratio(HostileFiles.SheetPart, 200));
            }
            finally { System.IO.File.Delete(path); }
        }),
        new("bomb by size: a part over the limit, compressing like real data", () =>
        {
            var random = new Random(7);
            var text = string.Concat(Enumerable.Range(0, 300_000).Select(_ => random.Next(0, 1_000_000).ToString("D6")));
            return Refused(HostileFiles.AddParts(Valid(), ("xl/media/notes.xml", Encoding.UTF8.GetBytes("<n>" + text + "</n>"))),
                G.EntryTooLarge("xl/media/notes.xml", 0, 1024 * 1024));
        }, new WorkbookLimits { MaxEntryBytes = 1024 * 1024 }),
        new("bomb by total: many parts each under the limit", () =>
        {
            var part = Encoding.UTF8.GetBytes("<n>" + new string('7', 900_000) + "</n>");
            return Refused(HostileFiles.AddParts(Valid(), Enumerable.Range(1, 5).Select(i => ($"xl/media/p{i}.xml", part)).ToArray()),
                G.TotalTooLarge(0, 3 * 1024 * 1024));
        }, new WorkbookLimits { MaxTotalBytes = 3 * 1024 * 1024, MaxRatio = 100_000 }),
        new("central directory lies about the sheet's size", () =>
        {
            var sheet = HostileFiles.Parts(Valid()).Single(p => p.Name == HostileFiles.SheetPart).Content.Length;
            return Refused(HostileFiles.LieAboutSize(Valid(), HostileFiles.SheetPart, 1000), G.LyingSize(HostileFiles.SheetPart, 1000));
        }),
        new("a thousand and one parts", () =>
            Refused(HostileFiles.AddParts(Valid(), Enumerable.Range(0, 1001).Select(i => ($"xl/media/x{i}.bin", new byte[1])).ToArray()),
                G.TooManyEntries(1001 + HostileFiles.Parts(Valid()).Count, 1000))),
        new("1M rows", () =>
        {
            var path = Path.Combine(Path.GetTempPath(), "parindex-rows-" + Guid.NewGuid().ToString("N") + ".xlsx");
            try
            {
                var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
                HostileFiles.WriteWithLargePart(path, Valid(), HostileFiles.SheetPart, head, "<row><c t=\"inlineStr\"><is><t>1.1.1</t></is></c></row>",
                    1_000_000, "</sheetData></worksheet>");
                return Refused(System.IO.File.ReadAllBytes(path), G.EntryTooLarge(HostileFiles.SheetPart, 0, 20 * 1024 * 1024));
            }
            finally { System.IO.File.Delete(path); }
        }),

        // ---- XML that would make a parser fetch or expand --------------------------------------------
        new("XXE: external entity in the sheet", () => Refused(HostileFiles.ReplacePart(Valid(), HostileFiles.SheetPart, x =>
            HostileFiles.WithDoctype(x, "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>").Replace("<x:t>", "<x:t>&xxe;", StringComparison.Ordinal)),
            "Phần xl/worksheets/sheet1.xml của tệp có khai báo DTD hoặc thực thể (<!DOCTYPE>, <!ENTITY>), điều bảng tính Excel không có; tệp không được mở")),
        new("billion laughs in the shared strings", () => Refused(HostileFiles.ReplacePart(Valid(), "xl/sharedStrings.xml", x =>
            HostileFiles.WithDoctype(x, "<!DOCTYPE sst [<!ENTITY a \"hahahahaha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>")
             .Replace("<x:t>", "<x:t>&f;", StringComparison.Ordinal)), G.Dtd("xl/sharedStrings.xml"))),
        new("external DTD in the content types", () => Refused(HostileFiles.ReplacePart(Valid(), "[Content_Types].xml", x =>
            HostileFiles.WithDoctype(x, "<!DOCTYPE Types SYSTEM \"http://example.invalid/x.dtd\">")), G.Dtd("[Content_Types].xml"))),
        new("XXE in UTF-16, past a byte search", () =>
        {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>";
            return Refused(HostileFiles.ReplacePart(Valid(), HostileFiles.SheetPart, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray()),
                G.Dtd(HostileFiles.SheetPart));
        }),
        new("workbook part is not XML", () => Refused(HostileFiles.ReplacePart(Valid(), "xl/workbook.xml", "PK\u0003\u0004 rác"u8.ToArray()), G.BadXml("xl/workbook.xml"))),

        // ---- A workbook, opened: cells the reader must locate ------------------------------------------
        new("formula with a cached #REF! in an input", () =>
        {
            // ClosedXML writes no cached values: the error is put into the sheet XML as Excel saves it.
            var spoiled = Spoiled(f =>
            {
                f.Cell("2.2", S.Value).FormulaA1 = "Z99";
                return [Cell(At(f, "2.2", S.Value), "Ô Giá trị của tiêu chí 2.2 chứa công thức bị lỗi (#REF!); hãy nhập giá trị trực tiếp")];
            });
            var sheetPart = HostileFiles.Parts(spoiled.Workbook).First(p => Encoding.UTF8.GetString(p.Content).Contains("<x:f>Z99</x:f>", StringComparison.Ordinal)).Name;
            return spoiled with
            {
                Workbook = HostileFiles.ReplacePart(spoiled.Workbook, sheetPart, x => System.Text.RegularExpressions.Regex.Replace(x,
                    "<x:c r=\"([A-Z]+[0-9]+)\"( s=\"[0-9]+\")?[^>]*><x:f>Z99</x:f>(<x:v>[^<]*</x:v>)?</x:c>",
                    "<x:c r=\"$1\"$2 t=\"e\"><x:f>#REF!</x:f><x:v>#REF!</x:v></x:c>")),
            };
        }),
        new("error value #DIV/0! typed in an input", () => Spoiled(f =>
        {
            f.Cell("1.1.3", S.SelfScore).SetValue("#DIV/0!");
            return [Cell(At(f, "1.1.3", S.SelfScore), "Ô Điểm tự chấm của tiêu chí 1.1.3 chứa công thức bị lỗi (#DIV/0!); hãy nhập giá trị trực tiếp")];
        })),
        new("formula without a cached value", () => Spoiled(f =>
        {
            f.Cell("TP.1", S.Value).FormulaA1 = "1+2";
            return [Cell(At(f, "TP.1", S.Value), "Ô Giá trị của tiêu chí TP.1 chứa công thức chưa có giá trị tính sẵn; hãy nhập giá trị trực tiếp, không dùng công thức")];
        })),
        new("a date where a number belongs", () => Spoiled(f =>
        {
            f.Cell("2.1", S.Value).SetValue(new DateTime(2024, 9, 5));
            return [Cell(At(f, "2.1", S.Value), "Ô Giá trị của tiêu chí 2.1 đã bị đổi thành ngày tháng; hãy định dạng ô là số hoặc văn bản và nhập lại")];
        })),
        new("merged input cells", () => Spoiled(f =>
        {
            f.Sheet.Range(f.Cell("1.1.3", S.Value), f.Cell("1.1.3", S.SelfScore)).Merge();
            return [Cell(At(f, "1.1.3", S.SelfScore), "Thiếu Điểm tự chấm của tiêu chí 1.1.3 (nhập điểm từ 0 đến 3)")];
        })),
        new("sheet renamed", () => Spoiled(f =>
        {
            f.Sheet.Name = "Sheet1";
            return [$"{File}: {SelfAssessmentTexts.MissingSheet}"];
        })),
        new("wrong unit", () => Spoiled(f =>
        {
            Named(f, S.UnitName).SetValue("H-CL");
            return [Cell(Named(f, S.UnitName).Address.ToStringRelative(),
                "Phiếu này là của đơn vị H-CL, không phải của UBND huyện Hữu Lũng (H-HL); hãy nộp đúng phiếu của đơn vị")];
        })),
        new("wrong year", () => Spoiled(f =>
        {
            Named(f, S.YearName).SetValue("2023");
            return [Cell(Named(f, S.YearName).Address.ToStringRelative(), "Phiếu này lập cho năm 2023, không phải năm 2024; hãy tải mẫu năm 2024")];
        })),
        new("wrong criteria version", () => Spoiled(f =>
        {
            Named(f, S.CriteriaVersionName).SetValue("2023.2");
            return [Cell(Named(f, S.CriteriaVersionName).Address.ToStringRelative(),
                "Phiếu này lập theo bộ tiêu chí phiên bản 2023.2, phiên bản hiện hành là 2024.1; hãy tải mẫu mới và nhập lại")];
        })),
        new("wrong group", () => Spoiled(f =>
        {
            Named(f, S.GroupName).SetValue("communes");
            return [Cell(Named(f, S.GroupName).Address.ToStringRelative(), "Phiếu này lập theo bộ tiêu chí khối communes, không phải khối districts; hãy tải mẫu mới")];
        })),
        new("duplicate code", () => Spoiled(f =>
        {
            var first = At(f, "1.1.2", S.Code);
            f.Cell("1.1.3", S.Code).SetValue("1.1.2");
            return
            [
                Cell(At(f, "1.1.3", S.Code), $"Mã tiêu chí 1.1.2 xuất hiện nhiều lần (đã có ở ô {first}); mỗi tiêu chí chỉ một dòng"),
                Cell("-", "").Replace("!-: ", ": ", StringComparison.Ordinal) + "Thiếu dòng của tiêu chí 1.1.3 (Kiểm tra CCHC); không xoá dòng, hãy tải mẫu mới nếu cần",
            ];
        })),
        new("unknown code", () => Spoiled(f =>
        {
            var below = f.Cell("TP.2", S.Code).CellBelow();
            below.SetValue("9.9");
            return [Cell(below.Address.ToStringRelative(), "Mã tiêu chí 9.9 không có trong bộ tiêu chí phiên bản 2024.1; không thêm hay sửa mã tiêu chí")];
        })),
        new("code turned into a number", () => Spoiled(f =>
        {
            f.Cell("1.10", S.Code).SetValue(1.1);
            return [Cell(At(f, "1.10", S.Code),
                "Mã tiêu chí 1,1 đã bị đổi thành dạng số (không còn phân biệt được 1.1 với 1.10); hãy ghi lại mã dạng văn bản đúng như mẫu")];
        })),
        new("16k columns: a value in XFD", () => Spoiled(f =>
        {
            f.Sheet.Cell(f.Cell("1.1.1", S.Code).Address.RowNumber, 16384).SetValue("rác ở cột cuối");
            f.Set("1.1.1", value: "Tốt");
            return [Cell(At(f, "1.1.1", S.Value), "Giá trị \"Tốt\" không phải một mức của tiêu chí 1.1.1 (chọn một trong: Kịp thời, Không kịp thời, Không ban hành)")];
        })),
        new("a code in the last of 1,048,576 rows", () => Spoiled(f =>
        {
            f.Sheet.Cell(1_048_576, f.Cell("1.1.1", S.Code).Address.ColumnNumber).SetValue("1.1.1");
            return [Cell($"{f.Cell("1.1.1", S.Code).Address.ColumnLetter}1048576",
                $"Mã tiêu chí 1.1.1 xuất hiện nhiều lần (đã có ở ô {At(f, "1.1.1", S.Code)}); mỗi tiêu chí chỉ một dòng")];
        })),
    ];

    [TestCaseSource(nameof(Refusals))]
    public void Refused_ExactLocatedMessage_NothingAccepted(Case c)
    {
        var built = c.Build();
        var result = SelfAssessmentReader.Read(new MemoryStream(built.Workbook, writable: false), built.FileName, Set, Unit, c.Limits);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Select(p => p.ToString()), Is.EqualTo(built.Expected));
            Assert.That(result.Value, Is.Null, "nothing of a refused workbook is returned");
            Assert.That(result.Accepted, Is.False);
        });
    }

    public static IEnumerable<Case> Acceptances() =>
    [
        new("diacritics decomposed (NFD), as macOS writes them", () => Spoiled(f =>
        {
            f.Set("1.1.1", value: "Không kịp thời".Normalize(NormalizationForm.FormD));
            f.Set("1.1.2", value: "Có".Normalize(NormalizationForm.FormD));
            return [];
        })),
        new("stray spaces around values and codes", () => Spoiled(f =>
        {
            f.Cell("1.1.1", S.Value).SetValue("  Không   kịp thời ");
            f.Cell("1.1.2", S.Value).SetValue(" Có\u00A0");
            f.Cell("1.1.3", S.Code).SetValue(" 1.1.3 ");
            return [];
        })),
        new("the sheet hidden", () => Spoiled(f =>
        {
            f.Workbook.Worksheet(S.GuideSheetName).SetTabActive();
            f.Sheet.Hide();
            return [];
        })),
    ];

    [TestCaseSource(nameof(Acceptances))]
    public void Accepted_ReadsAsTheCleanWorkbook(Case c)
    {
        var clean = Read(Valid());
        var built = c.Build();
        var result = Read(built.Workbook);
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Select(p => p.ToString()), Is.EqualTo(clean.Problems.Select(p => p.ToString())));
            Assert.That(result.Accepted, Is.True);
            Assert.That(JsonSerializer.Serialize(result.Value), Is.EqualTo(JsonSerializer.Serialize(clean.Value)));
        });
    }

    [Test]
    public void ForwardOnlyStream_ReadLikeAFile_AndAnOversizedOneRefused()
    {
        var clean = Read(Valid());
        var streamed = SelfAssessmentReader.Read(new Survey.ForwardOnlyStream(new MemoryStream(Valid())), File, Set, Unit);
        var oversized = SelfAssessmentReader.Read(new Survey.ForwardOnlyStream(new MemoryStream(Valid())), File, Set, Unit,
            new WorkbookLimits { MaxFileBytes = 1000 });
        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(streamed.Value), Is.EqualTo(JsonSerializer.Serialize(clean.Value)));
            Assert.That(oversized.Problems.Select(p => p.ToString()), Is.EqualTo(new[] { $"{File}: {G.FileTooLarge(1001, 1000)}" }));
        });
    }

    [Test]
    [Category("LibreOffice")]
    public void ResavedByLibreOffice_ReadsAsTheCleanWorkbook_AndItsXlsIsRefused()
    {
        using var tmp = new TempFolder();
        var clean = Read(Valid());
        var resaved = Read(LibreOfficeRoundTripTests.Resave(tmp, Valid()));
        var xls = LibreOfficeRoundTripTests.Resave(tmp, Valid(), "xls");
        var legacy = SelfAssessmentReader.Read(new MemoryStream(xls), "H-HL.xls", Set, Unit);
        Assert.Multiple(() =>
        {
            Assert.That(resaved.Accepted, Is.True, string.Join("\n", resaved.Problems));
            Assert.That(JsonSerializer.Serialize(resaved.Value), Is.EqualTo(JsonSerializer.Serialize(clean.Value)));
            Assert.That(legacy.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            {
                "H-HL.xls: Tệp là bảng tính Excel 97–2003 (.xls); phần mềm chỉ nhận .xlsx: hãy mở bằng Excel và lưu lại dạng \"Sổ làm việc Excel (.xlsx)\"",
            }));
            Assert.That(legacy.Value, Is.Null);
        });
    }

    /// <summary>
    /// The issue's bomb: a 1 GiB sheet XML in a file of about a megabyte. Refused from the central directory,
    /// and, with the directory lying, after inflating no more than it declared; the process's peak memory
    /// stays far under 1 GiB and what was allocated is given back.
    /// </summary>
    [Test]
    public void GigabyteBomb_RefusedWithBoundedMemory_HonestOrLyingDirectory()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("bomb.xlsx");
        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
        HostileFiles.WriteWithLargePart(path, Valid(), HostileFiles.SheetPart, head, "<row/>", 1024L * 1024 * 1024 / 6, "</sheetData></worksheet>");
        var bomb = System.IO.File.ReadAllBytes(path);
        var lying = HostileFiles.LieAboutSize(bomb, HostileFiles.SheetPart, 4096);

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var honest = SelfAssessmentReader.Read(new MemoryStream(bomb), "bomb.xlsx", Set, Unit);
        var lied = SelfAssessmentReader.Read(new MemoryStream(lying), "bomb.xlsx", Set, Unit);
        watch.Stop();
        var allocatedWhileRefusing = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        TestContext.Out.WriteLine($"bomb file {bomb.Length / 1024} KiB; refused twice in {watch.ElapsedMilliseconds} ms; allocated {allocatedWhileRefusing / 1024} KiB; "
            + $"managed heap {before / 1024 / 1024} -> {after / 1024 / 1024} MiB; process peak working set {peak / 1024 / 1024} MiB");

        Assert.Multiple(() =>
        {
            Assert.That(bomb.Length, Is.LessThan(8 * 1024 * 1024), "a small file");
            Assert.That(honest.Problems.Select(p => p.ToString()), Is.EqualTo(new[] { "bomb.xlsx: " + G.EntryTooLarge(HostileFiles.SheetPart, 0, 20 * 1024 * 1024) }));
            Assert.That(lied.Problems.Select(p => p.ToString()), Is.EqualTo(new[] { "bomb.xlsx: " + G.LyingSize(HostileFiles.SheetPart, 4096) }));
            Assert.That(allocatedWhileRefusing, Is.LessThan(64L * 1024 * 1024), "refusing allocates little");
            Assert.That(after - before, Is.LessThan(16L * 1024 * 1024), "and keeps nothing");
            Assert.That(peak, Is.LessThan(1024L * 1024 * 1024), "the process never came near 1 GiB");
        });
    }
}
