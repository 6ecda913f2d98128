using ParIndex.Criteria;
using ParIndex.Scoring;

namespace ParIndex.Cli;

/// <summary>Loads the criteria and units every verb needs, printing their problems.</summary>
internal static class Inputs
{
    public static (CriteriaCatalog? Criteria, IReadOnlyList<Unit>? Units) Load(string criteriaPath, string unitsPath)
    {
        var catalog = CriteriaCatalog.Load(criteriaPath);
        foreach (var problem in catalog.Problems)
            Console.Error.WriteLine(problem);
        if (!File.Exists(unitsPath))
        {
            Console.Error.WriteLine($"{unitsPath}: không tìm thấy tệp danh sách đơn vị");
            return (null, null);
        }
        var units = UnitsLoader.LoadFile(unitsPath);
        foreach (var problem in units.Problems)
            Console.Error.WriteLine(problem);
        var appraisers = catalog.Sets.SelectMany(set => CriteriaLoader.CheckAppraisers(set, units.Units)).ToList();
        foreach (var problem in appraisers)
            Console.Error.WriteLine(problem);
        return catalog.Problems.Count == 0 && appraisers.Count == 0 && units.Ok ? (catalog, units.Units) : (null, null);
    }
}
