using System.Globalization;

namespace ParIndex.Application;

/// <summary>
/// The one clock and time display of the service (giờ Việt Nam). Times are stored in UTC; everything a person
/// reads (pages, exports, the audit log) is the province's time, formatted here, whatever the server's zone.
/// The zone is a setting (<c>Province:TimeZone</c>, default Asia/Ho_Chi_Minh); the clock is the injected
/// <see cref="TimeProvider"/>, so tests set it.
/// </summary>
public sealed class ProvinceTime
{
    /// <summary>The province of the service's zone when none is set.</summary>
    public const string DefaultZone = "Asia/Ho_Chi_Minh";

    /// <summary>The setting that names the zone.</summary>
    public const string ZoneSetting = "Province:TimeZone";

    private const string Minutes = "dd/MM/yyyy HH:mm";
    private const string Seconds = "dd/MM/yyyy HH:mm:ss";
    private const string Day = "dd/MM/yyyy";

    private readonly TimeProvider _clock;

    public ProvinceTime(TimeProvider clock, string? zoneId = null)
    {
        _clock = clock;
        Zone = Find(string.IsNullOrWhiteSpace(zoneId) ? DefaultZone : zoneId);
    }

    /// <summary>The province's zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Now, in UTC, for storing.</summary>
    public DateTime UtcNow => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Now, in the province.</summary>
    public DateTime Now => ToProvince(UtcNow);

    /// <summary>Today's date in the province (deadlines, the year a form proposes).</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>A stored UTC time in the province.</summary>
    public DateTime ToProvince(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A stored UTC time as people read it: <c>01/01/2025 01:30</c>.</summary>
    public string Format(DateTime utc) => ToProvince(utc).ToString(Minutes, CultureInfo.InvariantCulture);

    /// <summary>An optional time, or a dash.</summary>
    public string Format(DateTime? utc) => utc is { } t ? Format(t) : "—";

    /// <summary>To the second, where order matters (the audit log): <c>01/01/2025 01:30:05</c>.</summary>
    public string FormatPrecise(DateTime utc) => ToProvince(utc).ToString(Seconds, CultureInfo.InvariantCulture);

    /// <summary>A date (a deadline, a decision's date): <c>01/01/2025</c>, or a dash.</summary>
    public static string Date(DateOnly? date) => date?.ToString(Day, CultureInfo.InvariantCulture) ?? "—";

    private static TimeZoneInfo Find(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) when (id == DefaultZone)
        {
            // A machine without the zone database: Vietnam has kept UTC+7 without daylight saving since 1975.
            return TimeZoneInfo.CreateCustomTimeZone(DefaultZone, TimeSpan.FromHours(7), "Giờ Việt Nam", "Giờ Việt Nam");
        }
    }
}
