using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Web.Demo;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Web;

/// <summary>The Demo environment, started once over a fresh database: the sample province and the demo accounts.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public sealed class DemoTests(DatabaseProvider provider)
{
    private TempService _temp = null!;
    private ServiceHost _demo = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _temp = new TempService(provider);
        _demo = _temp.Host("Demo");
        _demo.CreateClient().Dispose();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _demo.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Test]
    public async Task Demo_LoadsTheSampleProvince()
    {
        var units = await _demo.WithDbAsync(db => db.Units.CountAsync());
        var sets = await _demo.WithDbAsync(db => db.CriteriaSets.CountAsync());

        Assert.That(units, Is.EqualTo(88));
        Assert.That(sets, Is.EqualTo(6));
    }

    [Test]
    public async Task Demo_HasOfficeLeadershipAndOneFocalPointPerUnit()
    {
        var users = await _demo.WithDbAsync(db => db.Users.Select(u => new { u.UserName, u.UnitCode }).ToListAsync());
        var unitCodes = await _demo.WithDbAsync(db => db.Units.Select(u => u.Code).ToListAsync());

        Assert.That(users.Select(u => u.UserName), Does.Contain(DemoSeeder.OfficeUser).And.Contain(DemoSeeder.LeadershipUser));
        // Besides one focal point per unit, each appraising department has an appraiser account (thamdinh-<code>@demo).
        var appraisers = users.Where(u => u.UserName!.StartsWith("thamdinh-", StringComparison.Ordinal)).ToList();
        Assert.That(appraisers.Select(u => u.UserName), Is.EquivalentTo(new[] { "thamdinh-so-tp@demo", "thamdinh-so-tc@demo", "thamdinh-so-khcn@demo" }));
        Assert.That(appraisers.Select(u => u.UnitCode), Is.EquivalentTo(new[] { "SO-TP", "SO-TC", "SO-KHCN" }));
        Assert.That(users.Except(appraisers).Where(u => u.UnitCode is not null).Select(u => u.UnitCode), Is.EquivalentTo(unitCodes));
        Assert.That(users, Has.Count.EqualTo(unitCodes.Count + 2 + appraisers.Count));
    }

    [TestCase(DemoSeeder.OfficeUser, Roles.Office, null)]
    [TestCase(DemoSeeder.LeadershipUser, Roles.Leadership, null)]
    [TestCase("h-hl@demo", Roles.FocalPoint, "H-HL")]
    public async Task DemoAccount_SignsInWithTheDemoPassword(string userName, string role, string? unit)
    {
        var client = await _demo.LoginAsync(userName, DemoSeeder.DefaultPassword);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo(role));
        Assert.That(me.GetProperty("unitCode").ValueKind == JsonValueKind.Null ? null : me.GetProperty("unitCode").GetString(), Is.EqualTo(unit));
    }

    [Test]
    public async Task DemoFocalPoint_SeesOnlyItsOwnUnit()
    {
        var client = await _demo.LoginAsync("so-nv@demo", DemoSeeder.DefaultPassword);

        var units = await client.GetFromJsonAsync<JsonElement>("/api/units");
        var ranking = await client.GetAsync("/api/years/2024/ranking.json");

        Assert.That(units.EnumerateArray().Select(u => u.GetProperty("code").GetString()), Is.EqualTo(new[] { "SO-NV" }));
        Assert.That(ranking.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task SecondStart_KeepsTheDataAndAddsNoAccounts()
    {
        var before = await _demo.WithDbAsync(db => db.Users.CountAsync());
        var submissions = await _demo.WithDbAsync(db => db.Submissions.CountAsync());
        await using var again = new ServiceHost(_temp.Database, "Demo");
        again.CreateClient().Dispose();

        Assert.That(await again.WithDbAsync(db => db.Users.CountAsync()), Is.EqualTo(before));
        Assert.That(await again.WithDbAsync(db => db.Submissions.CountAsync()), Is.EqualTo(submissions));
    }

    [Test]
    public void Print_ShowsAddressAndEveryLogin()
    {
        var output = new StringWriter();
        DemoLogin[] logins = [new(DemoSeeder.OfficeUser, "Demo@2024", Roles.Office, null, "x"), new("h-hl@demo", "Demo@2024", Roles.FocalPoint, "H-HL", "y")];

        DemoSeeder.Print(output, ["http://localhost:5080"], logins);

        var text = output.ToString();
        Assert.That(text, Does.Contain("http://localhost:5080").And.Contain("vanphong@demo").And.Contain("h-hl@demo").And.Contain("H-HL").And.Contain("Demo@2024"));
    }
}
