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
