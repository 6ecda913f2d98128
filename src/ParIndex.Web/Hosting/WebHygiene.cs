using Microsoft.AspNetCore.DataProtection;
using ParIndex.Data;

namespace ParIndex.Web.Hosting;

/// <summary>
/// What every response and every browser session carries whatever the page: security headers, cookie flags,
/// data-protection keys kept with the application's data, and the rule that the API changes data only for a
/// bearer token (a browser's cookie reads; the pages' own forms carry antiforgery tokens).
/// </summary>
internal static class WebHygiene
{
    /// <summary>
    /// Scripts only from the service's own files (no inline script, no handler attributes); styles may be inline
    /// (the heatmap's colours and the chart library set style attributes); no framing by anyone.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The setting naming the data-protection keys' folder.</summary>
    public const string KeysFolderSetting = "DataProtection:KeysFolder";

    public static IServiceCollection AddParIndexWebHygiene(this IServiceCollection services, IConfiguration configuration,
        DatabaseOptions database, IWebHostEnvironment environment)
    {
        // Cookies and bearer tokens are protected by these keys: kept beside the database (not in the profile of whoever
        // runs the service), they survive a restart and a move to another account, and are backed up with the data.
        services.AddDataProtection()
            .SetApplicationName("ParIndex")
            .PersistKeysToFileSystem(new DirectoryInfo(KeysFolder(configuration, database, environment)));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ParIndex.Antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
            // Every HTTPS answer, whatever the host name: the defaults leave out localhost and 127.0.0.1, where an
            // HTTPS listener is as much HTTPS as anywhere (and where the tests check it).
            o.ExcludedHosts.Clear();
        });
        return services;
    }

    /// <summary>
    /// <c>DataProtection:KeysFolder</c>; else, for SQLite, <c>&lt;database name&gt;-keys</c> beside the file (parindex.db:
    /// parindex-keys), so that each database has its own key ring and a backup of the folder keeps both; else (PostgreSQL)
    /// <c>parindex-keys</c> in the content root.
    /// </summary>
    public static string KeysFolder(IConfiguration configuration, DatabaseOptions database, IWebHostEnvironment environment)
    {
        if (configuration[KeysFolderSetting] is { Length: > 0 } folder)
            return Path.GetFullPath(folder, environment.ContentRootPath);
        if (database.FolderBesideFile("-keys") is { } beside) return beside;
        return Path.Combine(environment.ContentRootPath, "parindex-keys");
    }

    /// <summary>First in the pipeline, so that errors, redirects and static files carry the headers too.</summary>
    public static IApplicationBuilder UseParIndexSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        // HSTS only over HTTPS (the middleware skips plain HTTP) and never in Development (localhost would remember it).
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }

    /// <summary>
    /// The API changes data only for a bearer token. A cookie is what a browser sends by itself, so an unsafe API
    /// request carried by the cookie alone is refused (403): no other site's page can make a signed-in browser change
    /// anything through the API, whatever the cookie's SameSite. Signing in and out are the exceptions.
    /// </summary>
    public static IApplicationBuilder UseBearerOnlyApiChanges(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/api/auth")
                && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && context.User.Identity?.IsAuthenticated == true)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = 403, Title = Problems.Title(403),
                        Detail = "API chỉ nhận thao tác ghi kèm bearer token (POST /api/auth/login); cookie của trình duyệt chỉ dùng để xem và cho các trang.",
                    },
                });
                return;
            }
            await next(context);
        });
}
