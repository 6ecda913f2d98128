using Microsoft.AspNetCore.Identity;
using ParIndex.Data;
using ParIndex.Application;

namespace ParIndex.Web.Hosting;

/// <summary>Brings the database up to date at start-up, in every environment: schema, the three roles, and the first office account when configured.</summary>
internal static class DatabaseStartup
{
    /// <summary>Configuration keys for the first office account of a fresh installation (e.g. environment variables <c>Accounts__Office__UserName</c>).</summary>
    public const string OfficeUserNameKey = "Accounts:Office:UserName";

    /// <inheritdoc cref="OfficeUserNameKey"/>
    public const string OfficePasswordKey = "Accounts:Office:Password";

    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDb>();
        await CreateSchemaAsync(db, ct);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"tạo vai trò {role}");

        await CreateFirstOfficeAsync(scope.ServiceProvider);
    }

    /// <summary>The one place that creates or upgrades the schema: the provider's migrations (and WAL for a SQLite file).</summary>
    private static Task CreateSchemaAsync(ParIndexDb db, CancellationToken ct) => DatabaseMigrator.MigrateAsync(db, ct);

    /// <summary>
    /// Only the office creates accounts, so a fresh installation needs its first office account from configuration
    /// (set once, e.g. as environment variables; nothing happens when the name already exists).
    /// </summary>
    private static async Task CreateFirstOfficeAsync(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var userName = configuration[OfficeUserNameKey];
        if (string.IsNullOrWhiteSpace(userName)) return;
        var password = configuration[OfficePasswordKey];
        if (string.IsNullOrWhiteSpace(password))
            throw new InvalidOperationException($"ParIndex không khởi động được: có {OfficeUserNameKey} nhưng thiếu {OfficePasswordKey}.");
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(userName) is not null) return;
        var user = new AppUser { UserName = userName, DisplayName = "Phòng CCHC" };
        Check(await users.CreateAsync(user, password), $"tạo tài khoản {userName}");
        Check(await users.AddToRoleAsync(user, Roles.Office), $"gán vai trò {Roles.Office} cho {userName}");
    }

    internal static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Không {what} được: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
