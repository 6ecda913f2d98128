using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Service.Tests.Infrastructure;
using ParIndex.Application;

namespace ParIndex.Service.Tests.Web;

[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public sealed class AccountsTests(DatabaseProvider provider)
{
    private TempService _temp = null!;
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _temp = new TempService(provider);
        _host = _temp.Host();
        await _host.WithDbAsync(db =>
        {
            db.Units.Add(new UnitRecord { Code = "H-HL", Name = "UBND huyện Hữu Lạc", Group = "districts" });
            return db.SaveChangesAsync();
        });
        await _host.CreateUserAsync("office@test", Roles.Office);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _temp.DisposeAsync();
    }

    [Test]
    public async Task Office_CreatesFocalAccount_ThatSignsInBoundToItsUnit()
    {
        var office = await _host.LoginAsync("office@test");

        var created = await office.PostAsJsonAsync("/api/accounts",
            new { userName = "dauMoi.hl", displayName = "Nguyễn Văn A", role = Roles.FocalPoint, unitCode = "H-HL", password = "Moi@12345" });

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var focal = await _host.LoginAsync("dauMoi.hl", "Moi@12345");
        var me = await focal.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo(Roles.FocalPoint));
        Assert.That(me.GetProperty("unitCode").GetString(), Is.EqualTo("H-HL"));
        Assert.That(me.GetProperty("displayName").GetString(), Is.EqualTo("Nguyễn Văn A"));
    }

    [Test]
    public async Task CreatingAnAccount_IsAuditedUnderTheOfficeUser_WithoutThePasswordHash()
    {
        var office = await _host.LoginAsync("office@test");

        await office.PostAsJsonAsync("/api/accounts",
            new { userName = "audited@test", displayName = "Lãnh đạo B", role = Roles.Leadership, password = "Moi@12345" });

        var audit = await _host.WithDbAsync(db => db.Audit.Where(a => a.Entity == nameof(AppUser) && a.Action == "Added").ToListAsync());
        var row = audit.Single(a => a.After!.Contains("audited@test"));
        Assert.That(row.User, Is.EqualTo("office@test"));
        Assert.That(row.Reason, Is.EqualTo("Tạo tài khoản audited@test (Lãnh đạo)"));
        Assert.That(row.After, Does.Not.Contain("PasswordHash"));
    }

    [TestCase(Roles.FocalPoint, "H-HL")]
    [TestCase(Roles.Leadership, null)]
    public async Task OnlyTheOffice_CreatesOrListsAccounts(string role, string? unit)
    {
        var client = await _host.ClientAsync(role, unit);

        var create = await client.PostAsJsonAsync("/api/accounts",
            new { userName = $"sneaky-{role}", displayName = "x", role = Roles.Office, password = "Moi@12345" });
        var list = await client.GetAsync("/api/accounts");

        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await _host.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == $"sneaky-{role}")), Is.False);
    }

    [Test]
    public async Task FocalAccount_WithUnknownUnitAndBadRole_Is400ListingEachError()
    {
        var office = await _host.LoginAsync("office@test");

        var unknownUnit = await office.PostAsJsonAsync("/api/accounts",
            new { userName = "x1", displayName = "x", role = Roles.FocalPoint, unitCode = "H-XX", password = "Moi@12345" });
        var badRole = await office.PostAsJsonAsync("/api/accounts",
            new { userName = "x2", displayName = "x", role = "admin", unitCode = "H-HL", password = "Moi@12345" });

        Assert.That(unknownUnit.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await AuthenticationTests.Problem(unknownUnit)).GetProperty("errors")[0].GetString(), Is.EqualTo("Không có đơn vị H-XX."));
        var errors = (await AuthenticationTests.Problem(badRole)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.StartWith("Vai trò \"admin\" không hợp lệ"));
        Assert.That(errors[1], Is.EqualTo("Chỉ tài khoản đầu mối và tài khoản thẩm định mới gắn với đơn vị."));
    }

    [Test]
    public async Task WeakPassword_Is400WithVietnameseRules()
    {
        var office = await _host.LoginAsync("office@test");

        var response = await office.PostAsJsonAsync("/api/accounts",
            new { userName = "weak@test", displayName = "x", role = Roles.Leadership, password = "abc" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await AuthenticationTests.Problem(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(errors, Does.Contain("Mật khẩu phải có ít nhất 6 ký tự.").And.Contain("Mật khẩu phải có ít nhất một chữ hoa (A-Z)."));
        Assert.That(await _host.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "weak@test")), Is.False);
    }

    [Test]
    public async Task DuplicateUserName_Is409()
    {
        var office = await _host.LoginAsync("office@test");

        var response = await office.PostAsJsonAsync("/api/accounts",
            new { userName = "office@test", displayName = "x", role = Roles.Office, password = "Moi@12345" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Office_ListsAccountsWithRolesAndUnits()
    {
        var office = await _host.LoginAsync("office@test");

        var accounts = await office.GetFromJsonAsync<JsonElement>("/api/accounts");

        var me = accounts.EnumerateArray().Single(a => a.GetProperty("userName").GetString() == "office@test");
        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo(Roles.Office));
        Assert.That(me.GetProperty("lockedOut").GetBoolean(), Is.False);
    }
}
