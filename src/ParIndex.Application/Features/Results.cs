using System.Text;
using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using ParIndex.Workbooks.Export;

namespace ParIndex.Application.Features;

/// <summary>A computed or published ranking as the API lists it.</summary>
public sealed record RankingInfo(int Year, bool Published, int? PublicationNumber, string? Decision, DateOnly? Date,
    string Fingerprint, string CriteriaVersions, DateTime At, string By, int? Corrects, string? CorrectionReason);

/// <summary>Computes a year from the stored inputs and keeps the result (office only; refused once published).</summary>
public sealed record ComputeRanking(Actor Actor, int Year) : IRequest<RankingInfo>;

/// <summary>
/// Publishes a year (office only): computes from the stored inputs, freezes the json with the criteria versions
/// and the inputs' fingerprint, and marks every round of the year published. When the year was published
/// before, this is a correction: a new, dated publication; a reason is required and the old one stays readable.
/// </summary>
public sealed record PublishRanking(Actor Actor, int Year, string Decision, DateOnly Date, string? CorrectionReason = null) : IRequest<RankingInfo>;

/// <summary>Lists a year's publications, newest last.</summary>
public sealed record ListPublications(Actor Actor, int Year) : IRequest<IReadOnlyList<RankingInfo>>;

/// <summary>The ranking json of a year: a given publication, else the latest publication, else (office) the latest computation.</summary>
public sealed record GetRankingJson(Actor Actor, int Year, int? Publication = null) : IRequest<string>;

/// <summary>The ranking workbook of a year, computed from the stored inputs (office and leadership).</summary>
public sealed record GetRankingWorkbook(Actor Actor, int Year) : IRequest<FileDto>;

/// <summary>A unit's scorecard of a year (its focal point, the office, leadership).</summary>
public sealed record GetScorecard(Actor Actor, int Year, string UnitCode) : IRequest<FileDto>;

/// <summary>Recomputes a publication from the stored inputs and says whether the json is identical.</summary>
public sealed record VerifyPublication(Actor Actor, int Year, int Number) : IRequest<bool>;

internal sealed class ResultsHandlers(ParIndexDb db, TimeProvider clock) :
    IRequestHandler<ComputeRanking, RankingInfo>,
    IRequestHandler<PublishRanking, RankingInfo>,
    IRequestHandler<ListPublications, IReadOnlyList<RankingInfo>>,
    IRequestHandler<GetRankingJson, string>,
    IRequestHandler<GetRankingWorkbook, FileDto>,
    IRequestHandler<GetScorecard, FileDto>,
    IRequestHandler<VerifyPublication, bool>
{
    private static RankingInfo Info(ResultRecord r) =>
        new(r.Year, false, null, null, null, r.Fingerprint, r.CriteriaVersions, r.ComputedAt, r.ComputedBy, null, null);

    private static RankingInfo Info(PublicationRecord p) =>
        new(p.Year, true, p.Number, p.Decision, p.Date, p.Fingerprint, p.CriteriaVersions, p.PublishedAt, p.PublishedBy, p.CorrectsId, p.CorrectionReason);

    private static void RequireReader(Actor actor)
    {
        if (actor.Role == ActorRole.FocalPoint)
            throw new ForbiddenException("Bảng xếp hạng dành cho Phòng CCHC và lãnh đạo; đơn vị xem phiếu điểm của mình.");
    }

    public async Task<RankingInfo> Handle(ComputeRanking request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        await Store.RequireYearOpenAsync(db, request.Year, ct);
        var (computation, json) = await StoredYear.ComputeJsonAsync(db, request.Year, ct);
        var record = new ResultRecord
        {
            Year = request.Year, Json = json, Fingerprint = computation.Fingerprint, CriteriaVersions = StoredYear.Versions(computation),
            ComputedAt = clock.GetUtcNow().UtcDateTime, ComputedBy = request.Actor.Name,
        };
        db.Results.Add(record);
        db.AuditContext.Reason ??= $"Tính kết quả năm {request.Year}";
        await db.SaveChangesAsync(ct);
        return Info(record);
    }

    public async Task<RankingInfo> Handle(PublishRanking request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        if (string.IsNullOrWhiteSpace(request.Decision))
            throw new InvalidRequestException("Công bố phải ghi số quyết định công bố.");
        var rounds = await db.Rounds.Where(r => r.Year == request.Year).ToListAsync(ct);
        if (rounds.Count == 0) throw new NotFoundException($"Năm {request.Year} chưa có vòng đánh giá nào.");
        var previous = await db.Publications.Where(p => p.Year == request.Year).OrderByDescending(p => p.Number).FirstOrDefaultAsync(ct);
        if (previous is null)
            foreach (var round in rounds) Store.RequireNotPublished(round);
        else
        {
            // A correction: the rounds reopened for it are republished with the rest of the year.
            if (rounds.All(r => r.Stage == RoundStage.Published))
                throw new ConflictException($"Năm {request.Year} đã công bố (lần {previous.Number}); muốn đính chính, mở lại vòng cần sửa trước.");
            if (string.IsNullOrWhiteSpace(request.CorrectionReason))
                throw new InvalidRequestException($"Năm {request.Year} đã công bố (lần {previous.Number}); công bố lại là đính chính và phải ghi lý do.");
        }

        var (computation, json) = await StoredYear.ComputeJsonAsync(db, request.Year, ct);
        var publication = new PublicationRecord
        {
            Year = request.Year, Number = (previous?.Number ?? 0) + 1, Decision = request.Decision.Trim(), Date = request.Date,
            Json = json, Fingerprint = computation.Fingerprint, CriteriaVersions = StoredYear.Versions(computation),
            CorrectsId = previous?.Id, CorrectionReason = previous is null ? null : request.CorrectionReason!.Trim(),
            PublishedAt = clock.GetUtcNow().UtcDateTime, PublishedBy = request.Actor.Name,
        };
        db.Publications.Add(publication);
        foreach (var round in rounds)
        {
            round.Stage = RoundStage.Published;
            round.Version++;
        }
        db.AuditContext.Reason = previous is null ? $"Công bố kết quả năm {request.Year}: {publication.Decision}" : request.CorrectionReason;
        await db.SaveChangesAsync(ct);
        return Info(publication);
    }

    public async Task<IReadOnlyList<RankingInfo>> Handle(ListPublications request, CancellationToken ct)
    {
        RequireReader(request.Actor);
        return (await db.Publications.AsNoTracking().Where(p => p.Year == request.Year).OrderBy(p => p.Number).ToListAsync(ct))
            .Select(Info).ToList();
    }

    public async Task<string> Handle(GetRankingJson request, CancellationToken ct)
    {
        RequireReader(request.Actor);
        var publications = db.Publications.AsNoTracking().Where(p => p.Year == request.Year);
        if (request.Publication is { } n)
            return (await publications.SingleOrDefaultAsync(p => p.Number == n, ct))?.Json
                ?? throw new NotFoundException($"Năm {request.Year} không có lần công bố số {n}.");
        var latest = await publications.OrderByDescending(p => p.Number).FirstOrDefaultAsync(ct);
        if (latest is not null) return latest.Json;
        if (!request.Actor.IsOffice)
            throw new NotFoundException($"Kết quả năm {request.Year} chưa được công bố.");
        return (await db.Results.AsNoTracking().Where(r => r.Year == request.Year).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct))?.Json
            ?? throw new NotFoundException($"Chưa tính kết quả năm {request.Year}.");
    }

    public async Task<FileDto> Handle(GetRankingWorkbook request, CancellationToken ct)
    {
        RequireReader(request.Actor);
        // The workbook is computed from the stored inputs: leadership reads it only while they are the published ones.
        if (!request.Actor.IsOffice && (!await db.Rounds.AnyAsync(r => r.Year == request.Year, ct)
                || await db.Rounds.AnyAsync(r => r.Year == request.Year && r.Stage != RoundStage.Published, ct)))
            throw new NotFoundException($"Kết quả năm {request.Year} chưa được công bố.");
        var computation = await StoredYear.ComputeAsync(db, request.Year, withPrevious: true, ct);
        using var stream = new MemoryStream();
        RankingWorkbook.Write(stream, WriteExports.Report(computation));
        return new FileDto($"ranking-{request.Year}.xlsx", FileDto.Xlsx, stream.ToArray());
    }

    public async Task<FileDto> Handle(GetScorecard request, CancellationToken ct)
    {
        request.Actor.RequireRead(request.UnitCode);
        var computation = await StoredYear.ComputeAsync(db, request.Year, withPrevious: true, ct);
        var group = computation.Groups.FirstOrDefault(g => g.Units.Any(u => u.Unit.Code == request.UnitCode))
            ?? throw new NotFoundException($"Đơn vị {request.UnitCode} không được đánh giá năm {request.Year}.");
        var unit = group.Units.Single(u => u.Unit.Code == request.UnitCode);
        if (unit.Score is null) throw new NotFoundException($"Đơn vị {request.UnitCode} chưa có bảng tự đánh giá được chấp nhận năm {request.Year}.");
        var before = computation.Previous?.Groups.FirstOrDefault(g => g.Set.Group == group.Set.Group);
        var last = unit.Previous?.Basis == PreviousBasis.Same ? before?.Units.FirstOrDefault(u => u.Unit.Code == unit.Unit.Code) : null;
        using var stream = new MemoryStream();
        ScorecardWriter.Write(stream, group, unit, last, before?.Set);
        return new FileDto($"{unit.Unit.Code}-{request.Year}.xlsx", FileDto.Xlsx, stream.ToArray());
    }

    public async Task<bool> Handle(VerifyPublication request, CancellationToken ct)
    {
        RequireReader(request.Actor);
        var publication = await db.Publications.AsNoTracking().SingleOrDefaultAsync(p => p.Year == request.Year && p.Number == request.Number, ct)
            ?? throw new NotFoundException($"Năm {request.Year} không có lần công bố số {request.Number}.");
        var (_, json) = await StoredYear.ComputeJsonAsync(db, request.Year, ct);
        return json == publication.Json;
    }
}

/// <summary>Computes a year from what the database holds: the same computation as the batch run.</summary>
internal static class StoredYear
{
    public static string Versions(YearComputation c) =>
        string.Join("; ", c.Groups.Select(g => $"{g.Set.Group} {g.Set.Version}"));

    public static async Task<(YearComputation, string)> ComputeJsonAsync(ParIndexDb db, int year, CancellationToken ct)
    {
        var computation = await ComputeAsync(db, year, withPrevious: true, ct);
        using var stream = new MemoryStream();
        RankingJson.Write(stream, WriteExports.Report(computation));
        return (computation, Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static async Task<YearComputation> ComputeAsync(ParIndexDb db, int year, bool withPrevious, CancellationToken ct)
    {
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Year == year).ToListAsync(ct);
        if (rounds.Count == 0) throw new NotFoundException($"Năm {year} chưa có vòng đánh giá nào.");
        var previous = withPrevious && await db.Rounds.AnyAsync(r => r.Year == year - 1, ct)
            ? await ComputeAsync(db, year - 1, withPrevious: false, ct)
            : null;

        var fingerprint = new Fingerprint();
        var units = await Store.UnitsAsync(db, ct);
        fingerprint.AddText("units", Fingerprint.Canonical(units));
        var sets = new Dictionary<string, CriteriaSet>(StringComparer.Ordinal);
        foreach (var record in await db.CriteriaSets.AsNoTracking().Where(c => c.Year == year).ToListAsync(ct))
        {
            if (rounds.All(r => r.Group != record.Group)) continue;
            sets[record.Group] = Store.Parse(record);
            fingerprint.AddText("criteria/" + record.Source, record.Yaml);
        }
        var assessed = units.Where(u => u.IsAssessedIn(year) && sets.ContainsKey(u.Group)).ToList();

        var assessments = new Dictionary<string, UnitAssessment>(StringComparer.Ordinal);
        var appraisalLines = new List<string>();
        foreach (var round in rounds.Where(r => sets.ContainsKey(r.Group)))
        {
            var current = (await db.Submissions.AsNoTracking().Where(s => s.RoundId == round.Id && s.Accepted).ToListAsync(ct))
                .GroupBy(s => s.UnitCode).Select(g => g.MaxBy(s => s.Revision)!).ToList();
            var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.RoundId == round.Id).ToListAsync(ct);
            var explanations = await db.Explanations.AsNoTracking().Where(e => e.RoundId == round.Id).ToListAsync(ct);
            foreach (var s in current.Where(s => assessed.Any(u => u.Code == s.UnitCode)))
            {
                var assessment = JsonSerializer.Deserialize<UnitAssessment>(s.AssessmentJson!, Store.Json)!;
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
                fingerprint.AddBytes($"{year}/self-assessments/{s.UnitCode}.xlsx", s.Content);
            }
        }
        if (appraisalLines.Count > 0)
            fingerprint.AddText($"{year}/appraisals-and-explanations", string.Join('\n', appraisalLines.Order(StringComparer.Ordinal)));

        var accumulator = await SurveyHandlers.AccumulatorAsync(db, year, ct);
        foreach (var survey in await db.SurveyImports.AsNoTracking().Where(s => s.Year == year && s.Active).OrderBy(s => s.FileName).ToListAsync(ct))
        {
            accumulator.Read(new MemoryStream(survey.Content, writable: false), survey.FileName);
            fingerprint.AddBytes($"{year}/survey/{survey.FileName}", survey.Content);
        }

        var groups = ComputeYear.Rank(sets, assessed, assessments, accumulator.Tallies(), previous);
        return new YearComputation(year, groups, previous, [], fingerprint.ToString(), 0);
    }
}
