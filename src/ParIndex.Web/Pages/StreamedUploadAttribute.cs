using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ParIndex.Web.Api;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Pages;

/// <summary>Which workbook settings an upload's limit comes from.</summary>
public enum UploadLimit
{
    SelfAssessment,
    Survey,
}

/// <summary>
/// A page handler that takes a workbook reads it as the API does (<see cref="Uploads"/>): the form is not bound (ASP.NET
/// would buffer the whole body first), the body is streamed and reading stops at the file's limit. Antiforgery is still
/// checked, before the file is read: the form puts its token before the file; the leading fields are read, the token put
/// in the antiforgery header, and <see cref="IAntiforgery.ValidateRequestAsync"/> checks it from there (a token missing
/// or wrong is refused with 400 and nothing is read further). The handler then calls
/// <see cref="Uploads.ReadWorkbookAsync"/> with <see cref="MaxBytes"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StreamedUploadAttribute(string handler, UploadLimit limit) : Attribute, IAsyncAuthorizationFilter, IResourceFilter, IOrderedFilter
{
    /// <summary>Before Razor Pages' own antiforgery filter (order 1000), which then finds the token in the header.</summary>
    public int Order => 0;

    /// <summary>The upload's limit, from the settings.</summary>
    public static long MaxBytes(HttpContext context, UploadLimit limit)
    {
        var settings = context.RequestServices.GetRequiredService<WorkbookSettings>();
        return (limit == UploadLimit.Survey ? settings.Survey : settings.SelfAssessment).MaxFileBytes;
    }

    private bool Applies(HttpContext context, Microsoft.AspNetCore.Routing.RouteData route)
    {
        if (!HttpMethods.IsPost(context.Request.Method)) return false;
        var name = Convert.ToString(route.Values["handler"]);
        if (string.IsNullOrEmpty(name)) name = context.Request.Query["handler"].FirstOrDefault();
        return string.Equals(name, handler, StringComparison.OrdinalIgnoreCase);
    }

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!Applies(http, context.RouteData)) return;
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AntiforgeryOptions>>().Value;
        try
        {
            // Twice the limit gets through: the app stops reading at the limit, Kestrel drains the rest after the page
            // answered (not into memory), and the browser shows the refusal instead of a reset connection.
            var max = MaxBytes(http, limit);
            var form = await Uploads.OpenAsync(http.Request, max, http.RequestAborted, 2 * Uploads.RequestLimit(max));
            if (form.Fields.TryGetValue(options.FormFieldName, out var token) && options.HeaderName is { } header)
                http.Request.Headers[header] = token;
            else
                throw new AntiforgeryValidationException("The antiforgery token must come before the file.");
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (Exception e) when (e is AntiforgeryValidationException or Application.InvalidRequestException)
        {
            context.Result = new BadRequestResult();
        }
    }

    /// <summary>No form binding for this handler: its values come from the route, the query and the streamed fields.</summary>
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        if (!Applies(context.HttpContext, context.RouteData)) return;
        context.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
