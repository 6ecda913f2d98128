using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Service.Tests.Features;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Api;

/// <summary>
/// The API accepts only the domain's values: an unknown stage, group or role is refused with 400 and a
/// Vietnamese problem naming the field, and nothing is stored; a published round's stage does not move.
/// </summary>
[NonParallelizable]
public class DomainValuesTests
{
    private ServiceHost _host = null!;
    private HttpClient _office = null!;
    private int _round;
    private int _published;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using (var handlers = await HandlerHost.StartAsync(database))
        {
            await handlers.Send(new ImportDataFolder(Actor.System, HandlerHost.Criteria, HandlerHost.Samples));
            _round = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2024 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            _published = await handlers.Query(db => db.Rounds.Where(r => r.Year == 2023 && r.Group == "districts").Select(r => r.Id).SingleAsync());
            await handlers.Send(new SetRoundStage(Actor.System, _published, RoundStage.Appraisal2, "chuẩn bị công bố"));
            await handlers.Send(new PublishRanking(Actor.System, 2023, "QĐ 1/QĐ-UBND", new DateOnly(2024, 3, 1)));
        }
        _host = new ServiceHost(database);
        _office = await _host.ClientAsync(Roles.Office);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _office.Dispose();
        await _host.DisposeAsync();
    }

    private Task<RoundStage> StoredStageAsync(int round) =>
        _host.WithDbAsync(db => db.Rounds.Where(r => r.Id == round).Select(r => r.Stage).SingleAsync());

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [TestCase("99")]
    [TestCase("-1")]
    [TestCase("\"SelfAsessment\"")]
    [TestCase("\"Published2\"")]
    [TestCase("\"1\"")]
    public async Task SetStage_UnknownStage_Is400NamingTheFieldAndStoresNothing(string stage)
    {
        var before = await StoredStageAsync(_round);
        var response = await _office.PutAsync($"/api/rounds/{_round}/stage",
            new StringContent($"{{\"stage\": {stage}, \"reason\": \"thử\"}}", System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Yêu cầu không hợp lệ"));
            Assert.That(detail, Does.StartWith("Trường \"stage\": Giá trị"));
            Assert.That(detail, Does.Contain("không hợp lệ: dùng một trong Open, SelfAssessment, Appraisal1, Explanation, Appraisal2, Published."));
        });
        Assert.That(await StoredStageAsync(_round), Is.EqualTo(before), "nothing stored");
    }

    [Test]
    public async Task SetStage_ByName_AsPracticeShows_MovesTheRound()
    {
        var response = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = "Explanation", reason = "chuyển giai đoạn" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var round = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(round.RootElement.GetProperty("stage").GetString(), Is.EqualTo("Explanation"), "answered as the word");
        Assert.That(await StoredStageAsync(_round), Is.EqualTo(RoundStage.Explanation));

        // Any case of the name is the same stage; moving back needs a reason.
        response = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = "selfassessment", reason = "trả lại để bổ sung" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await StoredStageAsync(_round), Is.EqualTo(RoundStage.SelfAssessment));
    }

    [Test]
    public async Task SetStage_BackWithoutAReason_Is400AndStoresNothing_WithAReason_MovesBackAndTheAuditKeepsIt()
    {
        var start = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = "SelfAssessment", reason = "bắt đầu lại" });
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.OK), await start.Content.ReadAsStringAsync());
        var forward = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = "Explanation" });
        Assert.That(forward.StatusCode, Is.EqualTo(HttpStatusCode.OK), "moving on needs no reason");
        var back = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = "Appraisal1", reason = "  " });
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var problem = JsonDocument.Parse(await back.Content.ReadAsStringAsync()))
            Assert.That(problem.RootElement.GetProperty("detail").GetString(),
                Is.EqualTo("Chuyển vòng từ giai đoạn giải trình về giai đoạn trước (thẩm định lần 1) phải ghi lý do."));
        Assert.That(await StoredStageAsync(_round), Is.EqualTo(RoundStage.Explanation), "nothing stored");

        back = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = "Appraisal1", reason = "Hội đồng thẩm định lại tiêu chí 2.1.1" });
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.OK), await back.Content.ReadAsStringAsync());
        Assert.That(await StoredStageAsync(_round), Is.EqualTo(RoundStage.Appraisal1));
    }

    [Test]
    public async Task SetStage_ByDefinedNumber_StaysAccepted()
    {
        var response = await _office.PutAsJsonAsync($"/api/rounds/{_round}/stage", new { stage = 2, reason = "theo kế hoạch" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await StoredStageAsync(_round), Is.EqualTo(RoundStage.Appraisal1));
    }

    [TestCase("\"Explanation\"", "thử")]
    [TestCase("\"SelfAssessment\"", "thử")]
    [TestCase("\"Appraisal2\"", null)]
    public async Task SetStage_OfAPublishedRound_Is409AndStoresNothing(string stage, string? reason)
    {
        var body = reason is null ? $"{{\"stage\": {stage}}}" : $"{{\"stage\": {stage}, \"reason\": \"{reason}\"}}";
        var response = await _office.PutAsync($"/api/rounds/{_published}/stage", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Vòng đã công bố"));
        Assert.That(await StoredStageAsync(_published), Is.EqualTo(RoundStage.Published));
    }

    [Test]
    public async Task SetStage_UndefinedValueThroughTheHandler_Is400()
    {
        // The command line and pages send the request without json: the handler checks too.
        await using var scope = _host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var refused = Assert.ThrowsAsync<InvalidRequestException>(() => mediator.Send(new SetRoundStage(Actor.System, _round, (RoundStage)99, "x")));
        Assert.That(refused!.Message, Is.EqualTo("Giai đoạn (stage) 99 không có: dùng một trong Open, SelfAssessment, Appraisal1, Explanation, Appraisal2, Published."));
    }

    [Test]
    public async Task OpenRound_UnknownGroup_Is400NamingTheField()
    {
        var response = await _office.PostAsJsonAsync("/api/rounds", new { year = 2030, group = "department" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(),
            Is.EqualTo("Khối (group) \"department\" không có: dùng một trong departments, districts, communes."));
        Assert.That(await _host.WithDbAsync(db => db.Rounds.CountAsync(r => r.Year == 2030)), Is.Zero);
    }

    [Test]
    public async Task UpdateUnit_UnknownGroup_Is400AndTheUnitKeepsItsGroup()
    {
        var response = await _office.PutAsJsonAsync("/api/units/H-TP", new { name = "UBND thành phố Thái Phong", group = "cities", ranked = true, reason = "thử" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Khối (group) \"cities\" không có"));
        Assert.That(await _host.WithDbAsync(db => db.Units.Where(u => u.Code == "H-TP").Select(u => u.Group).SingleAsync()), Is.EqualTo("districts"));
    }

    [Test]
    public async Task CreateAccount_UnknownRole_Is400NamingTheRole()
    {
        var response = await _office.PostAsJsonAsync("/api/accounts", new { userName = "ai@test", password = "Moi@12345", role = "admin" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString() + string.Join(" ", problem.TryGetProperty("errors", out var e) ? e.EnumerateArray().Select(x => x.GetString()) : []),
            Does.Contain("Vai trò \"admin\" không hợp lệ"));
        Assert.That(await _host.WithDbAsync(db => db.Users.CountAsync(u => u.UserName == "ai@test")), Is.Zero);
    }
}
