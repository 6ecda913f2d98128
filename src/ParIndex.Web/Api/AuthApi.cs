using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ParIndex.Application.Features;
using ParIndex.Data;
using ParIndex.Web.Auth;
using ParIndex.Web.Hosting;

namespace ParIndex.Web.Api;

/// <summary>Signing in with a user name and password.</summary>
/// <param name="UserName">The account's user name, e.g. <c>vanphong@demo</c>.</param>
/// <param name="Password">Its password.</param>
public sealed record LoginRequest(string UserName, string Password);

/// <summary>Renewing a bearer token.</summary>
/// <param name="RefreshToken">The refresh token returned by login.</param>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>
/// Sign-in and sign-out. Only these (and the health check) are open to anonymous users; there is no
/// self-registration: the office creates accounts (<see cref="AccountsApi"/>).
/// </summary>
internal static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Đăng nhập (auth)");

        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .WithSummary("Đăng nhập (sign in)")
            .WithDescription("Mặc định trả về bearer token (accessToken, refreshToken) cho script; useCookies=true đặt cookie cho trình duyệt. " +
                             "Sai tên hoặc mật khẩu: 401. By default returns a bearer token; useCookies=true sets a cookie.")
            .Produces<AccessTokenResponse>().ProducesProblem(401);

        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithSummary("Gia hạn bearer token (refresh a token)")
            .Produces<AccessTokenResponse>().ProducesProblem(401);

        auth.MapPost("/logout", LogoutAsync)
            .WithSummary("Đăng xuất: xóa cookie (sign out)");
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest login, bool? useCookies, SignInManager<AppUser> signIn, MediatR.IMediator mediator)
    {
        // The scheme decides what signing in writes: a cookie, or the token response body.
        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(login.UserName ?? "", login.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        await mediator.Send(new RecordSignIn(login.UserName ?? "", SignIns.Outcome(result)));
        if (result.Succeeded) return TypedResults.Empty;
        return TypedResults.Problem(Auth.Policies.SignInFailed, statusCode: StatusCodes.Status401Unauthorized, title: Problems.Title(401));
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest refresh, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
    {
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(refresh.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
            return TypedResults.Problem("Phiên đăng nhập đã hết hạn hoặc không hợp lệ: vui lòng đăng nhập lại.",
                statusCode: StatusCodes.Status401Unauthorized, title: Problems.Title(401));
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
