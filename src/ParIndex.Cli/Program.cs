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
    // The parser's own handler would print a stack trace: every failure is answered below instead.
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (InputException e)
{
    Console.Error.WriteLine($"Lỗi: {e.Message}");
    return ExitCodes.InputErrors;
}
catch (UsageException e)
{
    Console.Error.WriteLine($"Lỗi cách dùng: {e.Message}");
    Console.Error.WriteLine("Xem hướng dẫn: parindex --help");
    return ExitCodes.Usage;
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
    Console.Error.WriteLine($"Lỗi: {Arguments.Describe(e)}");
    return ExitCodes.InputErrors;
}
catch (System.Data.Common.DbException e)
{
    Console.Error.WriteLine($"Lỗi cơ sở dữ liệu: {e.Message}. Kiểm tra --provider và --connection (cơ sở dữ liệu có đúng, có đang bị khoá không).");
    return ExitCodes.InputErrors;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Đã dừng theo yêu cầu; thao tác chưa hoàn tất không được lưu.");
    return ExitCodes.InputErrors;
}
catch (Exception e)
{
    // Never a stack trace: the message, and where to look. The exception's type helps whoever fixes it.
    Console.Error.WriteLine($"Lỗi không mong muốn: {e.Message}");
    Console.Error.WriteLine($"Hãy báo cho quản trị hệ thống kèm lệnh vừa chạy và dòng này (loại lỗi: {e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)}).");
    return ExitCodes.InputErrors;
}
