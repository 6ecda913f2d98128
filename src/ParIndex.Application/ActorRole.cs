namespace ParIndex.Application;

/// <summary>
/// A person's role (vai trò). Accounts store the role's code (<see cref="Roles"/>, Identity's role name);
/// handlers decide on this enum and people read its label (<see cref="Scoring.Labels"/>).
/// </summary>
public enum ActorRole
{
    /// <summary>The provincial reform office (Phòng CCHC, Sở Nội vụ): runs the cycle. Code <c>office</c>.</summary>
    Office,
    /// <summary>A unit's focal point (công chức đầu mối CCHC). Code <c>focal</c>.</summary>
    FocalPoint,
    /// <summary>Leadership (lãnh đạo): reads. Code <c>leadership</c>.</summary>
    Leadership,
    /// <summary>A specialist department's appraiser (cán bộ thẩm định, e.g. Sở Tư pháp): appraises the leaves assigned to its
    /// unit (<c>appraised_by</c>) for every unit of a round. Code <c>appraiser</c>.</summary>
    Appraiser,
    /// <summary>The service itself (hệ thống): start-up, seeding, the command line. No account has it.</summary>
    System,
    /// <summary>Anyone, without signing in: the public results page (practice.md §10), published years only.</summary>
    Public,
}

/// <summary>The codes of the roles, as accounts and the API write them.</summary>
public static class ActorRoles
{
    /// <summary>The roles an account can have, in the order forms list them.</summary>
    public static IReadOnlyList<ActorRole> Assignable { get; } = [ActorRole.Office, ActorRole.FocalPoint, ActorRole.Leadership, ActorRole.Appraiser];

    /// <summary>The role's code (Identity's role name).</summary>
    public static string Code(this ActorRole role) => role switch
    {
        ActorRole.Office => Roles.Office,
        ActorRole.FocalPoint => Roles.FocalPoint,
        ActorRole.Leadership => Roles.Leadership,
        ActorRole.Appraiser => Roles.Appraiser,
        _ => "system",
    };

    /// <summary>A role's label from its code (the catalogue's); a dash for no role.</summary>
    public static string Label(string? code, System.Globalization.CultureInfo culture) =>
        TryParse(code, out var role) ? Scoring.Labels.Of(role, culture) : "—";

    /// <summary>Reads a role's code; false for anything but an assignable role's code.</summary>
    public static bool TryParse(string? code, out ActorRole role)
    {
        foreach (var r in Assignable)
        {
            if (r.Code() != code) continue;
            role = r;
            return true;
        }
        role = default;
        return false;
    }
}

/// <summary>The roles (vai trò) of the service.</summary>
public static class Roles
{
    /// <summary>The provincial reform office (Phòng CCHC, Sở Nội vụ): runs the cycle.</summary>
    public const string Office = "office";

    /// <summary>A unit's focal point (công chức đầu mối CCHC): submits their own unit's self-assessment.</summary>
    public const string FocalPoint = "focal";

    /// <summary>Leadership (lãnh đạo UBND tỉnh, Sở Nội vụ): reads.</summary>
    public const string Leadership = "leadership";

    /// <summary>A specialist department's appraiser (cán bộ thẩm định): bound to its unit, appraises the leaves assigned to it.</summary>
    public const string Appraiser = "appraiser";

    /// <summary>Every role.</summary>
    public static readonly string[] All = [Office, FocalPoint, Leadership, Appraiser];

    /// <summary>The roles whose accounts belong to a unit.</summary>
    public static bool HasUnit(string? role) => role is FocalPoint or Appraiser;
}
