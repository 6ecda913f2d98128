using ParIndex.Data;

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
}
