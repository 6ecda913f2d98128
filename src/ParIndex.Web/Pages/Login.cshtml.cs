using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application.Features;
using ParIndex.Data;

namespace ParIndex.Web.Pages;

/// <summary>Sign-in with a local account (cookie).</summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, MediatR.IMediator mediator) : PageModel
{
    public string? Error { get; private set; }
    public string? UserName { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string userName, string password, string? returnUrl)
    {
        UserName = userName;
        ReturnUrl = Local(returnUrl);
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        await mediator.Send(new RecordSignIn(userName ?? "", Auth.SignIns.Outcome(result)));
        if (result.Succeeded) return LocalRedirect(ReturnUrl);
        Error = Auth.Policies.SignInFailed;
        return Page();
    }

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
