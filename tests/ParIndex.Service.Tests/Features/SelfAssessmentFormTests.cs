using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Workbooks.SelfAssessment;

namespace ParIndex.Service.Tests.Features;

/// <summary>
/// The web form and the workbook are two doors to one submission (practice.md §6): the same reading, the same
/// messages (naming the criterion instead of the cell), drafts kept per round and unit; on SQLite and PostgreSQL.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
[NonParallelizable]
public class SelfAssessmentFormTests(DatabaseProvider provider)
{
    private HandlerHost _handlers = null!;
    private int _round;
    private readonly Actor _focal = new("focal-hl@test", ActorRole.FocalPoint, "H-HL");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _handlers = await HandlerHost.StartAsync(TestDatabase.Create(provider));
        await _handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
        _round = await _handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
        await _handlers.Send(new SetRoundStage(Actor.System, _round, RoundStage.SelfAssessment, "chuẩn bị kiểm thử"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _handlers.DisposeAsync();

    private static string Workbook => Path.Combine(HandlerHost.Samples, "2024", "self-assessments", "H-HL.xlsx");

    private async Task<Dictionary<string, FormEntry>> EntriesOfTheWorkbookAsync()
    {
        var form = await _handlers.Send(new GetSelfAssessmentForm(_focal, _round, "H-HL"));
        return form.Lines.Where(l => l.IsLeaf && !l.IsSurvey).ToDictionary(l => l.Code, l => l.Entry);
    }

    [Test]
    public async Task TheFormSubmitted_WithTheWorkbooksEntries_IsTheSameAssessment_AndANewRevision()
    {
        var uploaded = await _handlers.Send(new UploadSelfAssessment(_focal, _round, "H-HL", "H-HL.xlsx", await File.ReadAllBytesAsync(Workbook)));
        Assert.That(uploaded.Accepted, Is.True);
        // The form opens with the current submission's entries (the upload is newer than any draft), locked until the
        // unit withdraws it.
        var entries = await EntriesOfTheWorkbookAsync();
        Assert.That((await _handlers.Send(new GetSelfAssessmentForm(_focal, _round, "H-HL"))).CanEdit, Is.False);
        await _handlers.Send(new WithdrawSubmission(_focal, _round, "H-HL"));
        Assert.That(await EntriesOfTheWorkbookAsync(), Is.EquivalentTo(entries), "withdrawn, the form keeps what was submitted");

        var submitted = await _handlers.Send(new SubmitSelfAssessmentForm(_focal, _round, "H-HL", entries));
        Assert.That(submitted.Submitted, Is.Not.Null, string.Join("\n", submitted.Problems.Select(p => p.Message)));
        var (fromWorkbook, fromForm) = await _handlers.Query(async db =>
        {
            var rows = await db.Submissions.Where(s => s.Id == uploaded.Id || s.Id == submitted.Submitted!.Id).OrderBy(s => s.Revision).ToListAsync();
            return (JsonSerializer.Deserialize<UnitAssessment>(rows[0].AssessmentJson!, JsonSerializerOptions.Web)!,
                JsonSerializer.Deserialize<UnitAssessment>(rows[1].AssessmentJson!, JsonSerializerOptions.Web)!);
        });
        Assert.Multiple(() =>
        {
            Assert.That(submitted.Submitted!.Revision, Is.EqualTo(uploaded.Revision + 1));
            Assert.That(submitted.Submitted.Current, Is.True);
            Assert.That(fromForm.Leaves.Keys, Is.EquivalentTo(fromWorkbook.Leaves.Keys));
            foreach (var (code, leaf) in fromWorkbook.Leaves)
                Assert.That(fromForm.Leaves[code], Is.EqualTo(leaf), code);
        });
        // The form's submission is a workbook the reader accepts, like an upload.
        var file = await _handlers.Send(new DownloadSubmission(_focal, submitted.Submitted!.Id));
        Assert.That(file.ContentType, Is.EqualTo(FileDto.Xlsx));
    }

    [Test]
    public async Task ARejectedValue_GetsTheWorkbooksMessage_ForItsField_AndNothingIsSubmitted()
    {
        var entries = await EntriesOfTheWorkbookAsync();
        if ((await _handlers.Send(new GetSelfAssessmentForm(_focal, _round, "H-HL"))).Standing is not null)
            await _handlers.Send(new WithdrawSubmission(_focal, _round, "H-HL"));
        var leaf = entries.First(e => e.Value.Value is not null && !decimal.TryParse(e.Value.Value, out _)).Key; // a level or yes/no leaf
        entries[leaf] = entries[leaf] with { Value = "Rất kịp thời" };
        var before = await _handlers.Query(db => db.Submissions.CountAsync());

        var form = await _handlers.Send(new SubmitSelfAssessmentForm(_focal, _round, "H-HL", entries));

        // The same value in the workbook, read by the workbook reader.
        var set = await _handlers.Query(db => db.CriteriaSets.SingleAsync(c => c.Year == 2024 && c.Group == "districts"));
        var criteria = ParIndex.Criteria.CriteriaLoader.Load(new StringReader(set.Yaml), set.Source).Set!;
        using var filled = new MemoryStream();
        using (var filler = SelfAssessmentFiller.Open(Workbook)) { filler.Set(leaf, value: "Rất kịp thời"); filler.Save(filled); }
        filled.Position = 0;
        var unit = new ParIndex.Scoring.Unit("H-HL", "UBND huyện Hữu Lạc", "districts", Until: 2024);
        var workbookMessage = SelfAssessmentReader.Read(filled, "H-HL.xlsx", criteria, unit).Problems.Single(p => p.IsError).Message;

        Assert.Multiple(async () =>
        {
            Assert.That(form.Submitted, Is.Null);
            var problem = form.Problems.Single(p => p.IsError);
            Assert.That(problem.LeafCode, Is.EqualTo(leaf));
            Assert.That(problem.Field, Is.EqualTo(SelfAssessmentForm.ValueField));
            Assert.That(problem.Message, Is.EqualTo(workbookMessage));
            Assert.That(await _handlers.Query(db => db.Submissions.CountAsync()), Is.EqualTo(before));
            // The draft keeps what was typed, wrong value included, for the unit to fix.
            var reloaded = await _handlers.Send(new GetSelfAssessmentForm(_focal, _round, "H-HL"));
            Assert.That(reloaded.Lines.Single(l => l.Code == leaf).Entry.Value, Is.EqualTo("Rất kịp thời"));
            Assert.That(reloaded.SavedBy, Is.EqualTo(_focal.Name));
        });
    }

    [Test]
    public void AnotherUnitsFocalPoint_CannotSaveADraft()
    {
        var other = new Actor("focal-tp@test", ActorRole.FocalPoint, "H-TP");
        Assert.ThrowsAsync<ForbiddenException>(() => _handlers.Send(new SaveSelfAssessmentDraft(other, _round, "H-HL", new Dictionary<string, FormEntry>())));
    }
}
