using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ParIndex.Application;
using ParIndex.Data;

namespace ParIndex.Web.Auth;

/// <summary>The service's own claims, added at sign-in.</summary>
public static class ParIndexClaims
{
    /// <summary>The unit a focal point is bound to.</summary>
    public const string Unit = "parindex:unit";

    /// <summary>The person's full name.</summary>
    public const string DisplayName = "parindex:name";

    /// <summary>
    /// Who is asking, for the handlers: the user name, the role and (for a focal point) the unit. A user with no
    /// role, or a focal point bound to no unit, may do nothing.
    /// </summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        if (string.IsNullOrEmpty(name))
            throw new ForbiddenException("Bạn chưa đăng nhập.");
        if (!ActorRoles.TryParse(Roles.All.FirstOrDefault(user.IsInRole), out var role))
            throw new ForbiddenException($"Tài khoản {name} chưa được gán vai trò.");
        var unit = user.FindFirstValue(Unit);
        if (role is ActorRole.FocalPoint or ActorRole.Appraiser && string.IsNullOrEmpty(unit))
            throw new ForbiddenException($"Tài khoản {name} chưa được gắn với đơn vị nào.");
        return new Actor(name, role, role is ActorRole.FocalPoint or ActorRole.Appraiser ? unit : null);
    }
}

/// <summary>Adds the unit and full name to the claims written into the cookie or token at sign-in.</summary>
internal sealed class ParIndexClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.UnitCode)) identity.AddClaim(new Claim(ParIndexClaims.Unit, user.UnitCode));
        if (!string.IsNullOrEmpty(user.DisplayName)) identity.AddClaim(new Claim(ParIndexClaims.DisplayName, user.DisplayName));
        return identity;
    }
}

/// <summary>The audit log's "who": the signed-in user of the request, or "system" outside a request (start-up, seeding).</summary>
internal sealed class HttpAuditContext(IHttpContextAccessor http, TimeProvider clock) : IAuditContext
{
    public TimeProvider Clock => clock;

    public string User
    {
        get
        {
            if (http.HttpContext is not { } context) return "system";
            return context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
        }
    }

    public string? Reason { get; set; }
}
