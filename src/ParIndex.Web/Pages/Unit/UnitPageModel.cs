using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Web.Auth;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Unit;

/// <summary>
/// What the focal point's pages share: whose unit is shown (a focal point's own; the office and leadership pick
/// one with ?unit=CODE), the unit's rounds, and turning the application's exceptions into a message on the page.
/// The handlers decide who may see what: a focal point asking for another unit gets ForbiddenException, answered
/// here with the sign-in cookie's "forbidden" (a redirect to /forbidden).
/// </summary>
public abstract class UnitPageModel(IMediator mediator) : PageModel
{
    /// <summary>The province's clock and time display (one for every page).</summary>
    protected ProvinceTime Clock => HttpContext.RequestServices.GetRequiredService<ProvinceTime>();

    protected IMediator Mediator { get; } = mediator;

    /// <summary>The signed-in person as the handlers see them.</summary>
    protected Actor Actor => User.ToActor();

    /// <summary>True when the person is a focal point (their unit is fixed; links need no ?unit=).</summary>
    public bool IsFocalPoint => User.IsInRole(Roles.FocalPoint);

    /// <summary>The unit shown (null when the office or leadership has not picked one yet).</summary>
    public UnitDto? Unit { get; private set; }

    /// <summary>Every unit the person may open (to pick one when none is chosen).</summary>
    public IReadOnlyList<UnitDto> Units { get; private set; } = [];

    /// <summary>The rounds of the unit's group, oldest first.</summary>
    public IReadOnlyList<RoundDto> Rounds { get; private set; } = [];

    /// <summary>A success message after an action.</summary>
    public string? Message { get; set; }

    /// <summary>An error message (the application's Vietnamese text).</summary>
    public string? Error { get; set; }

    /// <summary>
    /// Set when the unit's inputs of the round (submissions, explanations, the form) are not the person's to read yet:
    /// leadership before the round is published. The page shows this plain state instead of the inputs.
    /// </summary>
    public string? NotPublished { get; private set; }

    /// <summary>
    /// Reads a unit's inputs through the gate; for leadership a refusal (the only one it can meet here: it reads every
    /// unit) becomes <see cref="NotPublished"/> and the default instead of the forbidden page.
    /// </summary>
    protected async Task<T?> InputsAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (ForbiddenException e) when (User.IsInRole(Roles.Leadership))
        {
            NotPublished = e.Message;
            return null;
        }
    }

    /// <summary>Every problem behind <see cref="Error"/>, when there are several.</summary>
    public IReadOnlyList<string> Errors { get; set; } = [];

    /// <summary>Adds the unit to a link when the person is not the unit's focal point.</summary>
    public string Link(string path, int? year = null)
    {
        var query = new List<string>();
        if (year is { } y) query.Add($"year={y}");
        if (!IsFocalPoint && Unit is not null) query.Add($"unit={Uri.EscapeDataString(Unit.Code)}");
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>
    /// Finds the unit (?unit= for the office and leadership; a focal point's own, refusing another) and its
    /// group's rounds. False when no unit is chosen yet (the page then offers the list).
    /// </summary>
    protected async Task<bool> LoadUnitAsync(string? unit, CancellationToken ct)
    {
        var actor = Actor;
        var code = actor.UnitCode ?? unit;
        if (actor.UnitCode is not null && !string.IsNullOrEmpty(unit) && !string.Equals(unit, actor.UnitCode, StringComparison.OrdinalIgnoreCase))
            actor.RequireRead(unit); // throws: a focal point may open only their own unit
        Units = await Mediator.Send(new ListUnits(actor), ct);
        if (string.IsNullOrEmpty(code)) return false;
        Unit = Units.FirstOrDefault(u => string.Equals(u.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"Không có đơn vị {code}.");
        var u = Unit;
        Rounds = (await Mediator.Send(new ListRounds(actor), ct))
            .Where(r => r.Group == u.Group && r.Year >= (u.From ?? int.MinValue) && r.Year <= (u.Until ?? int.MaxValue))
            .OrderBy(r => r.Year).ToList();
        return true;
    }

    /// <summary>
    /// Runs a page's work; a refusal becomes the forbidden page, a missing thing a 404, any other application
    /// error a message on the page (<see cref="Error"/>).
    /// </summary>
    protected async Task<IActionResult> RunAsync(Func<Task<IActionResult>> work)
    {
        try
        {
            return await work();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (NotFoundException e) when (Unit is null)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        catch (Exception e) when (Show(e))
        {
            return Page();
        }
    }

    /// <summary>Puts an application error on the page; false for anything else (a real fault, left to the error handler).</summary>
    protected bool Show(Exception e)
    {
        // A refusal to this person is answered by RunAsync with the forbidden page, not as a message.
        if (Refusal.Of(e) is not { } refusal || refusal.Status == Refusal.Forbidden) return false;
        Error = refusal.Message;
        Errors = refusal.Problems.Count > 0
            ? refusal.Problems.Select(p => $"{p.Sheet} {p.Cell}: {p.Message}").ToList()
            : refusal.Errors.Where(error => error != refusal.Message).ToList();
        return true;
    }



    /// <summary>The deadline of the round's current stage, if set.</summary>
    public static DateOnly? Deadline(RoundDto r) => r.Stage switch
    {
        RoundStage.Open or RoundStage.SelfAssessment => r.SelfAssessmentDeadline,
        RoundStage.Appraisal1 => r.Appraisal1Deadline,
        RoundStage.Explanation => r.ExplanationDeadline,
        RoundStage.Appraisal2 => r.Appraisal2Deadline,
        _ => null,
    };

    /// <summary>A date as dd/MM/yyyy.</summary>
    public static string Date(DateOnly? d) => ProvinceTime.Date(d);
}
