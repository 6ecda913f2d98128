using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
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

/// <summary>
/// The result document of a year, as the publication gate allows: a given publication; else for the office the
/// draft while the year is unpublished or under correction; else the latest publication.
/// </summary>
public sealed record GetRanking(Actor Actor, int Year, int? Publication = null) : IRequest<RankingDocument>;

/// <summary>
/// The result document of <see cref="GetRanking"/> as the API serves it: its UTF-8 json bytes, gzipped once per stored
/// record (a ranking of 300 units is about 1 MB of json and 40 KB compressed), each with its ETag.
/// </summary>
public sealed record RankingBytes(Representations Bytes, RankingDocument Document)
{
    /// <summary>The entity tag of the plain json.</summary>
    public string ETag => Bytes.ETag;
}

/// <summary>
/// The same document as <see cref="GetRanking"/>, through the same gate on every call, as bytes kept in memory
/// per stored record (a publication never changes; a new draft or a correction is a new record).
/// </summary>
public sealed record GetRankingBytes(Actor Actor, int Year, int? Publication = null) : IRequest<RankingBytes>;

/// <summary>The ranking workbook of a year, produced from the same stored result as the json (office and leadership).</summary>
public sealed record GetRankingWorkbook(Actor Actor, int Year) : IRequest<FileDto>;

/// <summary>A unit's scorecard of a year (its focal point, the office, leadership).</summary>
public sealed record GetScorecard(Actor Actor, int Year, string UnitCode) : IRequest<FileDto>;

/// <summary>Recomputes a publication from its own frozen inputs and says whether the json is identical.</summary>
public sealed record VerifyPublication(Actor Actor, int Year, int Number) : IRequest<bool>;

internal sealed class ResultsHandlers(ParIndexDb db, ResultCache cache, TimeProvider clock) :
    IRequestHandler<ComputeRanking, RankingInfo>,
    IRequestHandler<PublishRanking, RankingInfo>,
    IRequestHandler<ListPublications, IReadOnlyList<RankingInfo>>,
    IRequestHandler<GetRanking, RankingDocument>,
    IRequestHandler<GetRankingBytes, RankingBytes>,
    IRequestHandler<GetRankingWorkbook, FileDto>,
    IRequestHandler<GetScorecard, FileDto>,
    IRequestHandler<VerifyPublication, bool>
{
    private static RankingInfo Info(ResultRecord r) =>
        new(r.Year, false, null, null, null, r.Fingerprint, r.CriteriaVersions, r.ComputedAt, r.ComputedBy, null, null);

    private static RankingInfo Info(PublicationRecord p) =>
        new(p.Year, true, p.Number, p.Decision, p.Date, p.Fingerprint, p.CriteriaVersions, p.PublishedAt, p.PublishedBy, p.CorrectsId, p.CorrectionReason);

    public async Task<RankingInfo> Handle(ComputeRanking request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        await Store.RequireYearOpenAsync(db, request.Year, ct);
        db.AuditContext.Reason ??= $"Tính kết quả năm {request.Year}";
        var (record, _) = await StoredYear.ComputeAndStoreAsync(db, cache, request.Year, request.Actor.Name, ct);
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

        // The publication holds its own copy of the inputs: it is served and verified from them, whatever
        // happens to the live tables or the drafts afterwards.
        var computation = ComputeYear.Compute(await StoredYear.LiveInputsAsync(db, request.Year, ct));
        var publication = new PublicationRecord
        {
            Year = request.Year, Number = (previous?.Number ?? 0) + 1, Decision = request.Decision.Trim(), Date = request.Date,
            Json = StoredYear.Json(computation), Fingerprint = computation.Fingerprint, CriteriaVersions = StoredYear.Versions(computation),
            CorrectsId = previous?.Id, CorrectionReason = previous is null ? null : request.CorrectionReason!.Trim(),
            PublishedAt = clock.GetUtcNow().UtcDateTime, PublishedBy = request.Actor.Name, InputsJson = computation.Inputs!.ToJson(),
        };
        db.Publications.Add(publication);
        foreach (var round in rounds)
        {
            round.Stage = RoundStage.Published;
            round.Version++;
        }
        db.AuditContext.Reason = previous is null ? $"Công bố kết quả năm {request.Year}: {publication.Decision}" : request.CorrectionReason;
        await db.SaveChangesAsync(ct);
        cache.Put(StoredYear.Of(publication), computation);
        return Info(publication);
    }

    public async Task<IReadOnlyList<RankingInfo>> Handle(ListPublications request, CancellationToken ct)
    {
        ResultsGate.RequireRanking(request.Actor);
        // Only the columns the list shows: a publication row also holds its json and its frozen inputs (megabytes at a
        // province's size), which the leadership page would otherwise read on every view.
        return await db.Publications.AsNoTracking().Where(p => p.Year == request.Year).OrderBy(p => p.Number)
            .Select(p => new RankingInfo(p.Year, true, p.Number, p.Decision, p.Date, p.Fingerprint, p.CriteriaVersions, p.PublishedAt,
                p.PublishedBy, p.CorrectsId, p.CorrectionReason))
            .ToListAsync(ct);
    }

    public async Task<RankingDocument> Handle(GetRanking request, CancellationToken ct)
    {
        var result = await ResultsGate.RankingAsync(db, cache, request.Actor, request.Year, request.Publication, ct);
        return (await cache.DocumentAsync(result, () => StoredYear.JsonOfAsync(db, result, ct))).Document;
    }

    public async Task<RankingBytes> Handle(GetRankingBytes request, CancellationToken ct)
    {
        var result = await ResultsGate.RankingAsync(db, cache, request.Actor, request.Year, request.Publication, ct);
        return await cache.DocumentAsync(result, () => StoredYear.JsonOfAsync(db, result, ct));
    }

    public async Task<FileDto> Handle(GetRankingWorkbook request, CancellationToken ct)
    {
        var result = await ResultsGate.RankingAsync(db, cache, request.Actor, request.Year, null, ct);
        var computation = await StoredYear.ComputationAsync(db, cache, result, ct);
        using var stream = new MemoryStream();
        RankingWorkbook.Write(stream, WriteExports.Report(computation));
        return new FileDto($"ranking-{request.Year}.xlsx", FileDto.Xlsx, stream.ToArray());
    }

    public async Task<FileDto> Handle(GetScorecard request, CancellationToken ct)
    {
        var view = await ResultsGate.UnitAsync(db, cache, request.Actor, request.Year, request.UnitCode, stageView: false, ct);
        var computation = await StoredYear.ComputationAsync(db, cache, view.Result, ct);
        var (group, unit) = computation.UnitOf(request.UnitCode);
        if (unit.Score is null) throw new NotFoundException($"Đơn vị {request.UnitCode} chưa có bảng tự đánh giá được chấp nhận năm {request.Year}.");
        var (last, lastSet) = computation.LastYearOf(group, unit);
        using var stream = new MemoryStream();
        ScorecardWriter.Write(stream, group, unit, last, lastSet);
        return new FileDto($"{unit.Unit.Code}-{request.Year}.xlsx", FileDto.Xlsx, stream.ToArray());
    }

    public async Task<bool> Handle(VerifyPublication request, CancellationToken ct)
    {
        var publication = await ResultsGate.PublicationAsync(db, request.Actor, request.Year, request.Number, ct);
        // Recomputed from the publication's own frozen inputs, never from the cache: verify proves the stored
        // json follows from them.
        var computation = ComputeYear.Compute(await StoredYear.InputsOfAsync(db, publication, ct));
        return StoredYear.Json(computation) == await StoredYear.JsonOfAsync(db, publication, ct);
    }
}
