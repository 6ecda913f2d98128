using System.Text.Json.Serialization;

namespace ParIndex.Workbooks;

/// <summary>Whether a problem rejects the workbook (mức: lỗi, cảnh báo). Json writes it as "error" or "warning".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    /// <summary>The workbook is rejected whole; nothing of it is used.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
    /// <summary>Reported, the workbook is still accepted (e.g. a typed self-score that differs from the computed one).</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,
}

/// <summary>
/// A problem found in a workbook, located so that a focal point can fix it:
/// <c>H-HL.xlsx!Tự đánh giá!F23: Điểm tự chấm 3,5 vượt điểm tối đa 3 của tiêu chí 2.1.3</c>.
/// </summary>
/// <param name="File">The workbook's file name (no folder).</param>
/// <param name="Sheet">The sheet, when the problem is in one.</param>
/// <param name="Cell">The cell address (e.g. F23), when the problem is in one.</param>
/// <param name="Message">What is wrong and what to do, in Vietnamese.</param>
/// <param name="Severity">Error (rejects the workbook) or warning.</param>
public sealed record WorkbookProblem(string File, string? Sheet, string? Cell, string Message, Severity Severity = Severity.Error)
{
    /// <summary>True for an error.</summary>
    public bool IsError => Severity == Severity.Error;

    /// <inheritdoc/>
    public override string ToString()
    {
        var place = File;
        if (Sheet is not null) place += "!" + Sheet;
        if (Cell is not null) place += "!" + Cell;
        return $"{place}: {Message}";
    }
}

/// <summary>What a reader returns: the value when the workbook was accepted, and every problem found.</summary>
/// <typeparam name="T">The value read.</typeparam>
/// <param name="Value">The value, null when the workbook was rejected (any error).</param>
/// <param name="Problems">Every error and warning, in the order found.</param>
public sealed record ReadResult<T>(T? Value, IReadOnlyList<WorkbookProblem> Problems) where T : class
{
    /// <summary>True when the workbook had no error.</summary>
    public bool Accepted => Value is not null && !Problems.Any(p => p.IsError);

    /// <summary>Only the errors.</summary>
    public IEnumerable<WorkbookProblem> Errors => Problems.Where(p => p.IsError);

    /// <summary>Only the warnings.</summary>
    public IEnumerable<WorkbookProblem> Warnings => Problems.Where(p => !p.IsError);
}
