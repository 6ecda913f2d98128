using ParIndex.Data;

namespace ParIndex.Application.Features;

/// <summary>
/// Small reads of a database kept in this process while it saves nothing (<see cref="ParIndexDb.SavesInProcess"/>)
/// and for at most <see cref="Freshness"/>: a save here is seen at once, and a change made by another process (the
/// command line) at most that much later. For reads whose stale answer cannot show anything a reader may not see
/// (the latest publication, the list of rounds), never for drafts or permissions.
/// </summary>
internal sealed class ReadMemo<TKey, TValue> where TKey : notnull
{
    /// <summary>How long an answer is reused at most.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, TKey Key), (TValue Value, long Saves, long At)> seen = new();

    /// <summary>The answer kept for the database and key, or <paramref name="read"/>'s, kept from now.</summary>
    public async Task<TValue> GetAsync(ParIndexDb db, TKey key, Func<Task<TValue>> read)
    {
        var saves = ParIndexDb.SavesInProcess;
        var now = Environment.TickCount64;
        if (seen.TryGetValue((db.DatabaseKey, key), out var kept) && kept.Saves == saves && now - kept.At < Freshness.TotalMilliseconds)
            return kept.Value;
        var value = await read();
        seen[(db.DatabaseKey, key)] = (value, saves, now);
        return value;
    }
}
