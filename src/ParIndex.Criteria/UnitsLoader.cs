using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using YamlDotNet.RepresentationModel;

namespace ParIndex.Criteria;

/// <summary>The units of a province read from units.yaml, with every problem found.</summary>
public sealed record UnitsLoadResult(IReadOnlyList<Unit> Units, IReadOnlyList<CriteriaProblem> Problems)
{
    /// <summary>True when the file was read without problems.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>Reads <c>units.yaml</c>: units, their ranking groups, years and lineage (scoring.md, "Units").</summary>
public static class UnitsLoader
{
    /// <summary>Reads units from YAML text; <paramref name="source"/> names the file in messages.</summary>
    public static UnitsLoadResult Load(TextReader text, string source)
    {
        var problems = new List<CriteriaProblem>();
        var y = new YamlReading(source, problems);
        if (y.Root(text, "tệp phải có khóa \"units\" với danh sách đơn vị") is not { } root)
            return new UnitsLoadResult([], problems);
        y.CheckKeys(root, null, "units");
        var units = new List<Unit>();
        foreach (var m in y.Maps(y.Sequence(root, "units", null, required: true), null, "units"))
        {
            var code = y.String(m, "code", null, required: true);
            y.CheckKeys(m, code, "code", "name", "group", "ranked", "from", "until", "predecessors");
            var name = y.String(m, "name", code, required: true);
            var group = y.String(m, "group", code, required: true);
            var predecessors = y.Sequence(m, "predecessors", code, required: false)
                .Select(p => (p as YamlScalarNode)?.Value ?? "").ToList();
            if (code is null || name is null || group is null) continue;
            var unit = new Unit(code, name, group, y.Bool(m, "ranked", code) ?? true,
                y.Int(m, "from", code, false), y.Int(m, "until", code, false), predecessors);
            if (units.Any(u => u.Code == code))
                y.Problem(m, null, $"mã đơn vị {code} khai báo nhiều lần");
            if (unit.From > unit.Until)
                y.Problem(m, null, $"đơn vị {code}: from {unit.From} sau until {unit.Until}");
            units.Add(unit);
        }
        foreach (var unit in units)
            foreach (var p in unit.PredecessorCodes.Where(p => units.All(u => u.Code != p)))
                problems.Add(new CriteriaProblem(source, 0, null, $"đơn vị {unit.Code}: đơn vị tiền thân {p} không có trong danh sách"));
        return new UnitsLoadResult(units, problems);
    }

    /// <summary>Reads units from a file.</summary>
    public static UnitsLoadResult LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader, Path.GetFileName(path));
    }
}
