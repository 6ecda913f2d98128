namespace ParIndex.Workbooks.Safety;

/// <summary>
/// How much a workbook may hold before any xlsx library opens it. An xlsx is a zip: a small upload can
/// inflate to gigabytes (a zip bomb), and the libraries build the whole sheet in memory. The defaults
/// leave a wide margin over real files (a self-assessment is under 2 MB unzipped; a survey file holds
/// tens of thousands of questionnaires) and are bound from the settings section <c>Workbooks</c>.
/// </summary>
public sealed record WorkbookLimits
{
    private const long MiB = 1024 * 1024;

    /// <summary>The file's own (compressed) size.</summary>
    public long MaxFileBytes { get; init; } = 20 * MiB;

    /// <summary>Parts inside the zip (a workbook has a dozen or two).</summary>
    public int MaxEntries { get; init; } = 1000;

    /// <summary>One part's unzipped size.</summary>
    public long MaxEntryBytes { get; init; } = 20 * MiB;

    /// <summary>All parts' unzipped size together.</summary>
    public long MaxTotalBytes { get; init; } = 40 * MiB;

    /// <summary>Unzipped bytes per zipped byte of a part (real sheet XML compresses 5–30 times; a bomb of zeros a thousand).</summary>
    public int MaxRatio { get; init; } = 200;

    /// <summary>The ratio is only judged for parts larger than this: a tiny part compresses oddly without harm.</summary>
    public long RatioFloorBytes { get; init; } = 1 * MiB;

    /// <summary>A self-assessment workbook (read whole by ClosedXML, so kept small). A new value each time: settings bind into it.</summary>
    public static WorkbookLimits SelfAssessment => new();

    /// <summary>A survey workbook (read as a stream, so only time grows with its size).</summary>
    public static WorkbookLimits Survey => new()
    {
        MaxFileBytes = 256 * MiB,
        MaxEntryBytes = 1000 * MiB,
        MaxTotalBytes = 1000 * MiB,
    };

    /// <summary>Megabytes for a message ("20", "20,1"), rounded up so that "over the limit" never reads as equal to it.</summary>
    public static string Mb(long bytes) => Scoring.Numbers.Vi(Math.Ceiling(bytes * 10m / MiB) / 10m);
}

/// <summary>The limits of the two kinds of workbook a user sends, as one settings object.</summary>
public sealed record WorkbookSettings
{
    /// <summary>Self-assessment workbooks (also those appraised by the council).</summary>
    public WorkbookLimits SelfAssessment { get; init; } = WorkbookLimits.SelfAssessment;

    /// <summary>Survey workbooks.</summary>
    public WorkbookLimits Survey { get; init; } = WorkbookLimits.Survey;

    /// <summary>The defaults.</summary>
    public static WorkbookSettings Default => new();
}
