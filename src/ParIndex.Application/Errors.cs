using ParIndex.Workbooks;

namespace ParIndex.Application;

/// <summary>Something asked for does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The user may not do this (403): e.g. a focal point touching another unit.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request conflicts with the state (409): e.g. changing a published round, or the wrong stage.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The request's values are wrong (400), each problem named.</summary>
public sealed class InvalidRequestException(string message, IReadOnlyList<string>? errors = null) : Exception(message)
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Errors { get; } = errors ?? [message];
}

/// <summary>An uploaded workbook has errors (422): nothing of it was stored as current; every problem is listed.</summary>
public sealed class WorkbookRejectedException(string message, IReadOnlyList<WorkbookProblem> problems) : Exception(message)
{
    /// <summary>Every error and warning, with file, sheet and cell.</summary>
    public IReadOnlyList<WorkbookProblem> Problems { get; } = problems;
}

/// <summary>
/// How the application's refusal reads to a person, the same for the API (ProblemDetails), the pages and the
/// command line: the status it stands for, the Vietnamese message, every problem behind it (the message alone
/// when there is only one) and, for a rejected workbook, the located problems (file, sheet, cell).
/// </summary>
public sealed record Refusal(int Status, string Message, IReadOnlyList<string> Errors, IReadOnlyList<WorkbookProblem> Problems)
{
    /// <summary>Not found.</summary>
    public const int NotFound = 404;

    /// <summary>Not allowed for this person.</summary>
    public const int Forbidden = 403;

    /// <summary>Against the current state.</summary>
    public const int Conflict = 409;

    /// <summary>Wrong values.</summary>
    public const int Invalid = 400;

    /// <summary>A workbook with errors.</summary>
    public const int WorkbookRejected = 422;

    /// <summary>The refusal an exception stands for; null for anything else (a fault, not a refusal).</summary>
    public static Refusal? Of(Exception exception) => exception switch
    {
        NotFoundException e => new(NotFound, e.Message, [e.Message], []),
        ForbiddenException e => new(Forbidden, e.Message, [e.Message], []),
        ConflictException e => new(Conflict, e.Message, [e.Message], []),
        InvalidRequestException e => new(Invalid, e.Message, e.Errors, []),
        WorkbookRejectedException e => new(WorkbookRejected, e.Message, [e.Message], e.Problems),
        _ => null,
    };

    /// <summary>The lines a person reads, in order: the message, then each problem not already said by it.</summary>
    public IReadOnlyList<string> Lines =>
        [Message, .. Errors.Where(e => e != Message), .. Problems.Select(p => p.ToString())];
}
