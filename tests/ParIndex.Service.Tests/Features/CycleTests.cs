using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Criteria;
using ParIndex.Data;
using ParIndex.Workbooks.Export;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Features;

/// <summary>The yearly cycle through the handlers, on the sample province, on SQLite and on PostgreSQL.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public class CycleTests(DatabaseProvider provider)
{
    private static readonly Actor Office = new("vanphong", ActorRole.Office);
    private static readonly Actor Leader = new("lanhdao", ActorRole.Leadership);
    private static Actor Focal(string unit) => new("daumoi-" + unit, ActorRole.FocalPoint, unit);

    private HandlerHost _host = null!;
    private ImportSummary _import = null!;
    private DatabaseOptions _imported = null!;

    /// <summary>Imports the samples once; each test works on its own copy of that database.</summary>
    [OneTimeSetUp]
    public async Task ImportSamplesOnce()
    {
        var host = await HandlerHost.StartAsync(TestDatabase.Create(provider));
        _import = await host.Send(new ImportDataFolder(Office, HandlerHost.Criteria, HandlerHost.Samples));
        _imported = host.Options;
        await host.DisposeAsync();
    }

    [SetUp]
    public async Task Start() => _host = await HandlerHost.StartAsync(TestDatabase.Clone(_imported));

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private Task<int> RoundId(int year, string group) =>
        _host.Query(db => db.Rounds.Where(r => r.Year == year && r.Group == group).Select(r => r.Id).SingleAsync());

    private static byte[] Sample(int year, string unit) =>
        File.ReadAllBytes(Path.Combine(HandlerHost.Samples, year.ToString(System.Globalization.CultureInfo.InvariantCulture), "self-assessments", unit + ".xlsx"));

    [Test]
    public void ImportDataFolder_SampleProvince_EverythingAccepted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_import.Problems, Is.Empty);
            // 2023–2025: 2025 adds the merged departments and the communes (and their 2024 predecessors).
            Assert.That(_import.Units, Is.EqualTo(88));
            Assert.That(_import.CriteriaSets, Is.EqualTo(6));
            Assert.That(_import.Rounds, Is.EqualTo(6));
            Assert.That(_import.Submissions, Is.EqualTo(109));
            Assert.That(_import.Surveys, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task ComputeRanking_SameInputsAsTheBatchRun_GivesIdenticalJson()
    {
        await _host.Send(new ComputeRanking(Office, 2024));
        var service = (await _host.Send(new GetRanking(Office, 2024))).ToJson();

        var catalog = CriteriaCatalog.Load(HandlerHost.Criteria);
        var units = UnitsLoader.LoadFile(Path.Combine(HandlerHost.Samples, "units.yaml")).Units;
        var batch = ComputeYear.Run(catalog, units, new DataFolder(HandlerHost.Samples), 2024);
        using var stream = new MemoryStream();
        RankingJson.Write(stream, WriteExports.Report(batch));
        Assert.That(service, Is.EqualTo(Encoding.UTF8.GetString(stream.ToArray())));
    }

    [Test]
    public async Task Publish_FreezesTheYear_EveryChangeIsRefused()
    {
        var round = await RoundId(2024, "districts");
        var published = await _host.Send(new PublishRanking(Office, 2024, "QĐ 99/QĐ-UBND", new DateOnly(2025, 2, 1)));
        Assert.Multiple(() =>
        {
            Assert.That(published.PublicationNumber, Is.EqualTo(1));
            Assert.That(async () => await _host.Send(new UploadSelfAssessment(Office, round, "H-HL", "H-HL.xlsx", Sample(2024, "H-HL"))),
                Throws.TypeOf<ConflictException>());
            Assert.That(async () => await _host.Send(new RecordAppraisal(Office, round, "H-HL", "1.1.1", 0, "thử")), Throws.TypeOf<ConflictException>());
            Assert.That(async () => await _host.Send(new ComputeRanking(Office, 2024)), Throws.TypeOf<ConflictException>());
            Assert.That(async () => await _host.Send(new ImportCriteriaSet(Office, "2024/districts.yaml",
                File.ReadAllText(Path.Combine(HandlerHost.Criteria, "2024", "districts.yaml")))), Throws.TypeOf<ConflictException>());
            Assert.That(async () => await _host.Send(new ImportSurvey(Office, 2024, "x.xlsx", [1, 2, 3])), Throws.TypeOf<ConflictException>());
            Assert.That(async () => await _host.Send(new PublishRanking(Office, 2024, "QĐ 100", new DateOnly(2025, 2, 2), "lại")), Throws.TypeOf<ConflictException>());
        });
    }

    [Test]
    public async Task Correction_IsANewDatedPublication_AndTheOldStaysReadable()
    {
        var round = await RoundId(2024, "districts");
        await _host.Send(new PublishRanking(Office, 2024, "QĐ 99/QĐ-UBND", new DateOnly(2025, 2, 1)));
        var first = (await _host.Send(new GetRanking(Leader, 2024))).ToJson();

        Assert.That(async () => await _host.Send(new SetRoundStage(Office, round, RoundStage.Appraisal2)), Throws.TypeOf<ConflictException>(),
            "reopening needs a reason");
        await _host.Send(new SetRoundStage(Office, round, RoundStage.Appraisal2, "Đính chính điểm tiêu chí 1.1.1 của H-HL"));
        await _host.Send(new RecordAppraisal(Office, round, "H-HL", "1.1.1", 0, "Kế hoạch ban hành chậm, không kịp thời"));
        var correction = await _host.Send(new PublishRanking(Office, 2024, "QĐ 120/QĐ-UBND", new DateOnly(2025, 3, 1), "Đính chính điểm H-HL"));
        var list = await _host.Send(new ListPublications(Leader, 2024));
        Assert.Multiple(async () =>
        {
            Assert.That(correction.PublicationNumber, Is.EqualTo(2));
            Assert.That(list.Select(p => (p.PublicationNumber, p.Date)), Is.EqualTo(new[] { ((int?)1, (DateOnly?)new DateOnly(2025, 2, 1)), (2, new DateOnly(2025, 3, 1)) }));
            Assert.That((await _host.Send(new GetRanking(Leader, 2024, 1))).ToJson(), Is.EqualTo(first));
            Assert.That((await _host.Send(new GetRanking(Leader, 2024))).ToJson(), Is.Not.EqualTo(first));
            Assert.That(await _host.Send(new VerifyPublication(Leader, 2024, 2)), Is.True, "recomputing the stored inputs gives the identical json");
        });
    }

    [Test]
    public async Task Upload_BrokenWorkbook_KeptAsRejectedAndChangesNothingElse()
    {
        var round = await RoundId(2024, "districts");
        await _host.Send(new SetRoundStage(Office, round, RoundStage.SelfAssessment, "Mở lại để đơn vị nộp bổ sung"));
        await _host.Send(new ComputeRanking(Office, 2024));
        var before = (await _host.Send(new GetRanking(Office, 2024))).ToJson();
        var broken = Sample(2024, "H-HL");
        using (var ms = new MemoryStream())
        {
            ms.Write(broken);
            ms.Position = 0;
            using var filler = ParIndex.Workbooks.SelfAssessment.SelfAssessmentFiller.Open(ms);
            filler.Set("1.1.1", value: "Rất kịp thời");
            using var output = new MemoryStream();
            filler.Save(output);
            broken = output.ToArray();
        }
        var result = await _host.Send(new UploadSelfAssessment(Focal("H-HL"), round, "H-HL", "H-HL.xlsx", broken));
        await _host.Send(new ComputeRanking(Office, 2024));
        var submissions = await _host.Send(new ListSubmissions(Office, round, "H-HL"));
        Assert.Multiple(async () =>
        {
            Assert.That(result.Accepted, Is.False);
            Assert.That(result.Problems, Has.Some.Matches<ProblemDto>(p => p.Cell != null && p.Message.Contains("Rất kịp thời")));
            Assert.That(submissions.Select(s => (s.Revision, s.Accepted, s.Current)), Is.EqualTo(new[] { (1, true, true), (2, false, false) }));
            Assert.That((await _host.Send(new GetRanking(Office, 2024))).ToJson(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task FocalPoint_OnlyTheirOwnUnit()
    {
        var round = await RoundId(2024, "districts");
        Assert.Multiple(async () =>
        {
            Assert.That(async () => await _host.Send(new UploadSelfAssessment(Focal("H-TP"), round, "H-HL", "H-HL.xlsx", Sample(2024, "H-HL"))),
                Throws.TypeOf<ForbiddenException>());
            Assert.That(async () => await _host.Send(new GetScorecard(Focal("H-TP"), 2024, "H-HL")), Throws.TypeOf<ForbiddenException>());
            Assert.That(async () => await _host.Send(new GetRanking(Focal("H-TP"), 2024)), Throws.TypeOf<ForbiddenException>());
            Assert.That((await _host.Send(new ListUnits(Focal("H-TP")))).Select(u => u.Code), Is.EqualTo(new[] { "H-TP" }));
            Assert.That((await _host.Send(new ListSubmissions(Focal("H-TP"), round))).Select(s => s.UnitCode).Distinct(), Is.EqualTo(new[] { "H-TP" }));
            Assert.That(async () => await _host.Send(new RecordAppraisal(Leader, round, "H-HL", "1.1.1", 0, "x")), Throws.TypeOf<ForbiddenException>());
        });
    }

    [Test]
    public async Task AuditLog_RecordsWhoWhatBeforeAfterAndWhy()
    {
        var round = await RoundId(2024, "districts");
        await _host.Send(new SetRoundStage(Office, round, RoundStage.SelfAssessment, "Nhận lại bảng tự đánh giá"));
        await _host.Send(new SetRoundStage(Office, round, RoundStage.Appraisal1, "Bắt đầu thẩm định lần 1"));
        await _host.Send(new RecordAppraisal(Office, round, "H-HL", "1.1.1", 0.5m, "Ban hành chậm"));
        await _host.Send(new RecordAppraisal(Office, round, "H-HL", "1.1.1", 0.25m, "Ban hành chậm hơn 30 ngày"));
        var audit = await _host.Send(new ListAudit(Office, new AuditFilter(Kind: AuditKind.Appraisal)));
        var stage = (await _host.Send(new ListAudit(Office, new AuditFilter(Kind: AuditKind.Round, Year: 2024))))[0];
        var csv = Encoding.UTF8.GetString((await _host.Send(new ExportAudit(Office))).Content);
        Assert.Multiple(() =>
        {
            Assert.That(audit[0].What, Is.EqualTo("Sửa thẩm định lần 1 tiêu chí 1.1.1 của UBND huyện Hữu Lạc"));
            Assert.That(audit[0].Who, Is.EqualTo("kiem-thu"));
            Assert.That(audit[0].Changes, Does.Contain(new AuditChange("điểm", "0,5", "0,25")));
            Assert.That(audit[0].Changes, Does.Contain(new AuditChange("lý do", "Ban hành chậm", "Ban hành chậm hơn 30 ngày")));
            Assert.That(audit[0].Reason, Is.EqualTo("Ban hành chậm hơn 30 ngày"));
            Assert.That(audit[0].Year, Is.EqualTo(2024));
            Assert.That(audit[0].UnitCode, Is.EqualTo("H-HL"));
            Assert.That(audit[1].What, Is.EqualTo("Thẩm định lần 1 tiêu chí 1.1.1 của UBND huyện Hữu Lạc: 0,5 điểm"));
            Assert.That(stage.What, Is.EqualTo("Chuyển vòng đánh giá năm 2024 của khối UBND cấp huyện từ giai đoạn tự đánh giá sang thẩm định lần 1"));
            Assert.That(stage.Changes, Is.EqualTo(new[] { new AuditChange("giai đoạn", "Tự đánh giá", "Thẩm định lần 1") }));
            Assert.That(csv, Does.Contain("Ban hành chậm hơn 30 ngày"));
            Assert.That(async () => await _host.Send(new ListAudit(Leader)), Throws.TypeOf<ForbiddenException>());
        });
    }
}
