using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParIndex.Application;
using ParIndex.Data;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>An account as the office sees it.</summary>
public sealed record AccountDto(string UserName, string DisplayName, string? Role, string? UnitCode, bool LockedOut);

/// <summary>A new account: a focal point needs a unit, the office and leadership none.</summary>
public sealed record CreateAccountRequest(string UserName, string DisplayName, string Role, string? UnitCode, string Password);

/// <summary>Accounts: only the office lists and creates them (Identity is the web's concern, so no handler in between).</summary>
internal static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/accounts").WithTags("Tài khoản (accounts)").RequireAuthorization(Policies.Office);

        accounts.MapGet("/", ListAsync)
            .WithSummary("Danh sách tài khoản (list accounts; office)");

        accounts.MapPost("/", CreateAsync)
            .WithSummary("Tạo tài khoản: Phòng CCHC, đầu mối (gắn một đơn vị) hoặc lãnh đạo (create an account; office)")
            .ProducesProblem(400).ProducesProblem(409);
    }

    private static async Task<IResult> ListAsync(UserManager<AppUser> users, ParIndexDb db, TimeProvider clock, CancellationToken ct)
    {
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var list = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(list.Select(u => new AccountDto(u.UserName ?? "", u.DisplayName,
            roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.UnitCode, u.LockoutEnd > now)).ToList());
    }

    private static async Task<IResult> CreateAsync(CreateAccountRequest request, ClaimsPrincipal principal,
        UserManager<AppUser> users, ParIndexDb db, CancellationToken ct)
    {
        principal.ToActor().RequireOffice();
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.UserName)) errors.Add("Thiếu tên đăng nhập.");
        if (!Roles.All.Contains(request.Role)) errors.Add($"Vai trò \"{request.Role}\" không hợp lệ: dùng {string.Join(", ", Roles.All)}.");
        if (request.Role == Roles.FocalPoint)
        {
            if (string.IsNullOrWhiteSpace(request.UnitCode)) errors.Add("Tài khoản đầu mối phải gắn với một đơn vị.");
            else if (!await db.Units.AnyAsync(u => u.Code == request.UnitCode, ct)) errors.Add($"Không có đơn vị {request.UnitCode}.");
        }
        else if (!string.IsNullOrEmpty(request.UnitCode))
            errors.Add("Chỉ tài khoản đầu mối mới gắn với đơn vị.");
        if (errors.Count > 0) throw new InvalidRequestException("Thông tin tài khoản không hợp lệ.", errors);
        if (await users.FindByNameAsync(request.UserName) is not null)
            throw new ConflictException($"Tên đăng nhập {request.UserName} đã có.");

        var user = new AppUser { UserName = request.UserName, DisplayName = request.DisplayName ?? "", UnitCode = request.Role == Roles.FocalPoint ? request.UnitCode : null };
        db.AuditContext.Reason = $"Tạo tài khoản {request.UserName} ({ActorRoles.Label(request.Role, Scoring.Labels.Vietnamese)})";
        var created = await users.CreateAsync(user, request.Password ?? "");
        if (!created.Succeeded)
            throw new InvalidRequestException("Không tạo được tài khoản.", created.Errors.Select(e => e.Description).ToList());
        await users.AddToRoleAsync(user, request.Role);
        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(user.UserName!)}",
            new AccountDto(user.UserName!, user.DisplayName, request.Role, user.UnitCode, false));
    }
}
