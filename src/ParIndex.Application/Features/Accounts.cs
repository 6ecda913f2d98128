using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;

namespace ParIndex.Application.Features;

/// <summary>An account as the office sees it.</summary>
public sealed record AccountDto(string UserName, string DisplayName, string? Role, string? UnitCode, bool LockedOut);

/// <summary>Lists every account with its role and unit. Office only.</summary>
public sealed record ListAccounts(Actor Actor) : IRequest<IReadOnlyList<AccountDto>>;

/// <summary>
/// Creates an account: the office, leadership, or a focal point bound to one existing unit. Office only. Every
/// wrong value is listed at once (400); a taken user name is a conflict (409); Identity's password rules apply.
/// </summary>
public sealed record CreateAccount(Actor Actor, string? UserName, string? DisplayName, string? Role, string? UnitCode, string? Password)
    : IRequest<AccountDto>;

/// <summary>
/// Accounts live in Identity's tables; the handlers use Identity's user manager so its rules (password, normalised
/// names, Vietnamese error texts) hold. Only the web registers Identity (the command line has no accounts), so the
/// user manager is asked for when an account request arrives, not when the handler is built.
/// </summary>
internal sealed class AccountsHandlers(ParIndexDb db, IServiceProvider services, TimeProvider clock) :
    IRequestHandler<ListAccounts, IReadOnlyList<AccountDto>>,
    IRequestHandler<CreateAccount, AccountDto>
{
    private UserManager<AppUser> Users => services.GetService(typeof(UserManager<AppUser>)) as UserManager<AppUser>
        ?? throw new InvalidOperationException("Accounts need Identity, which only the web service registers.");

    public async Task<IReadOnlyList<AccountDto>> Handle(ListAccounts request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var list = await Users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return list.Select(u => new AccountDto(u.UserName ?? "", u.DisplayName,
            roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.UnitCode, u.LockoutEnd > now)).ToList();
    }

    public async Task<AccountDto> Handle(CreateAccount request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var userName = request.UserName?.Trim() ?? "";
        var unitCode = string.IsNullOrWhiteSpace(request.UnitCode) ? null : request.UnitCode.Trim();
        var role = request.Role;
        var errors = new List<string>();
        if (userName.Length == 0) errors.Add("Thiếu tên đăng nhập.");
        if (string.IsNullOrWhiteSpace(role)) errors.Add("Chọn vai trò.");
        else if (!Roles.All.Contains(role)) errors.Add($"Vai trò \"{role}\" không hợp lệ: dùng {string.Join(", ", Roles.All)}.");
        if (Roles.HasUnit(role))
        {
            if (unitCode is null) errors.Add(role == Roles.FocalPoint ? "Tài khoản đầu mối phải gắn với một đơn vị." : "Tài khoản thẩm định phải gắn với đơn vị thẩm định (sở chuyên ngành).");
            else if (!await db.Units.AnyAsync(u => u.Code == unitCode, ct)) errors.Add($"Không có đơn vị {unitCode}.");
        }
        else if (unitCode is not null)
            errors.Add("Chỉ tài khoản đầu mối và tài khoản thẩm định mới gắn với đơn vị.");
        if (errors.Count > 0) throw new InvalidRequestException("Thông tin tài khoản không hợp lệ.", errors);
        var users = Users;
        if (await users.FindByNameAsync(userName) is not null)
            throw new ConflictException($"Tên đăng nhập {userName} đã có.");

        var user = new AppUser { UserName = userName, DisplayName = request.DisplayName?.Trim() ?? "", UnitCode = Roles.HasUnit(role) ? unitCode : null };
        db.AuditContext.Reason = $"Tạo tài khoản {userName} ({ActorRoles.Label(role!, Scoring.Labels.Vietnamese)})";
        var created = await users.CreateAsync(user, request.Password ?? "");
        if (!created.Succeeded)
            throw new InvalidRequestException("Không tạo được tài khoản.", created.Errors.Select(e => e.Description).ToList());
        await users.AddToRoleAsync(user, role!);
        return new AccountDto(user.UserName!, user.DisplayName, role, user.UnitCode, false);
    }
}
