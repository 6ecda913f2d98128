using System.Globalization;
using ParIndex.Scoring;

namespace ParIndex.Application;

/// <summary>
/// The criteria versions a result was computed with, as people read them: stored (and fingerprinted) as
/// <c>departments 2024.1; districts 2024.1</c>, shown as «Khối sở, ban, ngành: 2024.1; Khối UBND cấp huyện: 2024.1».
/// </summary>
public static class CriteriaVersionsText
{
    /// <summary>The stored list in words, in the current UI culture.</summary>
    public static string Format(string stored) => Format(stored, CultureInfo.CurrentUICulture);

    /// <summary>The stored list in words, in a culture.</summary>
    public static string Format(string stored, CultureInfo culture) =>
        string.Join("; ", stored.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
        {
            var space = item.IndexOf(' ');
            return space < 0 ? item : $"{Labels.Group(item[..space], culture)}: {item[(space + 1)..]}";
        }));
}
