namespace ParIndex.Scoring;

/// <summary>
/// A ranking group (khối): units are ranked only against units of the same group. Files and programs name a
/// group by its code (<c>departments</c>, the file name of its criteria set and the key of the ranking json);
/// people read its label (<see cref="Labels"/>).
/// </summary>
public enum RankingGroup
{
    /// <summary>Provincial departments and agencies (khối sở, ban, ngành): code <c>departments</c>.</summary>
    Departments,
    /// <summary>District people's committees (khối UBND cấp huyện): code <c>districts</c>.</summary>
    Districts,
    /// <summary>Commune people's committees (khối UBND cấp xã): code <c>communes</c>.</summary>
    Communes,
}

/// <summary>The codes of the ranking groups, as files and the interchange formats write them.</summary>
public static class RankingGroups
{
    // One table: a new group is one enum value, one row here and one label per culture.
    private static readonly (RankingGroup Group, string Code)[] Table =
    [
        (RankingGroup.Departments, "departments"),
        (RankingGroup.Districts, "districts"),
        (RankingGroup.Communes, "communes"),
    ];

    /// <summary>Every group's code, in the order of the enum.</summary>
    public static IReadOnlyList<string> Codes { get; } = Table.Select(t => t.Code).ToArray();

    /// <summary>The group's code (<c>departments</c>).</summary>
    public static string Code(this RankingGroup group) =>
        Table.First(t => t.Group == group).Code;

    /// <summary>Reads a code written in a file or sent to the API; false for anything else (no case folding: codes are exact).</summary>
    public static bool TryParse(string? code, out RankingGroup group)
    {
        foreach (var (g, c) in Table)
        {
            if (c != code) continue;
            group = g;
            return true;
        }
        group = default;
        return false;
    }
}
