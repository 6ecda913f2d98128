using System.CommandLine;
using System.Text;
using ParIndex.Cli;

// parindex: the batch command line over a data folder (interchange.md, "The command line").
// Exit codes: 0 success, 1 the inputs have errors (all listed on standard error), 2 wrong usage.
Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("ParIndex — tính Chỉ số cải cách hành chính (PAR Index) cấp tỉnh")
{
    CriteriaCommand.Create(),
    TemplateCommand.Create(),
    RunCommand.Create(),
    DbCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
        Console.Error.WriteLine($"Lỗi cú pháp: {error.Message}");
    Console.Error.WriteLine("Xem hướng dẫn: parindex --help");
    return ExitCodes.Usage;
}
try
{
    return parsed.Invoke();
}
catch (CommandFailedException e)
{
    // The same words as the API and the pages: the message, then each problem behind it.
    foreach (var line in ParIndex.Application.Refusal.Of(e.InnerException!)?.Lines ?? [e.Message])
        Console.Error.WriteLine($"Lỗi: {line}");
    return ExitCodes.InputErrors;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    // A file that cannot be read or written (locked by Excel, no permission) is the inputs' problem, not a bug.
    Console.Error.WriteLine($"Lỗi: {e.Message}");
    return ExitCodes.InputErrors;
}
