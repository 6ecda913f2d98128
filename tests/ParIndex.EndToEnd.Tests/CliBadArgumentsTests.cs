using Microsoft.Data.Sqlite;

namespace ParIndex.EndToEnd.Tests;

/// <summary>
/// Every verb given careless arguments, as an office script or a new user would: a Vietnamese message, exit 1
/// (the inputs) or 2 (the usage), never a stack trace, and nothing created where nothing was asked for.
/// </summary>
public class CliBadArgumentsTests
{
    private static string _tmp = "";
    private static string Db => $"Data Source={Path.Combine(_tmp, "parindex.db")}";

    /// <summary>One careless call: its arguments ({tmp} is the test's folder, {db} a migrated database), exit code, message.</summary>
    public sealed record Case(string Name, string[] Args, int Exit, string Message)
    {
        public override string ToString() => Name;
    }

    private static string Units => Path.Combine(Cli.Samples, "units.yaml");

    private static string[] Template(params string[] rest) =>
        ["template", "--criteria", Cli.Criteria, "--units", Units, "--year", "2024", .. rest];

    private static string[] Run(params string[] rest) => ["run", "--criteria", Cli.Criteria, "--data", Cli.Samples, .. rest];

    public static IEnumerable<Case> Cases() =>
    [
        new("unknown verb", ["frobnicate"], 2, "Lỗi cú pháp"),
        new("run without options", ["run"], 2, "Lỗi cú pháp"),
        new("run year not a number", Run("--year", "hai nghìn", "--out", "{tmp}/o"), 2, "Lỗi cú pháp"),
        new("run out blank", Run("--year", "2024", "--out", ""), 2, "--out không được để trống"),
        new("run out an existing file", Run("--year", "2024", "--out", "{tmp}/file.txt"), 2, "--out {tmp}/file.txt là một tệp; ở đây --out là thư mục"),
        new("run out named like a file", Run("--year", "2024", "--out", "{tmp}/x.xlsx"), 2, "--out {tmp}/x.xlsx trông như tên tệp"),
        new("run criteria missing", ["run", "--criteria", "{tmp}/none", "--data", Cli.Samples, "--year", "2024", "--out", "{tmp}/o"], 1,
            "{tmp}/none không tìm thấy thư mục hoặc tệp bộ tiêu chí"),
        new("run data missing", ["run", "--criteria", Cli.Criteria, "--data", "{tmp}/none", "--year", "2024", "--out", "{tmp}/o"], 1,
            "{tmp}/none/units.yaml: không tìm thấy tệp danh sách đơn vị"),
        new("run year without data", Run("--year", "1999", "--out", "{tmp}/o"), 1, "không có dữ liệu năm 1999"),
        new("run out under a file", Run("--year", "2024", "--out", "{tmp}/file.txt/sub"), 1, "Lỗi: "),
        new("run out read-only", Run("--year", "2024", "--out", "/sys/parindex-test-out"), 1, "Lỗi: không có quyền đọc hoặc ghi"),
        new("template neither unit nor all", Template("--out", "{tmp}/t.xlsx"), 2, "Cần đúng một trong hai: --unit <mã đơn vị> hoặc --all"),
        new("template both unit and all", Template("--unit", "H-HL", "--all", "--out", "{tmp}/t"), 2, "Cần đúng một trong hai"),
        new("template unit out an existing folder", Template("--unit", "H-HL", "--out", "{tmp}"), 2,
            "--out {tmp} là một thư mục; với --unit, --out là tên tệp .xlsx sẽ ghi"),
        new("template out blank", Template("--unit", "H-HL", "--out", ""), 2, "--out không được để trống"),
        new("template out blank spaces", Template("--all", "--out", "  "), 2, "--out không được để trống"),
        new("template all out x.xlsx", Template("--all", "--out", "{tmp}/x.xlsx"), 2, "--out {tmp}/x.xlsx là tên tệp .xlsx; với --all, --out là thư mục"),
        new("template all out an existing file", Template("--all", "--out", "{tmp}/file.txt"), 2, "--out {tmp}/file.txt là một tệp; với --all, --out là thư mục"),
        new("template unknown unit", Template("--unit", "KHONG-CO", "--out", "{tmp}/t.xlsx"), 1, "Không có đơn vị KHONG-CO được đánh giá năm 2024"),
        new("template units missing", ["template", "--criteria", Cli.Criteria, "--units", "{tmp}/none.yaml", "--year", "2024", "--all", "--out", "{tmp}/t"], 1,
            "{tmp}/none.yaml: không tìm thấy tệp danh sách đơn vị"),
        new("template out a locked file", Template("--unit", "H-HL", "--out", "{tmp}/locked.xlsx"), 1, "đang được chương trình khác (ví dụ Excel) mở"),
        new("template out read-only", Template("--unit", "H-HL", "--out", "/sys/parindex-test.xlsx"), 1, "Lỗi: không có quyền đọc hoặc ghi"),
        new("criteria check missing", ["criteria", "check", "{tmp}/none"], 1, "{tmp}/none không tìm thấy thư mục hoặc tệp bộ tiêu chí"),
        new("criteria check without path", ["criteria", "check"], 2, "Lỗi cú pháp"),
        new("db unknown provider", ["db", "migrate", "--provider", "Oracle"], 2, "--provider \"Oracle\" không hợp lệ: dùng Sqlite hoặc Postgres"),
        new("db malformed connection", ["db", "migrate", "--connection", "Data Sourc=;;x"], 2, "--connection \"Data Sourc=;;x\" không phải chuỗi kết nối hợp lệ"),
        new("db unknown connection keyword", ["db", "compute", "--year", "2024", "--connection", "Tep=parindex.db"], 2, "không phải chuỗi kết nối hợp lệ"),
        new("db postgres without connection", ["db", "migrate", "--provider", "Postgres"], 2, "--provider là Postgres nhưng thiếu --connection"),
        new("db postgres unreachable", ["db", "compute", "--year", "2024", "--provider", "Postgres", "--connection", "Host=127.0.0.1;Port=1;Database=x;Username=y;Timeout=2"], 1,
            "Không kết nối được cơ sở dữ liệu PostgreSQL"),
        new("db migrate into a missing folder", ["db", "migrate", "--connection", "Data Source={tmp}/none/parindex.db"], 1,
            "Không có thư mục {tmp}/none của cơ sở dữ liệu"),
        new("db compute on a missing database", ["db", "compute", "--year", "2024", "--connection", "Data Source={tmp}/typo.db"], 1,
            "Không có cơ sở dữ liệu {tmp}/typo.db; kiểm tra --connection, hoặc tạo mới bằng: parindex db migrate"),
        new("db connection to a folder", ["db", "compute", "--year", "2024", "--connection", "Data Source={tmp}"], 2, "là một thư mục; cần đường dẫn tệp cơ sở dữ liệu"),
        new("db connection to a text file", ["db", "compute", "--year", "2024", "--connection", "Data Source={tmp}/file.txt"], 1, "Lỗi cơ sở dữ liệu:"),
        new("db compute a year without rounds", ["db", "compute", "--year", "1999", "--connection", "{db}"], 1, "Lỗi: Năm 1999 chưa có vòng đánh giá nào."),
        new("db publish a year without rounds", ["db", "publish", "--year", "1999", "--decision", "QĐ 1", "--date", "2025-01-01", "--connection", "{db}"], 1, "Lỗi: "),
        new("db publish bad date", ["db", "publish", "--year", "2024", "--decision", "QĐ 1", "--date", "01/01/2025", "--connection", "{db}"], 2,
            "Ngày công bố phải có dạng yyyy-MM-dd."),
        new("db appraise file missing", ["db", "appraise", "--round", "1", "--unit", "H-HL", "--file", "{tmp}/none.xlsx", "--connection", "{db}"], 1,
            "{tmp}/none.xlsx: không tìm thấy tệp bảng tự đánh giá"),
        new("db appraise file a folder", ["db", "appraise", "--round", "1", "--unit", "H-HL", "--file", "{tmp}", "--connection", "{db}"], 2,
            "--file {tmp} là một thư mục"),
        new("db appraise file not a workbook", ["db", "appraise", "--round", "1", "--unit", "H-HL", "--file", "{tmp}/file.txt", "--connection", "{db}"], 1, "Lỗi: "),
        new("db appraise round missing", ["db", "appraise", "--round", "abc", "--unit", "H-HL", "--file", "{tmp}/file.txt", "--connection", "{db}"], 2, "Lỗi cú pháp"),
        new("db import without units.yaml", ["db", "import", "--criteria", Cli.Criteria, "--data", "{tmp}", "--connection", "{db}"], 1,
            "{tmp}/units.yaml: không tìm thấy tệp danh sách đơn vị"),
        new("db import criteria missing", ["db", "import", "--criteria", "{tmp}/none", "--data", Cli.Samples, "--connection", "{db}"], 1,
            "{tmp}/none: không tìm thấy thư mục bộ tiêu chí"),
        new("db baseline without options", ["db", "baseline", "--connection", "{db}"], 2, "Lỗi cú pháp"),
        new("db baseline year not a number", ["db", "baseline", "--year", "năm ngoái", "--group", "communes", "--file", "{tmp}/file.txt", "--connection", "{db}"], 2, "Lỗi cú pháp"),
        new("db baseline group blank", ["db", "baseline", "--year", "2024", "--group", " ", "--file", "{tmp}/file.txt", "--connection", "{db}"], 2, "--group không được để trống"),
        new("db baseline file missing", ["db", "baseline", "--year", "2024", "--group", "communes", "--file", "{tmp}/none.xlsx", "--connection", "{db}"], 1,
            "{tmp}/none.xlsx: không tìm thấy tệp phụ lục"),
        new("db baseline file a folder", ["db", "baseline", "--year", "2024", "--group", "communes", "--file", "{tmp}", "--connection", "{db}"], 2,
            "--file {tmp} là một thư mục; --file là tệp phụ lục .xlsx"),
        new("db baseline group without units", ["db", "baseline", "--year", "2024", "--group", "communes", "--file", "{tmp}/file.txt", "--connection", "{db}"], 1,
            "Lỗi: Không có đơn vị nào thuộc khối «communes»"),
        new("db baseline on a missing database", ["db", "baseline", "--year", "2024", "--group", "communes", "--file", "{tmp}/file.txt", "--connection", "Data Source={tmp}/typo.db"], 1,
            "Không có cơ sở dữ liệu {tmp}/typo.db"),
        new("db export out blank", ["db", "export", "--year", "2024", "--out", "", "--connection", "{db}"], 2, "--out không được để trống"),
        new("db export out an existing file", ["db", "export", "--year", "2024", "--out", "{tmp}/file.txt", "--connection", "{db}"], 2, "là một tệp; ở đây --out là thư mục"),
        new("db export a year never computed", ["db", "export", "--year", "1999", "--out", "{tmp}/e", "--connection", "{db}"], 1, "Lỗi: "),
    ];

    [OneTimeSetUp]
    public void CreateFolder()
    {
        _tmp = Cli.TempFolder();
        File.WriteAllText(Path.Combine(_tmp, "file.txt"), "không phải bảng tính");
        var migrate = Cli.Run("db", "migrate", "--connection", Db);
        Assert.That(migrate.ExitCode, Is.EqualTo(0), migrate.Error);
    }

    [OneTimeTearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_tmp, recursive: true);
    }

    [TestCaseSource(nameof(Cases))]
    public void BadArguments_VietnameseMessageAndExitCode_NoStackTrace(Case c)
    {
        string Expand(string s) => s.Replace("{tmp}", _tmp, StringComparison.Ordinal).Replace("{db}", Db, StringComparison.Ordinal);
        var before = Snapshot();
        // A file held open without sharing (as Excel holds it): .NET takes a lock that the child process meets.
        using var locked = c.Name.Contains("locked", StringComparison.Ordinal)
            ? new FileStream(Path.Combine(_tmp, "locked.xlsx"), FileMode.Create, FileAccess.ReadWrite, FileShare.None)
            : null;
        var run = Cli.Run(c.Args.Select(Expand).ToArray());
        locked?.Dispose();
        if (c.Name.Contains("locked", StringComparison.Ordinal)) File.Delete(Path.Combine(_tmp, "locked.xlsx"));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(c.Exit), run.Error);
            Assert.That(run.Error, Does.Contain(Expand(c.Message)));
            Assert.That(run.Error + run.Out, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
            Assert.That(Snapshot(), Is.EqualTo(before), "nothing created, removed or changed in the folder");
        });
    }

    /// <summary>Every path under the folder with its size and time: a refused call leaves it as it was.</summary>
    private static List<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(_tmp, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("-shm", StringComparison.Ordinal) && !p.EndsWith("-wal", StringComparison.Ordinal) && !p.EndsWith("locked.xlsx", StringComparison.Ordinal))
            .Select(p => File.Exists(p) ? $"{p} {new FileInfo(p).Length}" : p + "/")
            .Order(StringComparer.Ordinal).ToList();
}
