using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application.Features;
using ParIndex.Application;
using ParIndex.Data;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// Units (name, group, ranked, years) and accounts. Accounts are Identity's, so, like the accounts API, the page
/// uses the UserManager directly (office only: the folder's policy).
/// </summary>
public sealed class UnitsModel(IMediator mediator, UserManager<AppUser> users, ParIndexDb db) : OfficePageModel(mediator)
{
    /// <summary>An account as the page lists it.</summary>
    public sealed record Account(string UserName, string DisplayName, string? Role, string? UnitCode, bool LockedOut);

    public IReadOnlyList<UnitDto> Units { get; private set; } = [];
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    /// <summary>What was typed in the new account form, kept after an error.</summary>
    public (string? UserName, string? DisplayName, string? Role, string? Unit) NewAccount { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostUnitAsync(string code, string name, string group, bool ranked, int? from, int? until, string? reason)
    {
        if (await TryAsync(() => Mediator.Send(new UpdateUnit(Actor, code, name ?? "", group ?? "", ranked, from, until, reason))))
            return Done($"Đã lưu đơn vị {code}.");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAccountAsync(string? userName, string? displayName, string? role, string? unitCode, string? password)
    {
        NewAccount = (userName, displayName, role, unitCode);
        Actor.RequireOffice();
        unitCode = string.IsNullOrWhiteSpace(unitCode) ? null : unitCode.Trim();
        if (string.IsNullOrWhiteSpace(userName)) Errors.Add("Thiếu tên đăng nhập.");
        if (role is null || !Roles.All.Contains(role)) Errors.Add("Chọn vai trò.");
        if (role == Roles.FocalPoint)
        {
            if (unitCode is null) Errors.Add("Tài khoản đầu mối phải gắn với một đơn vị.");
            else if (!await db.Units.AnyAsync(u => u.Code == unitCode)) Errors.Add($"Không có đơn vị {unitCode}.");
        }
        else if (unitCode is not null) Errors.Add("Chỉ tài khoản đầu mối mới gắn với đơn vị.");
        if (Errors.Count == 0 && await users.FindByNameAsync(userName!.Trim()) is not null) Errors.Add($"Tên đăng nhập {userName} đã có.");
        if (Errors.Count == 0)
        {
            var user = new AppUser { UserName = userName!.Trim(), DisplayName = displayName?.Trim() ?? "", UnitCode = role == Roles.FocalPoint ? unitCode : null };
            db.AuditContext.Reason = $"Tạo tài khoản {user.UserName} ({role})";
            var created = await users.CreateAsync(user, password ?? "");
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, role!);
                return Done($"Đã tạo tài khoản {user.UserName} ({RoleName(role, Scoring.Labels.Vietnamese)}).");
            }
            Errors.Add("Không tạo được tài khoản:");
            Errors.AddRange(created.Errors.Select(e => e.Description));
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>A role's label from its code (the catalogue's; a dash for none).</summary>
    public static string RoleName(string? role, System.Globalization.CultureInfo? culture = null) =>
        ActorRoles.Label(role, culture ?? System.Globalization.CultureInfo.CurrentUICulture);

    private async Task LoadAsync()
    {
        Units = await Mediator.Send(new ListUnits(Actor));
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync();
        var now = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        Accounts = (await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync())
            .Select(u => new Account(u.UserName ?? "", u.DisplayName, roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.UnitCode, u.LockoutEnd > now))
            .ToList();
    }
}
