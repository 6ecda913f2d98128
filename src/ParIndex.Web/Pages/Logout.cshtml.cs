using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Data;

namespace ParIndex.Web.Pages;

/// <summary>
/// Signs out (POST only, from the layout's button). Without an antiforgery token, like the API's sign-out: the sign-in
/// cookie is SameSite=Strict, so a form on another site reaches this without it and signs no one out; and the layout,
/// which is on every page, then holds nothing of the request's own, so a page can be rendered once for many requests.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
