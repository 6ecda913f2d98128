using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Criteria;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Application.Features;

/// <summary>Reading the stored cycle back into the core's values; shared by the handlers.</summary>
internal static class Store
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Unit ToUnit(UnitRecord u) => new(u.Code, u.Name, u.Group, u.Ranked, u.FromYear, u.UntilYear,
        u.Predecessors.Length == 0 ? [] : u.Predecessors.Split(','));

    public static async Task<List<Unit>> UnitsAsync(ParIndexDb db, CancellationToken ct) =>
        (await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(ct)).Select(ToUnit).ToList();

    /// <summary>The parsed set of a stored record, parsed once per text (<see cref="CriteriaCache"/>).</summary>
    public static CriteriaSet Parse(CriteriaSetRecord record) => CriteriaCache.Parse(record.Source, record.Yaml);

    public static async Task<CriteriaSet> SetAsync(ParIndexDb db, int year, string group, CancellationToken ct)
    {
        var record = await db.CriteriaSets.AsNoTracking().SingleOrDefaultAsync(c => c.Year == year && c.Group == group, ct)
            ?? throw new NotFoundException($"Chưa có bộ tiêu chí năm {year} cho khối {group}.");
        return Parse(record);
    }

    public static async Task<RoundRecord> RoundAsync(ParIndexDb db, int roundId, CancellationToken ct) =>
        await db.Rounds.SingleOrDefaultAsync(r => r.Id == roundId, ct)
        ?? throw new NotFoundException($"Không có vòng đánh giá số {roundId}.");

    public static async Task<UnitRecord> UnitAsync(ParIndexDb db, string code, CancellationToken ct) =>
        await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, ct)
        ?? throw new NotFoundException($"Không có đơn vị {code}.");

    /// <summary>A published round accepts no change; a correction reopens it first.</summary>
    public static void RequireNotPublished(RoundRecord round)
    {
        if (round.Stage == RoundStage.Published)
            throw new ConflictException($"Vòng đánh giá năm {round.Year} khối {round.Group} đã công bố: không được thay đổi. Muốn đính chính, mở lại vòng để đính chính.");
    }

    /// <summary>Refuses a change when any round of the year is published.</summary>
    public static async Task RequireYearOpenAsync(ParIndexDb db, int year, CancellationToken ct)
    {
        var published = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Year == year && r.Stage == RoundStage.Published, ct);
        if (published is not null) RequireNotPublished(published);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Sha256(string text) => Sha256(System.Text.Encoding.UTF8.GetBytes(text));
}
