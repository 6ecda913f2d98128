namespace ParIndex.Web.Hosting;

/// <summary>The environments of the service beyond ASP.NET Core's Development, Staging and Production.</summary>
public static class ServiceEnvironments
{
    /// <summary>The demonstration: the sample province and demo accounts, printed at start. Nowhere else do demo accounts exist.</summary>
    public const string Demo = "Demo";

    /// <summary>Automated tests: adds a test-only endpoint that throws each kind of error.</summary>
    public const string Testing = "Testing";

    /// <summary>True in the demonstration environment.</summary>
    public static bool IsDemo(this IHostEnvironment environment) => environment.IsEnvironment(Demo);

    /// <summary>True under automated tests.</summary>
    public static bool IsTesting(this IHostEnvironment environment) => environment.IsEnvironment(Testing);
}
