using System.Text;
using NUnit.Framework;
using ParIndex.Scoring;
using ParIndex.Workbooks.Published;
using ParIndex.Workbooks.Tests.Survey;

namespace ParIndex.Workbooks.Tests.Published;

/// <summary>practice.md §3: annexes in the shapes provinces publish them, read as a baseline.</summary>
public class AnnexReaderTests : TempFolderTest
{
    private static readonly Unit[] Communes =
    [
        new("X-DL", "UBND xã Đồng Lạc", "communes", Until: 2024),
        new("X-TH", "UBND xã Tân Hưng", "communes", Until: 2024),
        new("P-HT", "UBND phường Hòa Thuận", "communes", Until: 2024),
    ];

    private AnnexRead Read(IEnumerable<object?[]> rows, IReadOnlyList<Unit>? units = null)
    {
        var path = PathOf("communes.xlsx");
        SurveyFixtures.WriteWithClosedXml(path, rows, "Phụ lục");
        using var stream = File.OpenRead(path);
        return AnnexReader.Read(stream, "2024/published/communes.xlsx", "communes", units ?? Communes, set: null);
    }

    [Test]
    public void Read_WithCodesIndexRankAndClass_GivesEachUnitsPublishedResult()
    {
        var read = Read(
        [
            ["PHỤ LỤC: KẾT QUẢ CHỈ SỐ CCHC NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG"],
            ["(Kèm theo Quyết định số 310/QĐ-UBND ngày 20/02/2025)"],
            [],
            ["STT", "Mã đơn vị", "Đơn vị", "Chỉ số (%)", "Xếp hạng", "Xếp loại"],
            [1.0, "P-HT", "UBND phường Hòa Thuận", 91.25, 1.0, "Tốt"],
            [2.0, "X-DL", "UBND xã Đồng Lạc", 85.5, 2.0, "Khá"],
            [3.0, "x-th", "UBND xã Tân Hưng", 77.9, 3.0, "Trung bình"],
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(read.Problems.Select(p => p.ToString()), Is.Empty);
            var th = read.Results.Single(r => r.UnitCode == "X-TH");
            Assert.That((th.Index, th.Rank, th.Class, th.Source), Is.EqualTo((77.9m, 3, "Trung bình", PreviousSource.Annex)));
            Assert.That(read.Summary!.MeanIndex, Is.EqualTo(84.88m)); // (91.25 + 85.5 + 77.9) / 3 = 84.883…
            Assert.That(read.Summary.ClassCounts.Single(c => c.Key == "Khá").Value, Is.EqualTo(1));
        });
    }

    [Test]
    public void Read_ByNameWithoutCodes_IgnoresCaseUbndPrefixAndDecomposedText()
    {
        // Names typed without «UBND», in capitals, and one in decomposed Unicode (NFD) as some tools export.
        var read = Read(
        [
            ["TT", "Đơn vị", "Tổng điểm", "Điểm tối đa"],
            [1.0, "PHƯỜNG HÒA THUẬN", 73.0, 80.0],
            [2.0, "xã Đồng Lạc".Normalize(NormalizationForm.FormD), 85.5, 100.0],
            [3.0, "UBND  Xã Tân   Hưng", "77,9", 100.0],
            [null, "Bình quân", null, null],
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(read.Problems.Select(p => p.ToString()), Is.Empty);
            Assert.That(read.Results.Single(r => r.UnitCode == "P-HT").Index, Is.EqualTo(91.25m), "73 of 80 points");
            Assert.That(read.Results.Single(r => r.UnitCode == "X-DL").Index, Is.EqualTo(85.5m));
            Assert.That(read.Results.Single(r => r.UnitCode == "X-TH").Index, Is.EqualTo(77.9m), "a decimal comma typed as text");
            Assert.That(read.Results.Select(r => (r.UnitCode, r.Rank)), Is.EqualTo(new[] { ("P-HT", (int?)1), ("X-DL", 2), ("X-TH", 3) }),
                "ranked from the indices when the annex has no «Hạng»");
            Assert.That(read.Results.All(r => r.Class is null), Is.True, "no class invented without a criteria set");
        });
    }

    [Test]
    public void Read_UnmatchedRowAndUnitWithoutRow_AreListedAndNothingIsUsed()
    {
        var read = Read(
        [
            ["Mã đơn vị", "Đơn vị", "Chỉ số"],
            ["X-DL", "UBND xã Đồng Lạc", 85.5],
            [null, "UBND xã Không Có", 80.0],
            ["X-ZZ", "UBND xã Lạ", 70.0],
            ["X-DL", "UBND xã Đồng Lạc", 86.0],
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(read.Accepted, Is.False);
            Assert.That(read.Results, Is.Empty);
            Assert.That(read.Summary, Is.Null);
            Assert.That(read.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            {
                "2024/published/communes.xlsx!Phụ lục!B3: Tên đơn vị \"UBND xã Không Có\" không khớp đơn vị nào của Khối UBND cấp xã trong năm của phụ lục (so theo tên, không phân biệt hoa thường và tiền tố «UBND»)",
                "2024/published/communes.xlsx!Phụ lục!A4: Mã đơn vị \"X-ZZ\" không khớp đơn vị nào của Khối UBND cấp xã trong năm của phụ lục",
                "2024/published/communes.xlsx!Phụ lục!A5: Đơn vị X-DL có hai dòng trong phụ lục (dòng trước ở ô A2)",
                "2024/published/communes.xlsx!Phụ lục: Đơn vị P-HT (UBND phường Hòa Thuận) không có dòng nào trong phụ lục",
                "2024/published/communes.xlsx!Phụ lục: Đơn vị X-TH (UBND xã Tân Hưng) không có dòng nào trong phụ lục",
            }));
        });
    }

    [Test]
    public void Read_NoHeader_SaysWhichColumnsAreNeeded()
    {
        var read = Read([["Tên", "Điểm"], ["X-DL", 85.5]]);
        Assert.That(read.Problems.Single().Message, Does.StartWith("Không tìm thấy dòng tiêu đề của phụ lục"));
    }

    [Test]
    public void Read_IndexAbove100_IsLocatedError()
    {
        var read = Read([["Mã đơn vị", "Chỉ số"], ["X-DL", 185.5], ["X-TH", 80.0], ["P-HT", 90.0]]);
        Assert.That(read.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            { "2024/published/communes.xlsx!Phụ lục!B2: Chỉ số \"185.5\" không hợp lệ: cần một số từ 0 đến 100" }));
    }
}
