using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Export;

namespace ParIndex.Application.Features;

/// <summary>Which stored record a view is served from.</summary>
internal enum ResultKind
{
    /// <summary>A computation not (yet) published: the office's draft (a ResultRecord).</summary>
    Draft,

    /// <summary>A publication: frozen (a PublicationRecord).</summary>
    Publication,
}

/// <summary>A stored result, named without its (large) content.</summary>
internal sealed record StoredResult(ResultKind Kind, int Id, int Year, int? Number, string Fingerprint, DateTime At);

/// <summary>
/// Computations of stored results kept in memory, keyed by the record (kind, id, fingerprint and time, so two
/// databases served by one process never share an entry): a page view reads a computed year instead of
/// computing it. A stored record never changes, so an entry never goes stale; the oldest go when full.
/// </summary>
public sealed class ResultCache
{
    private const int Capacity = 16;
    private readonly object _lock = new();
    private readonly Dictionary<string, YearComputation> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();

    internal static string KeyOf(StoredResult r) =>
        FormattableString.Invariant($"{r.Kind}/{r.Id}/{r.Fingerprint}/{r.At.Ticks}");

    internal bool TryGet(StoredResult r, out YearComputation computation)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(KeyOf(r), out computation!)) return false;
            _order.Remove(KeyOf(r));
            _order.AddFirst(KeyOf(r));
            return true;
        }
    }

    internal void Put(StoredResult r, YearComputation computation)
    {
        var key = KeyOf(r);
        lock (_lock)
        {
            if (_entries.TryAdd(key, computation)) _order.AddFirst(key);
            while (_order.Count > Capacity)
            {
                _entries.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }
        }
    }

    private readonly Dictionary<string, RankingBytes> _documents = new(StringComparer.Ordinal);

    /// <summary>
    /// A stored record's result document, parsed, and its json as UTF-8 bytes with its ETag (a hash of the bytes),
    /// read from the database once per record: a record never changes, so the bytes are served as they are. The caller has passed the
    /// gate for this record; the key is the record, never the caller.
    /// </summary>
    internal async Task<RankingBytes> DocumentAsync(StoredResult r, Func<Task<string>> json)
    {
        var key = KeyOf(r);
        lock (_lock)
            if (_documents.TryGetValue(key, out var cached)) return cached;
        var text = await json();
        var document = new RankingBytes(Representations.Of(System.Text.Encoding.UTF8.GetBytes(text)), RankingDocument.FromJson(text));
        lock (_lock)
        {
            if (_documents.Count >= Capacity) _documents.Clear();
            _documents[key] = document;
        }
        return document;
    }

    /// <summary>Entries held (for tests).</summary>
    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }
}

/// <summary>
/// The service's half of the one computation path: gathers a year's <see cref="YearInputs"/> from the database
/// and computes through <see cref="ComputeYear.Compute"/>, stores results with their inputs, and serves stored
/// results (their computation cached by record).
/// </summary>
internal static class StoredYear
{
    public static string Versions(YearComputation c) =>
        string.Join("; ", c.Groups.Select(g => $"{g.Set.Group} {g.Set.Version}"));

    /// <summary>The result document of a computation as stored json.</summary>
    public static string Json(YearComputation computation) => WriteExports.Report(computation).Document().ToJson();

    /// <summary>A unit's current submission of a round: its latest accepted revision unless withdrawn, as the unit entered it.</summary>
    public sealed record CurrentSubmission(int Id, string UnitCode, string Sha256, UnitAssessment Assessment);

    /// <summary>
    /// Each unit's latest accepted submission of a round, parsed (without appraisals or explanations). A stored submission
    /// never changes (another upload is another revision): each is read and parsed once. With <paramref name="unitCode"/>,
    /// that unit's only.
    /// </summary>
    public static async Task<IReadOnlyList<CurrentSubmission>> CurrentSubmissionsAsync(ParIndexDb db, int roundId, CancellationToken ct,
        string? unitCode = null)
    {
        var current = (await db.Submissions.AsNoTracking().Where(s => s.RoundId == roundId && (unitCode == null || s.UnitCode == unitCode)).Where(SubmissionRecord.Stands)
                .Select(s => new { s.Id, s.UnitCode, s.Revision, s.Sha256 }).ToListAsync(ct))
            .GroupBy(s => s.UnitCode).Select(g => g.MaxBy(s => s.Revision)!).OrderBy(s => s.UnitCode, StringComparer.Ordinal).ToList();
        var parsed = current.ToDictionary(s => s.Id, s => ParsedSubmissions.Find(db, s.Id, s.Sha256));
        var missing = parsed.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
        if (missing.Count > 0)
            foreach (var row in await db.Submissions.AsNoTracking().Where(s => missing.Contains(s.Id))
                         .Select(s => new { s.Id, s.Sha256, s.AssessmentJson }).ToListAsync(ct))
                parsed[row.Id] = ParsedSubmissions.Keep(db, row.Id, row.Sha256,
                    JsonSerializer.Deserialize<UnitAssessment>(row.AssessmentJson!, Store.Json)!);
        return current.Select(s => new CurrentSubmission(s.Id, s.UnitCode, s.Sha256, parsed[s.Id]!)).ToList();
    }

    /// <summary>
    /// Gathers a year's inputs from the live tables. With <paramref name="full"/> false only the fingerprint is
    /// worked out (from the stored hashes; no survey workbook is read): the cheap test of whether a draft is stale.
    /// </summary>
    public static async Task<YearInputs> GatherAsync(ParIndexDb db, int year, bool full, YearInputs? previous, CancellationToken ct,
        bool withAnnexes = true)
    {
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Year == year).ToListAsync(ct);
        if (rounds.Count == 0) throw new NotFoundException($"Năm {year} chưa có vòng đánh giá nào.");

        var fingerprint = new Fingerprint();
        var units = await Store.UnitsAsync(db, ct);
        fingerprint.AddText("units", Fingerprint.Canonical(units));
        var sets = new Dictionary<string, CriteriaSet>(StringComparer.Ordinal);
        var sources = new List<CriteriaInput>();
        foreach (var record in await db.CriteriaSets.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct))
        {
            if (rounds.All(r => r.Group != record.Group)) continue;
            sets[record.Group] = Store.Parse(record);
            sources.Add(new CriteriaInput(record.Group, record.Source, record.Yaml));
            fingerprint.AddText("criteria/" + record.Source, record.Yaml);
        }
        var assessed = units.Where(u => u.IsAssessedIn(year) && sets.ContainsKey(u.Group)).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);

        var assessments = new Dictionary<string, UnitAssessment>(StringComparer.Ordinal);
        var appraisalLines = new List<string>();
        foreach (var round in rounds.Where(r => sets.ContainsKey(r.Group)))
        {
            var current = (await CurrentSubmissionsAsync(db, round.Id, ct)).Where(s => assessed.Contains(s.UnitCode)).ToList();
            var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.RoundId == round.Id).ToListAsync(ct);
            var explanations = await db.Explanations.AsNoTracking().Where(e => e.RoundId == round.Id).ToListAsync(ct);
            foreach (var s in current)
            {
                fingerprint.AddHash($"{year}/self-assessments/{s.UnitCode}.xlsx", s.Sha256);
                var assessment = s.Assessment;
                var leaves = assessment.Leaves.ToDictionary(kv => kv.Key, kv => kv.Value);
                foreach (var a in appraisals.Where(a => a.UnitCode == s.UnitCode && leaves.ContainsKey(a.LeafCode)).OrderBy(a => a.Stage))
                {
                    leaves[a.LeafCode] = a.Stage == 1
                        ? leaves[a.LeafCode] with { Appraisal1 = a.Points, AppraisalReason = a.Reason }
                        : leaves[a.LeafCode] with { Appraisal2 = a.Points, AppraisalReason = a.Reason };
                    appraisalLines.Add(FormattableString.Invariant($"{a.UnitCode}|{a.LeafCode}|{a.Stage}|{a.Points}|{a.Reason}"));
                }
                foreach (var e in explanations.Where(e => e.UnitCode == s.UnitCode && leaves.ContainsKey(e.LeafCode)))
                {
                    leaves[e.LeafCode] = leaves[e.LeafCode] with { Explanation = e.Text };
                    appraisalLines.Add($"{e.UnitCode}|{e.LeafCode}|giải trình|{e.Text}");
                }
                assessments[s.UnitCode] = assessment with { Leaves = leaves };
            }
        }
        if (appraisalLines.Count > 0)
            fingerprint.AddText($"{year}/appraisals-and-explanations", string.Join('\n', appraisalLines.Order(StringComparer.Ordinal)));

        var surveys = await db.SurveyImports.AsNoTracking().Where(s => s.Year == year && s.Active).OrderBy(s => s.FileName)
            .Select(s => new { s.Id, s.FileName, s.Sha256 }).ToListAsync(ct);
        foreach (var survey in surveys) fingerprint.AddHash($"{year}/survey/{survey.FileName}", survey.Sha256);
        IReadOnlyDictionary<string, UnitSurvey> tallies = new Dictionary<string, UnitSurvey>();
        if (full && surveys.Count > 0)
        {
            var accumulator = await SurveyHandlers.AccumulatorAsync(db, year, ct);
            foreach (var survey in surveys)
            {
                var content = await db.SurveyImports.AsNoTracking().Where(s => s.Id == survey.Id).Select(s => s.Content).SingleAsync(ct);
                accumulator.Read(new MemoryStream(content, writable: false), survey.FileName);
            }
            tallies = accumulator.Tallies();
        }

        // Y−1's published annexes imported with `db baseline`, for the groups Y−1 has no round of (a computed year wins).
        var annexes = new List<AnnexInput>();
        var baselines = new List<Baseline>();
        if (withAnnexes)
        {
            var prior = year - 1;
            var priorGroups = await db.Rounds.AsNoTracking().Where(r => r.Year == prior).Select(r => r.Group).ToListAsync(ct);
            foreach (var record in (await db.Baselines.AsNoTracking().Where(b => b.Year == prior).ToListAsync(ct))
                     .Where(b => !priorGroups.Contains(b.Group)).OrderBy(b => b.Group, StringComparer.Ordinal))
            {
                fingerprint.AddHash(ComputeYear.AnnexName(prior, record.Group), record.Sha256);
                if (!full) continue;
                var set = await db.CriteriaSets.AsNoTracking().SingleOrDefaultAsync(c => c.Year == prior && c.Group == record.Group, ct);
                var annex = new AnnexInput(prior, record.Group, ComputeYear.AnnexName(prior, record.Group), record.Content,
                    set is null ? null : new CriteriaInput(set.Group, set.Source, set.Yaml));
                annexes.Add(annex);
                if (ComputeYear.ReadAnnex(annex, units).Baseline is { } baseline) baselines.Add(baseline);
            }
        }

        return new YearInputs(year, units, sources, assessments, tallies, fingerprint.ToString(), previous)
        {
            Sets = sets, Annexes = annexes, Baselines = baselines,
        };
    }

    /// <summary>
    /// Y−1's inputs for the deltas: its latest publication's frozen inputs when it was published (so a published
    /// year's figures reach the next year unchanged), else its live inputs; none when Y−1 has no round.
    /// </summary>
    public static async Task<(YearInputs? Inputs, string Fingerprint)> PreviousAsync(ParIndexDb db, int year, bool full, CancellationToken ct)
    {
        var prior = year - 1;
        var publication = await LatestPublicationAsync(db, prior, ct);
        if (publication is not null && await HasInputsAsync(db, publication, ct))
            return (full ? (await InputsOfAsync(db, publication, ct)) with { Previous = null } : null, publication.Fingerprint);
        if (!await db.Rounds.AnyAsync(r => r.Year == prior, ct)) return (null, "");
        var live = await GatherAsync(db, prior, full, null, ct, withAnnexes: false);
        return (full ? live : null, live.Fingerprint);
    }

    /// <summary>The year's inputs as they stand now, with Y−1's for the deltas.</summary>
    public static async Task<YearInputs> LiveInputsAsync(ParIndexDb db, int year, CancellationToken ct)
    {
        var (previous, _) = await PreviousAsync(db, year, full: true, ct);
        return await GatherAsync(db, year, full: true, previous, ct);
    }

    /// <summary>Computes the year from the live tables and stores the draft with its inputs.</summary>
    public static async Task<(ResultRecord, YearComputation)> ComputeAndStoreAsync(ParIndexDb db, ResultCache cache, int year, string by, CancellationToken ct)
    {
        var computation = ComputeYear.Compute(await LiveInputsAsync(db, year, ct));
        var record = new ResultRecord
        {
            Year = year, Json = Json(computation), Fingerprint = computation.Fingerprint, CriteriaVersions = Versions(computation),
            ComputedAt = db.AuditContext.Clock.GetUtcNow().UtcDateTime, ComputedBy = by, InputsJson = computation.Inputs!.ToJson(),
            PreviousFingerprint = computation.Inputs.Previous?.Fingerprint ?? "",
        };
        db.Results.Add(record);
        db.AuditContext.Reason ??= $"Tính kết quả năm {year}";
        await db.SaveChangesAsync(ct);
        cache.Put(Of(record), computation);
        return (record, computation);
    }

    /// <summary>
    /// The year's current draft. Drafts are refreshed lazily: the stored draft serves as long as the live inputs'
    /// fingerprint (worked out from stored hashes, no workbook read) and Y−1's are those it was computed from;
    /// otherwise (a unit edited, a workbook uploaded, an appraisal entered, Y−1 published…) the year is computed
    /// again and stored as a new draft. Mutating handlers therefore need not remember to recompute anything.
    /// </summary>
    public static async Task<StoredResult> DraftAsync(ParIndexDb db, ResultCache cache, int year, string by, CancellationToken ct)
    {
        var live = await GatherAsync(db, year, full: false, null, ct);
        var (_, previous) = await PreviousAsync(db, year, full: false, ct);
        var latest = await db.Results.AsNoTracking().Where(r => r.Year == year).OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Fingerprint, r.ComputedAt, r.PreviousFingerprint, Stored = r.InputsJson != "" })
            .FirstOrDefaultAsync(ct);
        if (latest is not null && latest.Stored && latest.Fingerprint == live.Fingerprint && latest.PreviousFingerprint == previous)
            return new StoredResult(ResultKind.Draft, latest.Id, year, null, latest.Fingerprint, latest.ComputedAt);
        db.AuditContext.Reason ??= $"Tính lại kết quả năm {year}: dữ liệu đầu vào đã thay đổi";
        var (record, _) = await ComputeAndStoreAsync(db, cache, year, by, ct);
        return Of(record);
    }

    public static StoredResult Of(ResultRecord r) => new(ResultKind.Draft, r.Id, r.Year, null, r.Fingerprint, r.ComputedAt);

    public static StoredResult Of(PublicationRecord p) => new(ResultKind.Publication, p.Id, p.Year, p.Number, p.Fingerprint, p.PublishedAt);

    public static async Task<StoredResult?> LatestPublicationAsync(ParIndexDb db, int year, CancellationToken ct) =>
        await db.Publications.AsNoTracking().Where(p => p.Year == year).OrderByDescending(p => p.Number)
            .Select(p => new StoredResult(ResultKind.Publication, p.Id, p.Year, p.Number, p.Fingerprint, p.PublishedAt))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// <see cref="LatestPublicationAsync"/> for readers of publications only (leadership, the public), kept in memory per
    /// database and year (see <see cref="ReadMemo{TKey,TValue}"/>). A publication never changes nor goes away, and a
    /// reader never sees a draft through it, so the only stale answer possible is that a publication just made by
    /// another process (the command line) shows up to <see cref="ReadMemo{TKey,TValue}.Freshness"/> later.
    /// </summary>
    public static Task<StoredResult?> LatestPublicationSeenAsync(ParIndexDb db, int year, CancellationToken ct) =>
        LatestSeen.GetAsync(db, year, () => LatestPublicationAsync(db, year, ct));

    private static readonly ReadMemo<int, StoredResult?> LatestSeen = new();

    public static async Task<StoredResult?> PublicationAsync(ParIndexDb db, int year, int number, CancellationToken ct) =>
        await db.Publications.AsNoTracking().Where(p => p.Year == year && p.Number == number)
            .Select(p => new StoredResult(ResultKind.Publication, p.Id, p.Year, p.Number, p.Fingerprint, p.PublishedAt))
            .SingleOrDefaultAsync(ct);

    public static async Task<string> JsonOfAsync(ParIndexDb db, StoredResult r, CancellationToken ct) => r.Kind == ResultKind.Draft
        ? await db.Results.AsNoTracking().Where(x => x.Id == r.Id).Select(x => x.Json).SingleAsync(ct)
        : await db.Publications.AsNoTracking().Where(x => x.Id == r.Id).Select(x => x.Json).SingleAsync(ct);

    private static async Task<bool> HasInputsAsync(ParIndexDb db, StoredResult r, CancellationToken ct) => r.Kind == ResultKind.Draft
        ? await db.Results.AnyAsync(x => x.Id == r.Id && x.InputsJson != "", ct)
        : await db.Publications.AnyAsync(x => x.Id == r.Id && x.InputsJson != "", ct);

    /// <summary>
    /// The frozen inputs of a stored result. A record stored before results kept their inputs has none: it is
    /// served from the live tables, as it was then.
    /// </summary>
    public static async Task<YearInputs> InputsOfAsync(ParIndexDb db, StoredResult r, CancellationToken ct)
    {
        var json = r.Kind == ResultKind.Draft
            ? await db.Results.AsNoTracking().Where(x => x.Id == r.Id).Select(x => x.InputsJson).SingleAsync(ct)
            : await db.Publications.AsNoTracking().Where(x => x.Id == r.Id).Select(x => x.InputsJson).SingleAsync(ct);
        return json.Length > 0 ? YearInputs.FromJson(json) : await LiveInputsAsync(db, r.Year, ct);
    }

    /// <summary>The computation of a stored result, from its frozen inputs, cached by record.</summary>
    public static async Task<YearComputation> ComputationAsync(ParIndexDb db, ResultCache cache, StoredResult r, CancellationToken ct)
    {
        if (cache.TryGet(r, out var cached)) return cached;
        var computation = ComputeYear.Compute(await InputsOfAsync(db, r, ct));
        cache.Put(r, computation);
        return computation;
    }
}

/// <summary>
/// Self-assessments parsed from stored submissions, kept by database, submission and file hash: a stored submission
/// never changes, so gathering a year's inputs (every draft view compares their fingerprint) parses each once, not once
/// per view. Bounded in count; cleared when full.
/// </summary>
internal static class ParsedSubmissions
{
    /// <summary>How many parsed submissions are kept at most.</summary>
    public const int Capacity = 20_000;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, int Id, string Sha256), UnitAssessment> Kept = new();

    /// <summary>The kept assessment of the submission, if any.</summary>
    public static UnitAssessment? Find(ParIndexDb db, int id, string sha256) =>
        Kept.TryGetValue((db.DatabaseKey, id, sha256), out var kept) ? kept : null;

    /// <summary>Keeps the parsed assessment of the submission and returns it.</summary>
    public static UnitAssessment Keep(ParIndexDb db, int id, string sha256, UnitAssessment assessment)
    {
        if (Kept.Count >= Capacity) Kept.Clear();
        return Kept[(db.DatabaseKey, id, sha256)] = assessment;
    }
}

