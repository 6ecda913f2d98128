using System.Security.Claims;
using MediatR;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Api;

/// <summary>A new account: a focal point needs a unit, the office and leadership none.</summary>
public sealed record CreateAccountRequest(string UserName, string DisplayName, string Role, string? UnitCode, string Password);

/// <summary>Accounts: only the office lists and creates them (the handlers in Features/Accounts.cs decide).</summary>
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

    private static async Task<IResult> ListAsync(ClaimsPrincipal principal, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListAccounts(principal.ToActor()), ct));

    private static async Task<IResult> CreateAsync(CreateAccountRequest request, ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        var account = await mediator.Send(new CreateAccount(principal.ToActor(), request.UserName, request.DisplayName, request.Role,
            request.UnitCode, request.Password), ct);
        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.UserName)}", account);
    }
}
