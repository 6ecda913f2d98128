using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Web.Hosting;

namespace ParIndex.Web.Demo;

/// <summary>A demo login, printed at start.</summary>
public sealed record DemoLogin(string UserName, string Password, string Role, string? UnitCode, string DisplayName);

/// <summary>
/// The demonstration environment: loads the sample province on first start and creates the demo accounts
/// (one office, one leadership, one focal point per unit). Refuses to run in any other environment.
/// </summary>
public static class DemoSeeder
{
    /// <summary>The password of every demo account, unless <c>Demo:Password</c> says otherwise.</summary>
    public const string DefaultPassword = "Demo@2024";

    public const string OfficeUser = "vanphong@demo";
    public const string LeadershipUser = "lanhdao@demo";

    /// <summary>A focal point's user name: the unit code in lower case, e.g. <c>h-hl@demo</c>.</summary>
    public static string FocalUser(string unitCode) => $"{unitCode.ToLowerInvariant()}@demo";

    /// <summary>An appraising department's account: <c>thamdinh-</c> and the unit code in lower case, e.g. <c>thamdinh-so-tp@demo</c>.</summary>
    public static string AppraiserUser(string unitCode) => $"thamdinh-{unitCode.ToLowerInvariant()}@demo";

    /// <summary>The appraising departments of the demo (practice.md §4: institutions, public finance, digital government).</summary>
    public static readonly string[] AppraisingUnits = ["SO-TP", "SO-TC", "SO-KHCN"];

    /// <summary>Seeds the demo: the sample province first (only into an empty database), then the accounts that are missing.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="repoSamplesFolder">The samples/ folder (units.yaml, &lt;year&gt;/self-assessments, &lt;year&gt;/survey).</param>
    /// <param name="criteriaFolder">The scoring-criteria/ folder (&lt;year&gt;/&lt;group&gt;.yaml).</param>
    /// <returns>Every demo login, to print.</returns>
    public static async Task<IReadOnlyList<DemoLogin>> SeedAsync(IServiceProvider services, string repoSamplesFolder, string criteriaFolder,
        CancellationToken ct = default)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDemo())
            throw new InvalidOperationException($"Tài khoản demo chỉ được tạo trong môi trường Demo, không phải {environment.EnvironmentName}.");
        var password = services.GetRequiredService<IConfiguration>()["Demo:Password"] ?? DefaultPassword;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDb>();
        if (!await db.Units.AnyAsync(ct))
            await LoadSampleProvinceAsync(scope.ServiceProvider.GetRequiredService<IMediator>(), repoSamplesFolder, criteriaFolder, ct);

        var logins = new List<DemoLogin>
        {
            new(OfficeUser, password, Roles.Office, null, "Phòng CCHC, Sở Nội vụ (demo)"),
            new(LeadershipUser, password, Roles.Leadership, null, "Lãnh đạo UBND tỉnh (demo)"),
        };
        foreach (var unit in await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(ct))
            logins.Add(new(FocalUser(unit.Code), password, Roles.FocalPoint, unit.Code, $"Đầu mối CCHC — {unit.Name} (demo)"));

        foreach (var unit in await db.Units.AsNoTracking().Where(u => AppraisingUnits.Contains(u.Code)).OrderBy(u => u.Code).ToListAsync(ct))
            logins.Add(new(AppraiserUser(unit.Code), password, Roles.Appraiser, unit.Code, $"Cán bộ thẩm định — {unit.Name} (demo)"));

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var login in logins)
        {
            if (await users.FindByNameAsync(login.UserName) is not null) continue;
            var user = new AppUser { UserName = login.UserName, DisplayName = login.DisplayName, UnitCode = login.UnitCode };
            db.AuditContext.Reason = "Tạo tài khoản demo";
            DatabaseStartup.Check(await users.CreateAsync(user, login.Password), $"tạo tài khoản demo {login.UserName}");
            DatabaseStartup.Check(await users.AddToRoleAsync(user, login.Role), $"gán vai trò cho {login.UserName}");
        }
        return logins;
    }

    /// <summary>
    /// The sample province (criteria sets, units, self-assessments, surveys), through the same handler as
    /// <c>parindex db import</c>; then every year computed, and every year but the last published, so that the
    /// demo shows a published ranking and a year in progress with its changes.
    /// </summary>
    private static async Task LoadSampleProvinceAsync(IMediator mediator, string samplesFolder, string criteriaFolder, CancellationToken ct)
    {
        await mediator.Send(new ImportDataFolder(Actor.System, criteriaFolder, samplesFolder), ct);
        var years = (await mediator.Send(new ListRounds(Actor.System), ct)).Select(r => r.Year).Distinct().Order().ToList();
        foreach (var year in years)
        {
            await mediator.Send(new ComputeRanking(Actor.System, year), ct);
            if (year != years[^1])
                await mediator.Send(new PublishRanking(Actor.System, year, $"QĐ mẫu công bố Chỉ số CCHC năm {year} (dữ liệu demo)",
                    new DateOnly(year + 1, 2, 15)), ct);
        }
    }

    /// <summary>Writes the address and the logins to the console, for the person who started the demo.</summary>
    public static void Print(TextWriter output, IEnumerable<string> addresses, IReadOnlyList<DemoLogin> logins)
    {
        output.WriteLine();
        output.WriteLine("=== ParIndex — môi trường DEMO (dữ liệu tỉnh Mẫu, không phải số liệu thật) ===");
        foreach (var address in addresses) output.WriteLine($"Địa chỉ / address: {address}  (OpenAPI: {address.TrimEnd('/')}/openapi/v1.json)");
        output.WriteLine("Tài khoản demo / demo logins (tên đăng nhập / mật khẩu / vai trò / đơn vị):");
        foreach (var l in logins)
            output.WriteLine($"  {l.UserName,-18} {l.Password,-12} {l.Role,-11} {l.UnitCode}");
        output.WriteLine("Đăng nhập / sign in: POST /api/auth/login {\"userName\":\"vanphong@demo\",\"password\":\"…\"}");
        output.WriteLine();
    }
}
