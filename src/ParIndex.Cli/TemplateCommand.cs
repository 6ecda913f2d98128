using System.CommandLine;
using ParIndex.Workbooks.SelfAssessment;

namespace ParIndex.Cli;

/// <summary><c>parindex template</c>: writes self-assessment workbooks for one unit or all units of a year.</summary>
internal static class TemplateCommand
{
    public static Command Create()
    {
        var criteria = new Option<string>("--criteria") { Description = "Thư mục scoring-criteria", Required = true };
        var units = new Option<string>("--units") { Description = "Tệp units.yaml", Required = true };
        var year = new Option<int>("--year") { Description = "Năm đánh giá", Required = true };
        var unit = new Option<string?>("--unit") { Description = "Mã đơn vị" };
        var all = new Option<bool>("--all") { Description = "Mọi đơn vị được đánh giá trong năm" };
        var output = new Option<string>("--out") { Description = "Tệp .xlsx (với --unit) hoặc thư mục (với --all)", Required = true }.NotBlank();
        var command = new Command("template", "Tạo bảng tự đánh giá (mẫu) cho đơn vị") { criteria, units, year, unit, all, output };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(unit) is null) == !r.GetValue(all))
                r.AddError("Cần đúng một trong hai: --unit <mã đơn vị> hoặc --all");
            // One file is written for --unit, many for --all: --out is a file or a folder accordingly.
            if (r.GetValue(output) is not { Length: > 0 } path || string.IsNullOrWhiteSpace(path)) return;
            if (r.GetValue(unit) is not null && Directory.Exists(path))
                r.AddError($"--out {path} là một thư mục; với --unit, --out là tên tệp .xlsx sẽ ghi (ví dụ {Path.Combine(path, "H-HL.xlsx")})");
            if (r.GetValue(all) && File.Exists(path))
                r.AddError($"--out {path} là một tệp; với --all, --out là thư mục ghi mỗi đơn vị một tệp");
            else if (r.GetValue(all) && Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
                r.AddError($"--out {path} là tên tệp .xlsx; với --all, --out là thư mục ghi mỗi đơn vị một tệp");
        });
        command.SetAction(parse =>
        {
            var (catalog, list) = Inputs.Load(parse.GetValue(criteria)!, parse.GetValue(units)!);
            if (catalog is null || list is null) return ExitCodes.InputErrors;
            var y = parse.GetValue(year);
            var code = parse.GetValue(unit);
            var chosen = list.Where(u => u.IsAssessedIn(y) && (code is null || u.Code == code)).ToList();
            if (code is not null && chosen.Count == 0)
            {
                Console.Error.WriteLine($"Không có đơn vị {code} được đánh giá năm {y} trong units.yaml");
                return ExitCodes.InputErrors;
            }
            var outPath = parse.GetValue(output)!;
            var failed = false;
            if (code is null)
            {
                // --all: a group without a set this year (e.g. the communes the districts ranked in 2024, known to
                // the province only by their published annex) gets no templates; said once, not an error.
                foreach (var g in chosen.Where(u => catalog.Find(y, u.Group) is null).GroupBy(u => u.Group))
                    Console.Error.WriteLine($"Bỏ qua {g.Count()} đơn vị {Workbooks.Export.ExportTexts.GroupLabel(g.Key)}: không có bộ tiêu chí năm {y}");
                chosen = chosen.Where(u => catalog.Find(y, u.Group) is not null).ToList();
                if (chosen.Count == 0) return ExitCodes.InputErrors;
            }
            foreach (var u in chosen)
            {
                if (catalog.Find(y, u.Group) is not { } set)
                {
                    Console.Error.WriteLine($"Không có bộ tiêu chí năm {y} cho khối {u.Group} (đơn vị {u.Code})");
                    failed = true;
                    continue;
                }
                var path = code is not null ? outPath : Path.Combine(outPath, u.Code + ".xlsx");
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                TemplateWriter.Write(path, set, u);
                Console.WriteLine($"Đã tạo {path} ({u.Name}, bộ tiêu chí {set.Version})");
            }
            return failed ? ExitCodes.InputErrors : ExitCodes.Ok;
        });
        return command;
    }
}
