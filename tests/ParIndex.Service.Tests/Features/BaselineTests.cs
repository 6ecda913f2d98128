using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Criteria;
using ParIndex.Data;
using ParIndex.Workbooks.Export;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// practice.md §3 in the service: a published annex imported as a year's baseline (the handler behind
/// <c>db baseline</c>, the API and the office page) serves Y+1 exactly as <c>&lt;Y&gt;/published/</c> does in a data folder.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class BaselineTests(DatabaseProvider provider)
{
    private static readonly Actor Office = new("vanphong", ActorRole.Office);
    private static readonly Actor Leader = new("lanhdao", ActorRole.Leadership);

    private HandlerHost _host = null!;
    private DatabaseOptions _imported = null!;

    private static string SampleAnnex => Path.Combine(HandlerHost.Samples, "2024", "published", "communes.xlsx");

    [OneTimeSetUp]
    public async Task ImportSamplesOnce()
    {
        var host = await HandlerHost.StartAsync(TestDatabase.Create(provider));
        await host.Send(new ImportDataFolder(Office, HandlerHost.Criteria, HandlerHost.Samples));
        _imported = host.Options;
        await host.DisposeAsync();
    }

    [SetUp]
    public async Task Start() => _host = await HandlerHost.StartAsync(TestDatabase.Clone(_imported));

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    /// <summary>An annex as a province lays it out: a title, a blank line, a header row, the units' rows.</summary>
    private static byte[] Annex(params object?[][] rows)
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.AddWorksheet("Phụ lục");
        ws.Cell(1, 1).SetValue("PHỤ LỤC: KẾT QUẢ CHỈ SỐ CCHC NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG");
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = ws.Cell(r + 3, c + 1);
                switch (rows[r][c])
                {
                    case null: break;
                    case string s: cell.SetValue(s); break;
                    case double d: cell.SetValue(d); break;
                    case int i: cell.SetValue(i); break;
                }
            }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static JsonNode Unit(string json, string code) => JsonNode.Parse(json)!["groups"]!.AsArray()
        .SelectMany(g => g!["units"]!.AsArray()).Single(u => (string)u!["unitCode"]! == code)!;

    [Test]
    public async Task ImportBaseline_SampleAnnex_Year2025JsonIsTheDataFolderRunsJson()
    {
        var done = await _host.Send(new ImportBaseline(Office, 2024, "communes", "communes.xlsx", File.ReadAllBytes(SampleAnnex)));
        await _host.Send(new ComputeRanking(Office, 2025));
        var service = (await _host.Send(new GetRanking(Office, 2025))).ToJson();

        var catalog = CriteriaCatalog.Load(HandlerHost.Criteria);
        var units = UnitsLoader.LoadFile(Path.Combine(HandlerHost.Samples, "units.yaml")).Units;
        // The service holds no contractor's aggregated results yet (2025/survey-results): the folder compared is the
        // samples without them, so that the two differ only in where the 2024 annex comes from.
        var folder = Path.Combine(Path.GetTempPath(), "parindex-baseline-" + Guid.NewGuid().ToString("N"));
        CopyFolder(HandlerHost.Samples, folder);
        Directory.Delete(Path.Combine(folder, "2025", "survey-results"), recursive: true);
        YearComputation batch;
        try
        {
            batch = ComputeYear.Run(catalog, units, new DataFolder(folder), 2025);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        using var stream = new MemoryStream();
        RankingJson.Write(stream, WriteExports.Report(batch));
        var snapshot = await _host.Query(db => db.Results.Where(r => r.Year == 2025).OrderByDescending(r => r.Id).Select(r => r.InputsJson).FirstAsync());
        Assert.Multiple(() =>
        {
            Assert.That((done.Year, done.Group, done.Units), Is.EqualTo((2024, "communes", 6)));
            Assert.That(batch.Baselines.Select(b => b.Group), Is.EqualTo(new[] { "communes" }), "the folder's run read the annex");
            Assert.That(service, Is.EqualTo(Encoding.UTF8.GetString(stream.ToArray())));
            Assert.That((string)Unit(service, "X-DL")["previous"]!["source"]!, Is.EqualTo("annex"));
            Assert.That(YearInputs.FromJson(snapshot).Baselines.Select(b => (b.Group, b.Year, b.Results.Count)),
                Is.EqualTo(new[] { ("communes", 2024, 6) }), "a stored result reads the same baseline again");
        });
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Test]
    public async Task WithoutBaseline_CommunesHaveNoPreviousValues()
    {
        await _host.Send(new ComputeRanking(Office, 2025));
        var json = (await _host.Send(new GetRanking(Office, 2025))).ToJson();
        Assert.That((string)Unit(json, "X-DL")["previous"]!["basis"]!, Is.EqualTo("new").Or.EqualTo("none"),
            "the import is what gives the communes their 2024 values");
        Assert.That(Unit(json, "X-DL")["previous"]!["index"], Is.Null);
    }

    public static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData((object)new object?[][]
        {
            ["STT", "Mã đơn vị", "Tên đơn vị", "Chỉ số (%)", "Xếp hạng", "Xếp loại"],
            [1, "P-HT", "UBND phường Hòa Thuận", 88.4, 1, "Khá"],
            [2, "x-dl", "UBND xã Đồng Lạc", 86.75, 2, "Khá"],
            [3, "P-HD", "UBND phường Hòa Đông", 85.13, 3, "Khá"],
            [4, "X-AT", "UBND xã An Thịnh", 79.5, 4, "Trung bình"],
            [5, "X-DX", "UBND xã Đồng Xuân", 77.9, 5, "Trung bình"],
            [6, "X-AH", "UBND xã An Hòa", 71.25, 6, "Trung bình"],
        }).SetName("codes, Chỉ số, Hạng and Xếp loại");
        yield return new TestCaseData((object)new object?[][]
        {
            ["TT", "Đơn vị", "Tổng điểm", "Điểm tối đa"],
            [1, "PHƯỜNG HÒA THUẬN", 88.4, 100.0],
            [2, "Xã Đồng Lạc".Normalize(NormalizationForm.FormD), 86.75, 100.0],
            [3, "UBND  phường Hòa Đông", 68.1, 80.0],
            [4, "ubnd xã an thịnh", 79.5, 100.0],
            [5, "UBND xã Đồng Xuân", 77.9, 100.0],
            [6, "UBND xã An Hòa".Normalize(NormalizationForm.FormD), 71.25, 100.0],
            [null, "Bình quân", null, null],
        }).SetName("names only, «UBND» or not, NFD, Tổng điểm and Điểm tối đa");
    }

    [TestCaseSource(nameof(Shapes))]
    public async Task ImportBaseline_ShapesProvincesPublish_GiveTheCommunesTheirPreviousValues(object?[][] rows)
    {
        await _host.Send(new ImportBaseline(Office, 2024, "communes", "phu-luc-2024.xlsx", Annex(rows)));
        await _host.Send(new ComputeRanking(Office, 2025));
        var json = (await _host.Send(new GetRanking(Office, 2025))).ToJson();
        Assert.Multiple(() =>
        {
            Assert.That((decimal)Unit(json, "X-DL")["previous"]!["index"]!, Is.EqualTo(82.33m), "(86.75 + 77.9) / 2");
            Assert.That((decimal)Unit(json, "X-AP")["previous"]!["index"]!, Is.EqualTo(75.38m), "(79.5 + 71.25) / 2");
            Assert.That((string)Unit(json, "X-AP")["previous"]!["source"]!, Is.EqualTo("annex"));
        });
    }

    [Test]
    public async Task ImportBaseline_UnmatchedRowsAndMissingUnits_AllListedAndNothingStored()
    {
        var audit = await _host.Query(db => db.Audit.CountAsync());
        var annex = Annex(
            ["TT", "Đơn vị", "Chỉ số"],
            [1, "UBND phường Hòa Thuận", 88.4],
            [2, "UBND xã Đồng Lạc", 86.75],
            [3, "UBND xã Không Có", 70.0],
            [4, "UBND xã An Thịnh", 79.5],
            [5, "UBND xã Cũng Không Có", 60.0]);
        var refused = Assert.ThrowsAsync<WorkbookRejectedException>(async () =>
            await _host.Send(new ImportBaseline(Office, 2024, "communes", "phu-luc.xlsx", annex)))!;
        var lines = refused.Problems.Select(p => p.ToString()).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.Message, Does.Contain("chưa lưu gì"));
            Assert.That(lines, Has.Some.Contains("Không Có").And.Contain("phu-luc.xlsx").And.Contain("Phụ lục").And.Contain("B6"));
            Assert.That(lines, Has.Some.Contains("Cũng Không Có").And.Contain("B8"));
            foreach (var missing in new[] { "Đồng Xuân", "An Hòa", "Hòa Đông" })
                Assert.That(lines, Has.Some.Contains(missing), "every unit without a row is listed");
            Assert.That(await _host.Query(db => db.Baselines.CountAsync()), Is.Zero);
            Assert.That(await _host.Query(db => db.Audit.CountAsync()), Is.EqualTo(audit), "nothing written, not even to the log");
        });
    }

    [Test]
    public async Task ImportBaseline_AYearComputedFromItsInputs_IsRefused()
    {
        // 2024's departments have a round with self-assessments: the annex never stands in for a computed year.
        var refused = Assert.ThrowsAsync<ConflictException>(async () =>
            await _host.Send(new ImportBaseline(Office, 2024, "departments", "so-nganh.xlsx", File.ReadAllBytes(SampleAnnex))))!;
        Assert.That(refused.Message, Does.Contain("Năm 2024 đã có vòng đánh giá"));
        Assert.That(await _host.Query(db => db.Baselines.CountAsync()), Is.Zero);
    }

    [Test]
    public void ImportBaseline_NotTheOffice_IsForbidden() =>
        Assert.ThrowsAsync<ForbiddenException>(async () =>
            await _host.Send(new ImportBaseline(Leader, 2024, "communes", "communes.xlsx", File.ReadAllBytes(SampleAnnex))));

    [Test]
    public async Task ImportBaseline_IsAuditedInWords_AndASecondImportReplacesTheFirst()
    {
        await _host.Send(new ImportBaseline(Office, 2024, "communes", "communes.xlsx", File.ReadAllBytes(SampleAnnex)));
        await _host.Send(new ImportBaseline(Office, 2024, "communes", "phu-luc-moi.xlsx", Annex(Shapes().Last().Arguments.Cast<object?[][]>().Single())));
        var entries = await _host.Send(new ListAudit(Office, new AuditFilter(Kind: AuditKind.Baseline)));
        var listed = await _host.Send(new ListBaselines(Leader));
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.What), Has.Some.StartsWith("Nhập phụ lục kết quả đã công bố năm 2024 của ")
                .And.Contains("(tệp communes.xlsx, 6 đơn vị) làm kết quả năm trước"));
            Assert.That(entries.Select(e => e.Reason), Has.Some.StartsWith("Thay phụ lục kết quả đã công bố năm 2024"));
            Assert.That(entries.Select(e => e.KindLabel).Distinct(), Is.EqualTo(new[] { "Phụ lục đã công bố" }));
            Assert.That(entries.Select(e => e.What + e.Reason), Has.None.Contains("communes ").And.None.Contains("BaselineRecord"));
            Assert.That(listed.Select(b => (b.Year, b.FileName, b.Units)), Is.EqualTo(new[] { (2024, "phu-luc-moi.xlsx", 6) }));
        });
    }
}
