using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParIndex.Criteria;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks;

namespace ParIndex.Application;

/// <summary>A criteria set as an input: its group, its name in scoring-criteria and its exact YAML text.</summary>
public sealed record CriteriaInput(string Group, string Source, string Yaml);

/// <summary>
/// A published annex as an input (practice.md §3): the workbook as the province published it for
/// <paramref name="Year"/> and <paramref name="Group"/>, named as in a data folder, with that year's criteria set of
/// the group when known. Kept whole in a stored snapshot, so a stored result reads the same baseline again.
/// </summary>
public sealed record AnnexInput(int Year, string Group, string FileName, byte[] Content, CriteriaInput? Criteria);

/// <summary>
/// Everything a year's computation reads, gathered once from a data folder (the batch) or from the database
/// (the service): the units, the criteria sets (text and parsed), the resolved assessments per unit (appraisals
/// and explanations applied), the survey tallies per unit, the fingerprint, and Y−1's inputs for the deltas.
/// Serialised with a stored result, it lets every view of that year be produced again without live data.
/// </summary>
/// <param name="Year">The year.</param>
/// <param name="Units">Every unit as it stood (the computation picks those assessed in the year).</param>
/// <param name="Criteria">The year's criteria sets by group, as text.</param>
/// <param name="Assessments">Each unit's resolved leaf entries.</param>
/// <param name="Tallies">Each unit's survey answers.</param>
/// <param name="Fingerprint">The inputs' fingerprint.</param>
/// <param name="Previous">Y−1's inputs (without their own previous year), when there were any.</param>
public sealed record YearInputs(
    int Year,
    IReadOnlyList<Unit> Units,
    IReadOnlyList<CriteriaInput> Criteria,
    IReadOnlyDictionary<string, UnitAssessment> Assessments,
    IReadOnlyDictionary<string, UnitSurvey> Tallies,
    string Fingerprint,
    YearInputs? Previous)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The parsed criteria sets by group (from <see cref="Criteria"/>; not serialised).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, CriteriaSet> Sets { get; init; } = new Dictionary<string, CriteriaSet>();

    /// <summary>Problems met while reading a data folder (not serialised: a stored result had none that mattered).</summary>
    [JsonIgnore]
    public IReadOnlyList<WorkbookProblem> Problems { get; init; } = [];

    /// <summary>Workbooks read from a data folder.</summary>
    [JsonIgnore]
    public int WorkbooksRead { get; init; }

    /// <summary>
    /// The published annexes that stand for Y−1 of a group (from <c>&lt;Y−1&gt;/published/</c> or imported with
    /// <c>db baseline</c>), as read; not serialised: read again from <see cref="Annexes"/>.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<Baseline> Baselines { get; init; } = [];

    /// <summary>The annexes <see cref="Baselines"/> were read from, whole (serialised with the snapshot).</summary>
    public IReadOnlyList<AnnexInput> Annexes { get; init; } = [];

    /// <summary>The snapshot as JSON, as stored with a result or a publication.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a stored snapshot back; its criteria sets are parsed through the cache.</summary>
    public static YearInputs FromJson(string json) =>
        Resolve(JsonSerializer.Deserialize<YearInputs>(json, Options)
            ?? throw new InvalidOperationException("Bản lưu dữ liệu đầu vào của kết quả bị rỗng."));

    private static YearInputs Resolve(YearInputs inputs) => inputs with
    {
        Sets = inputs.Criteria.ToDictionary(c => c.Group, c => CriteriaCache.Parse(c.Source, c.Yaml), StringComparer.Ordinal),
        Previous = inputs.Previous is { } p ? Resolve(p) : null,
        Baselines = inputs.Annexes.Select(a => ComputeYear.ReadAnnex(a, inputs.Units))
            .Where(r => r.Read.Accepted).Select(r => r.Baseline!).ToList(),
    };
}

/// <summary>
/// Parsed criteria sets keyed by the SHA-256 of their name and text: a set is parsed once per process, not per
/// request. Parsing is a pure function of the text, so the cache is safe to share between databases.
/// </summary>
public static class CriteriaCache
{
    private static readonly ConcurrentDictionary<string, CriteriaSet> Sets = new(StringComparer.Ordinal);

    /// <summary>The parsed set of <paramref name="yaml"/>; throws when the stored text no longer parses.</summary>
    public static CriteriaSet Parse(string source, string yaml)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + yaml)));
        return Sets.GetOrAdd(key, _ =>
        {
            var result = CriteriaLoader.Load(new StringReader(yaml), source);
            return result.Set ?? throw new InvalidOperationException(
                $"Bộ tiêu chí {source} đã lưu không còn hợp lệ: {string.Join("; ", result.Problems)}");
        });
    }
}
