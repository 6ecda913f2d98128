using System.Globalization;
using Microsoft.AspNetCore.Localization;
using ParIndex.Web.Auth;

namespace ParIndex.Web.Ui;

/// <summary>The pages: Razor Pages per audience, Vietnamese first, English second.</summary>
internal static class UiServices
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en-US")];

    public static IServiceCollection AddParIndexPages(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<RenderedPages>();
        // Vietnamese letters written as themselves, not as &#x…; entities (still HTML-encoded where it matters).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Office", Policies.Office);
            o.Conventions.AuthorizeFolder("/Leadership", Policies.Reader);
            o.Conventions.AuthorizeFolder("/Unit", Policies.Reader);
            o.Conventions.AuthorizeFolder("/Appraisal", Policies.Appraisal);
            o.Conventions.AllowAnonymousToPage("/Login");
            // The public results page (practice.md §10): anonymous, itself 404 unless Publication:Public is true.
            o.Conventions.AllowAnonymousToFolder("/Public");
        }).AddViewLocalization().AddDataAnnotationsLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("vi-VN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // ?culture=en-US (the language switch) sets a cookie; the browser's language never overrides Vietnamese.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>Remembers a language chosen with ?culture=… in the culture cookie.</summary>
    public static IApplicationBuilder UseLanguageSwitch(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Query.TryGetValue("culture", out var culture) && Cultures.Any(c => c.Name == culture))
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
                new CookieOptions { Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Strict });
        await next();
    });
}
