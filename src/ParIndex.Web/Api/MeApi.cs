using System.Security.Claims;
using ParIndex.Application;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>Who the signed-in user is, as the handlers see them.</summary>
/// <param name="Name">The user name (written to the audit log).</param>
/// <param name="DisplayName">The full name.</param>
/// <param name="Role">office, focal or leadership.</param>
/// <param name="UnitCode">The focal point's unit; null for the others.</param>
public sealed record MeDto(string Name, string? DisplayName, string Role, string? UnitCode);

/// <summary>The service's health.</summary>
/// <param name="Status">"ok" when the service answers.</param>
public sealed record HealthDto(string Status);

/// <summary>Who am I, and is the service up.</summary>
internal static class MeApi
{
    public static void MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (ClaimsPrincipal user) =>
            {
                var actor = user.ToActor();
                return TypedResults.Ok(new MeDto(actor.Name, user.FindFirstValue(ParIndexClaims.DisplayName), actor.Role.Code(), actor.UnitCode));
            })
            .WithTags("Tài khoản (accounts)")
            .WithSummary("Tài khoản đang đăng nhập: tên, vai trò, đơn vị (who am I)");

        // Open to anonymous callers (load balancers, monitoring): it says nothing but "ok".
        app.MapGet("/api/health", () => TypedResults.Ok(new HealthDto("ok"))).AllowAnonymous()
            .WithTags("Hệ thống (system)")
            .WithSummary("Kiểm tra dịch vụ đang chạy (health check)");
    }
}
