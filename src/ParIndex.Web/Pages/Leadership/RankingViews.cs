using System.Collections.Concurrent;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Leadership;

/// <summary>
/// The pages' reading of a ranking document, parsed once per document (keyed by its ETag, a hash of its bytes) instead
/// of once per page view. The document comes from the gate on every view (<see cref="GetRankingDocument"/>): the key
/// is what the caller was allowed to read, so a parsed view is only ever handed to a caller who was given its bytes.
/// The views are immutable records.
/// </summary>
internal static class RankingViews
{
    private const int Capacity = 32;
    private static readonly ConcurrentDictionary<string, RankingView> Parsed = new(StringComparer.Ordinal);

    public static RankingView Of(RankingDocument document)
    {
        if (Parsed.TryGetValue(document.ETag, out var view)) return view;
        view = RankingView.Parse(System.Text.Encoding.UTF8.GetString(document.Utf8));
        if (Parsed.Count >= Capacity) Parsed.Clear();
        Parsed[document.ETag] = view;
        return view;
    }
}
