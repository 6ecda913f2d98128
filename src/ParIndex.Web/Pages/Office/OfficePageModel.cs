using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application;
using ParIndex.Web.Api;
using ParIndex.Web.Auth;
using ParIndex.Workbooks;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// What every office page shares: the mediator, the signed-in actor, and the message of the last action
/// (a success carried over the redirect, or the application's errors shown on the page itself).
/// </summary>
public abstract class OfficePageModel(IMediator mediator) : PageModel
{
    /// <summary>The province's clock and time display (one for every page).</summary>
    protected ProvinceTime Clock => HttpContext.RequestServices.GetRequiredService<ProvinceTime>();

    /// <summary>The handlers.</summary>
    protected IMediator Mediator => mediator;

    /// <summary>Who is asking.</summary>
    protected Actor Actor => User.ToActor();

    /// <summary>The success message of the last action (survives the redirect after a POST).</summary>
    [TempData] public string? Message { get; set; }

    /// <summary>The errors of the last action, in Vietnamese as the handlers wrote them.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>A refused workbook's problems (file, sheet, cell, message).</summary>
    public List<WorkbookProblem> Problems { get; } = [];

    /// <summary>Runs an action; the application's refusals (<see cref="Refusal"/>) become <see cref="Errors"/> and false.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (Refusal.Of(e) is { } refusal)
        {
            // The same words as the API's ProblemDetails: the message, then each problem behind it.
            Errors.Add(refusal.Message);
            Errors.AddRange(refusal.Errors.Where(error => error != refusal.Message));
            Problems.AddRange(refusal.Problems);
        }
        return false;
    }

    /// <summary>
    /// Reads the handler's streamed workbook (<see cref="StreamedUploadAttribute"/>, <see cref="Uploads"/>), or records
    /// why not: none chosen, or refused while reading (too large), naming the file.
    /// </summary>
    private protected async Task<Upload?> ReadAsync(UploadLimit limit)
    {
        var form = await Uploads.OpenAsync(Request, StreamedUploadAttribute.MaxBytes(HttpContext, limit), HttpContext.RequestAborted);
        if (string.IsNullOrEmpty(form.FileName))
        {
            Errors.Add("Chưa chọn tệp.");
            return null;
        }
        Upload? upload = null;
        await TryAsync(async () => upload = await Uploads.ReadWorkbookAsync(Request, StreamedUploadAttribute.MaxBytes(HttpContext, limit), HttpContext.RequestAborted));
        return upload;
    }

    /// <summary>After a successful POST: the message, then back to the page (GET) so a reload does not repeat it.</summary>
    protected IActionResult Done(string message, object? routeValues = null)
    {
        Message = message;
        return RedirectToPage(routeValues);
    }


}
