using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ParIndex.Workbooks.Tests")]

namespace ParIndex.Workbooks.Survey;

/// <summary>
/// The questionnaire ids read so far, for the duplicate check: 63-bit fingerprints of "unit\u0001id" in one
/// hash table. The ids of the file being read go into the same table, marked pending: accepting the file clears
/// the marks (no second copy), rejecting it removes them (no trace).
/// </summary>
/// <remarks>
/// <para>The table is extendible hashing over pages of <see cref="PageSlots"/> slots (8 KB), each an
/// open-addressing table with linear probing. A page that is 70 % full splits in two by one more bit of the
/// hash: half its entries move to one new page and the rest are re-placed where they are. So the table never
/// copies itself whole and leaves no old array behind, as one array that doubles does (the old arrays stay on
/// the large object heap until a full collection: 3 MB more at 200,000 questionnaires).</para>
/// <para>Memory: pages are between 35 % and 70 % full, so 11–23 bytes per questionnaire, plus a directory of
/// 8–16 bytes per page (under 0.05 byte per questionnaire), plus the first <see cref="RowsRemembered"/> ids of
/// the file being read with their rows (at most 96 KB, reused from file to file).</para>
/// <para>False duplicates: two different questionnaires are taken for one when their fingerprints are equal.
/// A fingerprint is FNV-1a 64 with its top bit cleared (that bit is the pending mark, and 0 means an empty
/// slot), so 63 bits: for n questionnaires the chance of any such collision is about n² / 2⁶⁴, i.e. 5·10⁻⁸ for
/// a million and 5·10⁻⁶ for ten million.</para>
/// </remarks>
internal sealed class QuestionnaireIds
{
    /// <summary>Where an id was met before.</summary>
    public enum Seen
    {
        /// <summary>Not before: it is now in the table, pending.</summary>
        New,

        /// <summary>Earlier in the file being read.</summary>
        InThisFile,

        /// <summary>In a file accepted before.</summary>
        InEarlierFile,
    }

    /// <summary>How many ids of the file being read are kept with their row, for the duplicate message.</summary>
    public const int RowsRemembered = 8192;

    /// <summary>Slots per page: 8 KB.</summary>
    public const int PageSlots = 1024;

    private const int PageLimit = PageSlots * 7 / 10; // a page this full splits before it takes another entry
    private const ulong Pending = 1UL << 63;
    private const ulong Empty = 0;

    // Page of a hash: its top _depth bits index the directory; pages of a smaller depth fill several entries.
    private Page[] _directory;
    private int _depth;
    private List<Page> _pages; // each page once
    private int _count; // entries, pending ones included
    private int _pending; // entries of the file being read

    // The first RowsRemembered ids of the file being read and their rows, for a duplicate's message.
    private ulong[] _fileKeys = [];
    private int[] _fileRows = [];

    public QuestionnaireIds() => (_directory, _depth, _pages) = Fresh();

    /// <summary>The fingerprint of a questionnaire: FNV-1a 64 over the UTF-16 code units of unit, U+0001, id; top bit cleared; never 0.</summary>
    public static ulong Fingerprint(string unit, string id)
    {
        const ulong prime = 1099511628211UL;
        var hash = 14695981039346656037UL;
        foreach (var c in unit) hash = (hash ^ c) * prime;
        hash = (hash ^ 1) * prime;
        foreach (var c in id) hash = (hash ^ c) * prime;
        hash &= ~Pending;
        return hash == Empty ? 1 : hash;
    }

    /// <summary>Adds a questionnaire of the file being read, unless it was met before (then the table is unchanged).</summary>
    /// <param name="key">Its <see cref="Fingerprint"/>.</param>
    /// <param name="row">Its row in the file, remembered for the first <see cref="RowsRemembered"/> ids.</param>
    public Seen Add(ulong key, int row)
    {
        var hash = Mix(key);
        while (true)
        {
            var page = _directory[DirectoryIndex(hash)];
            var i = Find(page.Slots, key, hash);
            if (page.Slots[i] != Empty)
                return (page.Slots[i] & Pending) != 0 ? Seen.InThisFile : Seen.InEarlierFile;
            if (page.Count < PageLimit)
            {
                if (_pending < RowsRemembered) Remember(key, row); // may allocate: before the table changes
                page.Slots[i] = key | Pending;
                page.Count++;
                page.Pending++;
                _count++;
                _pending++;
                return Seen.New;
            }
            Split(page, hash);
        }
    }

    /// <summary>The row of a pending id when it is among the first <see cref="RowsRemembered"/> of the file; else 0.</summary>
    public int FirstRowInFile(ulong key)
    {
        var index = Array.IndexOf(_fileKeys, key, 0, Math.Min(_pending, RowsRemembered));
        return index < 0 ? 0 : _fileRows[index];
    }

    /// <summary>The file being read is accepted: its ids stay, as ids of an earlier file.</summary>
    public void Commit()
    {
        foreach (var page in _pages)
        {
            if (page.Pending == 0) continue;
            foreach (ref var slot in page.Slots.AsSpan())
                slot &= ~Pending;
            page.Pending = 0;
        }
        _pending = 0;
    }

    /// <summary>The file being read is rejected: its ids are removed, the accepted ones stay.</summary>
    public void Rollback()
    {
        if (_pending == 0) return;
        foreach (var page in _pages)
        {
            if (page.Pending == 0) continue;
            page.Count -= Sift(page, null, 0);
            page.Pending = 0;
        }
        _count -= _pending;
        _pending = 0;
        // A large rejected file must not leave the table large: when the pages are mostly empty, build it anew.
        if (_pages.Count > 1 && _count < _pages.Count * (PageLimit / 8))
            Rebuild();
    }

    /// <summary>The hash that places a key: Fibonacci hashing, whose top bits are good (FNV-1a's low bits are weak).</summary>
    private static ulong Mix(ulong entry) => (entry & ~Pending) * 0x9E3779B97F4A7C15UL;

    // The top _depth bits (none when _depth is 0) pick the page; bits 32–41 the slot in it. The two overlap only
    // past 2²² pages (32 GB), and then only probing gets slower.
    private int DirectoryIndex(ulong hash) => (int)((hash >> 1) >> (63 - _depth));

    private static int Home(ulong hash) => (int)(hash >> 32) & (PageSlots - 1);

    /// <summary>The slot holding this key (pending or not), or the empty slot where it would go.</summary>
    private static int Find(ulong[] slots, ulong key, ulong hash)
    {
        var i = Home(hash);
        while (slots[i] != Empty && (slots[i] & ~Pending) != key)
            i = (i + 1) & (PageSlots - 1);
        return i;
    }

    private static void Put(ulong[] slots, ulong entry)
    {
        var i = Home(Mix(entry));
        while (slots[i] != Empty) i = (i + 1) & (PageSlots - 1);
        slots[i] = entry;
    }

    private static (Page[] Directory, int Depth, List<Page> Pages) Fresh()
    {
        var page = new Page(0);
        return ([page], 0, [page]);
    }

    /// <summary>Splits a full page by the next bit of the hash into itself and a new page.</summary>
    private void Split(Page page, ulong hash)
    {
        // What allocates comes first: if it throws, the table is as it was.
        var sibling = new Page(page.Depth + 1);
        if (page.Depth == _depth)
        {
            // Every page is pointed to by twice as many entries.
            var directory = new Page[_directory.Length * 2];
            for (var j = 0; j < directory.Length; j++) directory[j] = _directory[j / 2];
            _directory = directory;
            _depth++;
        }
        _pages.Add(sibling);

        // The entries pointing to this page are a run of 2^(_depth - Depth); the second half goes to the new page.
        var run = 1 << (_depth - page.Depth);
        var start = DirectoryIndex(hash) & ~(run - 1);
        page.Depth++;
        for (var j = start + run / 2; j < start + run; j++) _directory[j] = sibling;

        var moved = Sift(page, sibling, 1UL << (64 - page.Depth));
        page.Count -= moved;
        sibling.Count = moved;
        page.Pending -= sibling.Pending;
    }

    /// <summary>
    /// Takes entries out of a page: the pending ones when <paramref name="sibling"/> is null, else those with
    /// <paramref name="bit"/> set in their hash, moved into the sibling. The others are re-placed without a
    /// second page: the walk starts after a slot that was already empty, so no probe sequence crosses its start;
    /// each kept entry is taken out and put back at the first empty slot from its home, which is at most where
    /// it was, and every slot from its home to there has been walked and is final. So every entry stays reachable.
    /// </summary>
    /// <returns>How many entries left the page.</returns>
    private static int Sift(Page page, Page? sibling, ulong bit)
    {
        var slots = page.Slots;
        var start = Array.IndexOf(slots, Empty); // exists: a page is at most 70 % full
        var left = 0;
        for (var n = 1; n < PageSlots; n++)
        {
            var i = (start + n) & (PageSlots - 1);
            var entry = slots[i];
            if (entry == Empty) continue;
            slots[i] = Empty;
            if (sibling is null ? (entry & Pending) == 0 : (Mix(entry) & bit) == 0)
            {
                Put(slots, entry);
                continue;
            }
            left++;
            if (sibling is null) continue;
            Put(sibling.Slots, entry);
            if ((entry & Pending) != 0) sibling.Pending++;
        }
        return left;
    }

    /// <summary>Puts the entries (none pending) into new pages, as few as they need; the old ones are dropped.</summary>
    private void Rebuild()
    {
        var fresh = new QuestionnaireIds();
        foreach (var page in _pages)
            foreach (var entry in page.Slots)
                if (entry != Empty) fresh.Insert(entry);
        (_directory, _depth, _pages) = (fresh._directory, fresh._depth, fresh._pages);
    }

    /// <summary>Adds an entry that is not in the table, as it is (pending or not).</summary>
    private void Insert(ulong entry)
    {
        var hash = Mix(entry);
        var page = _directory[DirectoryIndex(hash)];
        while (page.Count >= PageLimit)
        {
            Split(page, hash);
            page = _directory[DirectoryIndex(hash)];
        }
        Put(page.Slots, entry);
        page.Count++;
        if ((entry & Pending) != 0) page.Pending++;
    }

    private void Remember(ulong key, int row)
    {
        if (_pending == _fileKeys.Length)
        {
            var size = Math.Min(Math.Max(256, _fileKeys.Length * 2), RowsRemembered);
            Array.Resize(ref _fileKeys, size);
            Array.Resize(ref _fileRows, size);
        }
        _fileKeys[_pending] = key;
        _fileRows[_pending] = row;
    }

    /// <summary>One page: its slots, and how many of the hash's top bits all its entries share.</summary>
    private sealed class Page(int depth)
    {
        // On the pinned object heap, not among the reader's short-lived objects: pages live as long as the
        // accumulator, and there they are neither copied by compaction nor left scattered in half-empty regions
        // (measured: 3–5 MB less committed at 200,000 questionnaires).
        public ulong[] Slots { get; } = GC.AllocateArray<ulong>(PageSlots, pinned: true);
        public int Depth { get; set; } = depth;
        public int Count { get; set; }
        public int Pending { get; set; } // entries of the file being read
    }
}
