using ParIndex.Application;
using ParIndex.Data;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Hosting;

/// <summary>Settings read and checked before the service starts, so a wrong one stops it with a message a person can act on.</summary>
internal static class StartupChecks
{
    /// <summary>Reads <c>Database:Provider</c> and <c>ConnectionStrings:ParIndex</c>; throws with the reason when they are wrong.</summary>
    public static DatabaseOptions Database(IConfiguration configuration)
    {
        try
        {
            return DatabaseOptions.From(configuration);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"ParIndex không khởi động được — cấu hình cơ sở dữ liệu sai: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the section <c>Workbooks</c> (<c>SelfAssessment</c> and <c>Survey</c>, each with the properties of
    /// <see cref="WorkbookLimits"/>); what is not set keeps its default. Throws when a limit is not positive.
    /// </summary>
    public static WorkbookSettings Workbooks(IConfiguration configuration)
    {
        var settings = configuration.GetSection("Workbooks").Get<WorkbookSettings>() ?? WorkbookSettings.Default;
        foreach (var (name, limits) in new[] { ("SelfAssessment", settings.SelfAssessment), ("Survey", settings.Survey) })
            if (limits.MaxFileBytes <= 0 || limits.MaxEntries <= 0 || limits.MaxEntryBytes <= 0 || limits.MaxTotalBytes <= 0
                || limits.MaxRatio <= 0 || limits.RatioFloorBytes < 0)
                throw new InvalidOperationException($"ParIndex không khởi động được — giới hạn tệp bảng tính Workbooks:{name} phải là số dương.");
        return settings;
    }

    /// <summary>Reads the section <c>Evidence</c> (<see cref="EvidenceSettings"/>); throws with the reason when a value is wrong.</summary>
    public static EvidenceSettings Evidence(IConfiguration configuration, DatabaseOptions database)
    {
        try
        {
            return EvidenceSettings.From(configuration, database);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"ParIndex không khởi động được — {e.Message}", e);
        }
    }
}
