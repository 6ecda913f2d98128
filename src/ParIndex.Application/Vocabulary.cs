using ParIndex.Scoring;

namespace ParIndex.Application;

/// <summary>The boundary checks of the domain's codes: a value people or programs send must be one the domain has.</summary>
internal static class Vocabulary
{
    /// <summary>Refuses (400) a ranking group code the domain does not have, naming the field.</summary>
    public static RankingGroup RequireGroup(string? code, string field = "group") =>
        RankingGroups.TryParse(code, out var group)
            ? group
            : throw new InvalidRequestException(
                $"Khối ({field}) \"{code}\" không có: dùng một trong {string.Join(", ", RankingGroups.Codes)}.");
}
