using System.CommandLine;
using ParIndex.Criteria;

namespace ParIndex.Cli;

/// <summary><c>parindex criteria check &lt;folder or file&gt;</c>: loads criteria sets and lists every problem.</summary>
internal static class CriteriaCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Thư mục scoring-criteria hoặc một tệp <năm>/<khối>.yaml" };
        var check = new Command("check", "Kiểm tra bộ tiêu chí: cấu trúc, điểm tối đa, cách chấm") { path };
        check.SetAction(parse =>
        {
            var catalog = CriteriaCatalog.Load(parse.GetValue(path)!);
            foreach (var problem in catalog.Problems)
                Console.Error.WriteLine(problem);
            foreach (var set in catalog.Sets)
            {
                var leaves = set.ScoredLeafCount;
                Console.WriteLine($"{set.Source}: {set.Title} — phiên bản {set.Version}, {set.Areas().Count()} lĩnh vực, {leaves} tiêu chí chấm điểm, tổng {set.Total}");
            }
            if (catalog.Problems.Count > 0)
            {
                Console.Error.WriteLine($"{catalog.Problems.Count} lỗi trong bộ tiêu chí.");
                return ExitCodes.InputErrors;
            }
            Console.WriteLine("Bộ tiêu chí hợp lệ.");
            return ExitCodes.Ok;
        });
        return new Command("criteria", "Bộ tiêu chí") { check };
    }
}
