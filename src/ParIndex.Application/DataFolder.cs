using System.Globalization;

namespace ParIndex.Application;

/// <summary>
/// A province's input folder, laid out like <c>samples/</c>: <c>units.yaml</c>,
/// <c>&lt;year&gt;/self-assessments/&lt;UNIT&gt;.xlsx</c>, <c>&lt;year&gt;/survey/*.xlsx</c>, and optionally
/// <c>&lt;year&gt;/survey-results/*.xlsx</c> (aggregated survey results) and <c>&lt;year&gt;/published/&lt;group&gt;.xlsx</c>
/// (the annex published for the year, a baseline for the next).
/// </summary>
public sealed record DataFolder(string Root)
{
    /// <summary>The units file.</summary>
    public string UnitsFile => Path.Combine(Root, "units.yaml");

    /// <summary>The folder of a year.</summary>
    public string Year(int year) => Path.Combine(Root, year.ToString(CultureInfo.InvariantCulture));

    /// <summary>The self-assessment folder of a year.</summary>
    public string SelfAssessments(int year) => Path.Combine(Year(year), "self-assessments");

    /// <summary>The survey folder of a year.</summary>
    public string Surveys(int year) => Path.Combine(Year(year), "survey");

    /// <summary>The aggregated survey results folder of a year (results bought per unit, not questionnaires).</summary>
    public string SurveyResults(int year) => Path.Combine(Year(year), "survey-results");

    /// <summary>The published annexes of a year: <c>&lt;year&gt;/published/&lt;group&gt;.xlsx</c>.</summary>
    public string Published(int year) => Path.Combine(Year(year), "published");

    /// <summary>A unit's self-assessment workbook for a year.</summary>
    public string SelfAssessment(int year, string unitCode) => Path.Combine(SelfAssessments(year), unitCode + ".xlsx");

    /// <summary>Whether the folder has data for a year.</summary>
    public bool HasYear(int year) => Directory.Exists(SelfAssessments(year)) || Directory.Exists(Surveys(year));

    /// <summary>Workbooks in a folder, in name order; Office's lock files (~$…) are skipped.</summary>
    public static IReadOnlyList<string> Workbooks(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.xlsx")
            .Where(f => !Path.GetFileName(f).StartsWith("~$", StringComparison.Ordinal))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList()
        : [];

    /// <summary>A path relative to the folder, with forward slashes (stable across machines).</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
