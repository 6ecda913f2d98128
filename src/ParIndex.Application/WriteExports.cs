using System.Reflection;
using ParIndex.Scoring;
using ParIndex.Workbooks.Export;

namespace ParIndex.Application;

/// <summary>The files an export wrote.</summary>
public sealed record ExportedFiles(string RankingWorkbook, string RankingJson, IReadOnlyList<string> Scorecards)
{
    /// <summary>The units' improvement reports (<c>improvement/&lt;UNIT&gt;.xlsx</c>).</summary>
    public IReadOnlyList<string> ImprovementReports { get; init; } = [];
}

/// <summary>Writes a computed year's exports: <c>ranking-&lt;Y&gt;.xlsx</c>, <c>ranking-&lt;Y&gt;.json</c>, <c>scorecards/&lt;UNIT&gt;.xlsx</c>, <c>improvement/&lt;UNIT&gt;.xlsx</c>.</summary>
public static class WriteExports
{
    /// <summary>"ParIndex 1.0.0": the software and version printed on every export.</summary>
    public static string Software { get; } = "ParIndex " +
        (typeof(WriteExports).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    /// <summary>Builds the report of a computed year.</summary>
    public static RankingReport Report(YearComputation year) =>
        new(year.Year, Software, year.Fingerprint, year.Groups, year.Previous?.Groups);

    /// <summary>Writes every export of <paramref name="year"/> into <paramref name="folder"/> (created if needed).</summary>
    public static ExportedFiles Run(YearComputation year, string folder)
    {
        Directory.CreateDirectory(folder);
        var report = Report(year);
        var xlsx = Path.Combine(folder, $"ranking-{year.Year}.xlsx");
        var json = Path.Combine(folder, $"ranking-{year.Year}.json");
        WriteAtomically(xlsx, s => RankingWorkbook.Write(s, report));
        WriteAtomically(json, s => RankingJson.Write(s, report));

        var cards = Path.Combine(folder, "scorecards");
        Directory.CreateDirectory(cards);
        var improvement = Path.Combine(folder, "improvement");
        Directory.CreateDirectory(improvement);
        // Each unit's scorecard and improvement report depend on nothing but the computed year: they are written on every
        // core, in the order of the groups and units for the lists returned.
        var units = year.Groups.SelectMany(g => g.Units.Where(u => u.Score is not null).Select(u => (Group: g, Unit: u))).ToList();
        var written = new string[units.Count];
        var reports = new string[units.Count];
        try
        {
            Parallel.For(0, units.Count, i =>
            {
                var (group, unit) = units[i];
                var (last, lastSet) = year.LastYearOf(group, unit);
                var path = Path.Combine(cards, $"{unit.Unit.Code}.xlsx");
                WriteAtomically(path, s => ScorecardWriter.Write(s, group, unit, last, lastSet));
                written[i] = path;
                var improvementPath = Path.Combine(improvement, $"{unit.Unit.Code}.xlsx");
                WriteAtomically(improvementPath, s => ImprovementReport.Write(s, group, unit));
                reports[i] = improvementPath;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first failure as it was thrown (a locked file is an IOException the callers answer in words).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        return new ExportedFiles(xlsx, json, written) { ImprovementReports = reports };
    }

    /// <summary>Writes to a temporary file and moves it in place, so that a failure never leaves half a file.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
            write(stream);
        File.Move(temp, path, overwrite: true);
    }
}
