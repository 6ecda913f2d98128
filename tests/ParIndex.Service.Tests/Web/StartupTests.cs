using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Web.Demo;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Web;

public sealed class StartupTests
{
    [Test]
    public async Task WrongDatabaseProvider_StopsStartWithAMessage()
    {
        await using var temp = new TempService();
        var host = temp.Host(settings: new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" });

        var error = Assert.Throws<InvalidOperationException>(() => host.CreateClient());

        Assert.That(error!.Message, Does.Contain("cấu hình cơ sở dữ liệu sai").And.Contain("Database:Provider \"Oracle\" không hợp lệ"));
    }

    [Test]
    public async Task EveryEnvironment_HasTheThreeRoles_AndNoDemoAccounts([Values("Testing", "Production")] string environment)
    {
        await using var temp = new TempService();
        var host = temp.Host(environment);
        host.CreateClient().Dispose();

        var roles = await host.WithDbAsync(db => db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync());
        var users = await host.WithDbAsync(db => db.Users.CountAsync());
        var units = await host.WithDbAsync(db => db.Units.CountAsync());

        Assert.That(roles, Is.EquivalentTo(Roles.All));
        Assert.That(users, Is.Zero);
        Assert.That(units, Is.Zero);
    }

    [Test]
    public async Task FirstOfficeAccount_ComesFromConfiguration_Once()
    {
        await using var temp = new TempService();
        var settings = new Dictionary<string, string?> { ["Accounts:Office:UserName"] = "admin.cchc", ["Accounts:Office:Password"] = "Batdau@2025" };
        var host = temp.Host("Production", settings);

        var client = await host.LoginAsync("admin.cchc", "Batdau@2025");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        await host.DisposeAsync();
        var again = temp.Host("Production", settings);
        again.CreateClient().Dispose();

        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo(Roles.Office));
        Assert.That(await again.WithDbAsync(db => db.Users.CountAsync()), Is.EqualTo(1));
    }

    [Test]
    public async Task DemoSeeder_RefusesOutsideDemo()
    {
        await using var temp = new TempService();
        var host = temp.Host("Production");
        host.CreateClient().Dispose();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => DemoSeeder.SeedAsync(host.Services, temp.Folder, temp.Folder));

        Assert.That(error!.Message, Does.Contain("chỉ được tạo trong môi trường Demo"));
        Assert.That(await host.WithDbAsync(db => db.Users.CountAsync()), Is.Zero);
    }
}
