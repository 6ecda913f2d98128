using System.Globalization;
using System.Resources;

namespace ParIndex.Scoring;

/// <summary>
/// The one catalogue of what people read for the domain's values (stages, groups, statuses, roles, rule
/// kinds, severities…), Vietnamese first (Labels.resx) and English (Labels.en.resx), keyed by
/// <c>EnumType.Value</c>. Code decides on the enums; only this turns them into words, so a page, an export
/// and a message never spell the same value two ways and never show a code.
/// </summary>
public static class Labels
{
    private static readonly ResourceManager Resources = new("ParIndex.Scoring.Labels", typeof(Labels).Assembly);

    /// <summary>Vietnamese, the first language: exports and messages are written in it whatever the reader's culture.</summary>
    public static CultureInfo Vietnamese { get; } = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The label of a value in the current UI culture (the page's language).</summary>
    public static string Of(Enum value) => Of(value, CultureInfo.CurrentUICulture);

    /// <summary>The label of a value in a culture; a value outside the enum reads «không xác định», never a number.</summary>
    public static string Of(Enum value, CultureInfo culture) =>
        Find(value, culture) ?? Resources.GetString("Unknown", culture) ?? "không xác định";

    /// <summary>The label in Vietnamese.</summary>
    public static string Vi(Enum value) => Of(value, Vietnamese);

    /// <summary>The label, or null when the catalogue has none (what the completeness test checks).</summary>
    public static string? Find(Enum value, CultureInfo culture)
    {
        var type = value.GetType();
        if (!Enum.IsDefined(type, value)) return null;
        return Resources.GetString($"{type.Name}.{value}", culture);
    }

    /// <summary>A ranking group's label from its code (<c>departments</c> → «Khối sở, ban, ngành»).</summary>
    public static string Group(string code) => Group(code, CultureInfo.CurrentUICulture);

    /// <summary>
    /// A ranking group's label from its code, in a culture. The API and the loaders accept only the domain's
    /// codes; a name outside them (a group written by hand in a test or an old file) is shown as written.
    /// </summary>
    public static string Group(string code, CultureInfo culture) =>
        RankingGroups.TryParse(code, out var group) ? Of(group, culture) : code;

    /// <summary>The same label starting in lower case, for the middle of a sentence («đang ở giai đoạn thẩm định lần 1»).</summary>
    public static string Lower(string label) =>
        label.Length == 0 ? label : char.ToLower(label[0], Vietnamese) + label[1..];

    /// <summary>Every enum the catalogue labels in this assembly.</summary>
    public static IReadOnlyList<Type> Enums { get; } =
    [
        typeof(RankingGroup), typeof(UnitStatus), typeof(ScoreSource), typeof(PreviousBasis), typeof(AreaDeltaWithheld),
        typeof(Criteria.RuleKind), typeof(Criteria.RankingMethod), typeof(Criteria.RankOn),
    ];
}
