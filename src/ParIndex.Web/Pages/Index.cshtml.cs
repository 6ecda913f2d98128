using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application;

namespace ParIndex.Web.Pages;

/// <summary>The home page sends each person to their own pages.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(Roles.Office) ? Redirect("/Office")
        : User.IsInRole(Roles.Leadership) ? Redirect("/Leadership")
        : User.IsInRole(Roles.FocalPoint) ? Redirect("/Unit")
        : User.IsInRole(Roles.Appraiser) ? Redirect("/Appraisal")
        : Redirect("/login");
}
