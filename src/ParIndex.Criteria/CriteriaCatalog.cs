using ParIndex.Scoring.Criteria;

namespace ParIndex.Criteria;

/// <summary>
/// The criteria sets of a <c>scoring-criteria</c> folder, by year and group, with every problem of every
/// file. A file must sit at <c>&lt;year&gt;/&lt;group&gt;.yaml</c> and say the same year and group inside.
/// </summary>
public sealed class CriteriaCatalog
{
    private readonly Dictionary<(int Year, string Group), CriteriaSet> _sets = new();
    private readonly Dictionary<CriteriaSet, string> _files = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every problem found, across files.</summary>
    public List<CriteriaProblem> Problems { get; } = [];

    /// <summary>The sets read without problems.</summary>
    public IEnumerable<CriteriaSet> Sets => _sets.Values.OrderBy(s => s.Year).ThenBy(s => s.Group, StringComparer.Ordinal);

    /// <summary>The set of a year and group, or null.</summary>
    public CriteriaSet? Find(int year, string group) => _sets.GetValueOrDefault((year, group));

    /// <summary>The file a set was read from.</summary>
    public string FileOf(CriteriaSet set) => _files[set];

    /// <summary>The sets of one year.</summary>
    public IReadOnlyList<CriteriaSet> ForYear(int year) => Sets.Where(s => s.Year == year).ToList();

    /// <summary>
    /// Reads a folder (every <c>*/*.yaml</c> below it) or a single file. Sources in messages are relative
    /// to the folder, e.g. <c>2024/districts.yaml</c>.
    /// </summary>
    public static CriteriaCatalog Load(string folderOrFile)
    {
        var catalog = new CriteriaCatalog();
        if (File.Exists(folderOrFile))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(folderOrFile))!;
            catalog.Add(folderOrFile, $"{Path.GetFileName(dir)}/{Path.GetFileName(folderOrFile)}");
            return catalog;
        }
        if (!Directory.Exists(folderOrFile))
        {
            catalog.Problems.Add(new CriteriaProblem(folderOrFile, 0, null, "không tìm thấy thư mục hoặc tệp bộ tiêu chí"));
            return catalog;
        }
        var files = Directory.EnumerateFiles(folderOrFile, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(folderOrFile, "*.yml", SearchOption.AllDirectories))
            .Select(f => (Path: f, Source: Path.GetRelativePath(folderOrFile, f).Replace('\\', '/')))
            .Where(f => f.Source.Count(c => c == '/') == 1)
            .OrderBy(f => f.Source, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            catalog.Problems.Add(new CriteriaProblem(folderOrFile, 0, null, "thư mục không có tệp <năm>/<khối>.yaml nào"));
        foreach (var (path, source) in files)
            catalog.Add(path, source);
        return catalog;
    }

    private void Add(string path, string source)
    {
        var result = CriteriaLoader.LoadFile(path, source);
        Problems.AddRange(result.Problems);
        if (result.Set is not { } set) return;

        var folderYear = source.Split('/')[0];
        var fileGroup = Path.GetFileNameWithoutExtension(source);
        if (folderYear != set.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))
            Problems.Add(new CriteriaProblem(source, 1, null, $"tệp nằm trong thư mục {folderYear} nhưng khai báo year: {set.Year}"));
        else if (fileGroup != set.Group)
            Problems.Add(new CriteriaProblem(source, 1, null, $"tệp tên {fileGroup}.yaml nhưng khai báo group: {set.Group}"));
        else if (!_sets.TryAdd((set.Year, set.Group), set))
            Problems.Add(new CriteriaProblem(source, 1, null, $"khối {set.Group} năm {set.Year} đã có một bộ tiêu chí khác"));
        else
            _files[set] = path;
    }
}
