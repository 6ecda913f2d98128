using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using ParIndex.Data;
using ParIndex.Application;

namespace ParIndex.Web.Auth;

/// <summary>Names of the authorization policies.</summary>
public static class Policies
{
    /// <summary>
    /// The one answer to a failed sign-in, for a wrong password, an unknown user name and a locked account alike:
    /// telling them apart would tell a stranger which user names exist.
    /// </summary>
    public const string SignInFailed = "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì đăng nhập sai nhiều lần (thử lại sau 5 phút).";

    /// <summary>The reform office only.</summary>
    public const string Office = "Office";

    /// <summary>Anyone with a role (office, focal point, leadership); what each may read is the handlers' business.</summary>
    public const string Reader = "Reader";

    /// <summary>Those who appraise: the reform office and the appraising departments' accounts.</summary>
    public const string Appraisal = "Appraisal";
}

/// <summary>Identity, sign-in schemes and policies, registered in one place.</summary>
internal static class AuthServices
{
    private const string ChallengeScheme = "ParIndex.Challenge";

    public static IServiceCollection AddParIndexAuth(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditContext, HttpAuditContext>();

        // Cookies for browsers, bearer tokens for scripts; the default scheme picks by the Authorization header.
        // Only the login endpoints of ApiAuth are mapped (not MapIdentityApi): no one registers themselves.
        services.AddIdentityApiEndpoints<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ParIndexDb>()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddClaimsPrincipalFactory<ParIndexClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ParIndex";
            o.Cookie.HttpOnly = true;
            // Strict keeps the cookie off every cross-site request: the API's forms need no antiforgery token.
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request came over HTTPS (a plain-HTTP loopback or test run still signs in).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // An API answers with a status (and ProblemDetails), never a redirect; a page sends the person to sign in.
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/forbidden";
            o.Events.OnRedirectToLogin = c => Redirect(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Redirect(c, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = CookieTickets.ValidateWhenDue;
        });
        services.AddRememberedCookieTickets();
        // One clock: the security stamp's check counts its interval on the service's TimeProvider, like the cookie's expiry.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, clock) => o.TimeProvider ??= clock);

        // Identity's composite scheme sends every challenge to the bearer handler (a bare 401). A request without a
        // bearer token is a browser's: challenge and forbid go to the cookie, which redirects pages to /login and
        // still answers the API with 401/403 (Redirect below).
        services.AddAuthentication().AddPolicyScheme(ChallengeScheme, null, o =>
            o.ForwardDefaultSelector = c => c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? IdentityConstants.BearerScheme
                : IdentityConstants.ApplicationScheme);
        services.PostConfigure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(o =>
        {
            o.DefaultChallengeScheme = ChallengeScheme;
            o.DefaultForbidScheme = ChallengeScheme;
        });

        services.AddAuthorizationBuilder()
            // Everything needs a signed-in user with a role unless an endpoint says AllowAnonymous (login, health).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build())
            .AddPolicy(Policies.Office, p => p.RequireAuthenticatedUser().RequireRole(Roles.Office))
            .AddPolicy(Policies.Reader, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.Appraisal, p => p.RequireAuthenticatedUser().RequireRole(Roles.Office, Roles.Appraiser));
        return services;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> c, int apiStatus)
    {
        if (c.Request.Path.StartsWithSegments("/api") || c.Request.Path.StartsWithSegments("/openapi"))
            c.Response.StatusCode = apiStatus;
        else
            c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }
}
