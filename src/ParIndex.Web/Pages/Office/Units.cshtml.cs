using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Application;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// Units (name, group, ranked, years) and accounts, through the same handlers as the API (office only: the
/// folder's policy, and the handlers check it again).
/// </summary>
public sealed class UnitsModel(IMediator mediator) : OfficePageModel(mediator)
{
    public IReadOnlyList<UnitDto> Units { get; private set; } = [];
    public IReadOnlyList<AccountDto> Accounts { get; private set; } = [];

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
        AccountDto? created = null;
        if (await TryAsync(async () => created = await Mediator.Send(new CreateAccount(Actor, userName, displayName, role, unitCode, password))))
            return Done($"Đã tạo tài khoản {created!.UserName} ({RoleName(created.Role)}).");
        await LoadAsync();
        return Page();
    }

    /// <summary>A role's label from its code (the catalogue's; a dash for none).</summary>
    public static string RoleName(string? role, System.Globalization.CultureInfo? culture = null) =>
        ActorRoles.Label(role, culture ?? System.Globalization.CultureInfo.CurrentUICulture);

    private async Task LoadAsync()
    {
        Units = await Mediator.Send(new ListUnits(Actor));
        Accounts = await Mediator.Send(new ListAccounts(Actor));
    }
}
