using System.CommandLine;

namespace ParIndex.Cli;

/// <summary>
/// Checks of paths given on the command line, run by the parser so that a careless argument is a usage
/// error (exit 2) with its reason, before anything is read or written.
/// </summary>
internal static class Arguments
{
    /// <summary>The option must not be an empty or blank text.</summary>
    public static Option<string> NotBlank(this Option<string> option)
    {
        option.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
                r.AddError($"{option.Name} không được để trống");
        });
        return option;
    }

    /// <summary>The option names a folder that many files are written into: an existing file is refused.</summary>
    public static Option<string> OutputFolder(this Option<string> option)
    {
        option.NotBlank().Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(value)) return;
            if (File.Exists(value))
                r.AddError($"{option.Name} {value} là một tệp; ở đây {option.Name} là thư mục (phần mềm ghi nhiều tệp vào đó)");
            else if (Path.GetExtension(value) is ".xlsx" or ".json" or ".xls")
                r.AddError($"{option.Name} {value} trông như tên tệp; ở đây {option.Name} là thư mục (phần mềm ghi nhiều tệp vào đó)");
        });
        return option;
    }

    /// <summary>Describes a file-system failure in Vietnamese (the system's own text, in English here, follows).</summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException f => $"không tìm thấy tệp {f.FileName ?? ""}".TrimEnd(),
        DirectoryNotFoundException => $"không tìm thấy thư mục ({e.Message})",
        UnauthorizedAccessException => $"không có quyền đọc hoặc ghi ({e.Message})",
        PathTooLongException => $"đường dẫn quá dài ({e.Message})",
        IOException => $"không đọc hoặc ghi được tệp: tệp có thể đang được chương trình khác (ví dụ Excel) mở, ổ đĩa đầy hoặc chỉ đọc ({e.Message})",
        _ => e.Message,
    };
}

/// <summary>Wrong usage found while running (a path that is a folder where a file is meant): exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
