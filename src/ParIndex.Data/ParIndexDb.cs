using System.Text.Json;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ParIndex.Data;

/// <summary>Who is acting and why, for the audit log; set per request or per command.</summary>
public interface IAuditContext
{
    /// <summary>The acting user's name (or "system").</summary>
    string User { get; }

    /// <summary>Why the change is made, when the actor said so.</summary>
    string? Reason { get; set; }

    /// <summary>The clock the audit log's times come from (the service's TimeProvider; tests set it).</summary>
    TimeProvider Clock => TimeProvider.System;
}

/// <summary>An audit context with fixed values (command line, seeding, tests).</summary>
public sealed class FixedAuditContext(string user, TimeProvider? clock = null) : IAuditContext
{
    /// <inheritdoc/>
    public TimeProvider Clock { get; } = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    public string User { get; } = user;

    /// <inheritdoc/>
    public string? Reason { get; set; }
}

/// <summary>
/// The service's database. Every change made through it is written to the append-only audit log in the
/// same transaction; audit rows themselves can never be changed or deleted.
/// </summary>
public class ParIndexDb : IdentityDbContext<AppUser>
{
    /// <summary>
    /// A context whose audit context is set by who makes it: the service's pool on every rent (see DataServices), a test
    /// or the design-time factory with an object initializer.
    /// </summary>
    protected ParIndexDb(DbContextOptions options) : base(options) =>
        DatabaseKey = options.Extensions.OfType<Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension>().FirstOrDefault()?.ConnectionString ?? "";

    public DbSet<UnitRecord> Units => Set<UnitRecord>();
    public DbSet<CriteriaSetRecord> CriteriaSets => Set<CriteriaSetRecord>();
    public DbSet<RoundRecord> Rounds => Set<RoundRecord>();
    public DbSet<SubmissionRecord> Submissions => Set<SubmissionRecord>();
    public DbSet<AppraisalRecord> Appraisals => Set<AppraisalRecord>();
    public DbSet<EvidenceFileRecord> EvidenceFiles => Set<EvidenceFileRecord>();
    public DbSet<SelfAssessmentDraftRecord> SelfAssessmentDrafts => Set<SelfAssessmentDraftRecord>();
    public DbSet<ExplanationRecord> Explanations => Set<ExplanationRecord>();
    public DbSet<AppraisalClosureRecord> AppraisalClosures => Set<AppraisalClosureRecord>();
    public DbSet<StageExtensionRecord> StageExtensions => Set<StageExtensionRecord>();
    public DbSet<SurveyImportRecord> SurveyImports => Set<SurveyImportRecord>();
    public DbSet<BaselineRecord> Baselines => Set<BaselineRecord>();
    public DbSet<ResultRecord> Results => Set<ResultRecord>();
    public DbSet<PublicationRecord> Publications => Set<PublicationRecord>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    private IAuditContext? audit;

    /// <summary>
    /// The audit context of this unit of work. A pooled context gets the request's on every rent, so one request's
    /// actor or reason never reaches the next.
    /// </summary>
    public IAuditContext AuditContext
    {
        get => audit ?? throw new InvalidOperationException("ParIndexDb has no audit context: set AuditContext before using it.");
        set => audit = value;
    }

    /// <summary>Properties too large or too secret to copy into the audit log.</summary>
    private static readonly HashSet<string> NotAudited =
        ["Content", "Json", "Yaml", "AssessmentJson", "InputsJson", "EntriesJson", "PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<UnitRecord>().HasIndex(u => u.Code).IsUnique();
        b.Entity<CriteriaSetRecord>().HasIndex(c => new { c.Year, c.Group }).IsUnique();
        b.Entity<RoundRecord>().HasIndex(r => new { r.Year, r.Group }).IsUnique();
        b.Entity<RoundRecord>().Property(r => r.Version).IsConcurrencyToken();
        b.Entity<SubmissionRecord>().HasIndex(s => new { s.RoundId, s.UnitCode, s.Revision }).IsUnique();
        b.Entity<AppraisalRecord>().HasIndex(a => new { a.RoundId, a.UnitCode, a.LeafCode, a.Stage }).IsUnique();
        b.Entity<AppraisalRecord>().Property(a => a.Points).HasPrecision(18, 6);
        b.Entity<EvidenceFileRecord>().HasIndex(e => new { e.RoundId, e.UnitCode, e.SubmissionId });
        b.Entity<SelfAssessmentDraftRecord>().HasIndex(d => new { d.RoundId, d.UnitCode }).IsUnique();
        b.Entity<ExplanationRecord>().HasIndex(e => new { e.RoundId, e.UnitCode, e.LeafCode }).IsUnique();
        b.Entity<AppraisalClosureRecord>().HasIndex(c => new { c.RoundId, c.Stage }).IsUnique();
        b.Entity<StageExtensionRecord>().HasIndex(e => new { e.RoundId, e.UnitCode, e.Door }).IsUnique();
        b.Entity<PublicationRecord>().HasIndex(p => new { p.Year, p.Number }).IsUnique();
        b.Entity<BaselineRecord>().HasIndex(p => new { p.Year, p.Group }).IsUnique();
        b.Entity<AuditRecord>().HasIndex(a => a.At);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder c)
    {
        base.ConfigureConventions(c);
        // PostgreSQL (timestamptz) refuses a DateTime that is not UTC, and SQLite hands every DateTime back
        // as Unspecified: store and read UTC on both, so a handler behaves the same on either.
        c.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        // PostgreSQL's numeric(18,6) reads 0.3 back as 0.300000 and SQLite's text as written: give both
        // back with the fewest places, so scales (and what json and workbooks show) match across providers.
        c.Properties<decimal>().HaveConversion<ShortestDecimalConverter>();
    }

    // Additions are audited after they are inserted, in the same transaction: before that, a generated key
    // (every Id here) is only EF's temporary placeholder, and the audit row would name the wrong record.
    // The changes are always accepted on success (acceptAllChangesOnSuccess: false is not supported), since
    // the audit rows are a second save in the same transaction.

    private static long saves;

    /// <summary>
    /// How many saves this process has made, on any database: a cache of what it read may be kept while this
    /// does not move (and only briefly, since another process — the command line — writes the same database).
    /// </summary>
    public static long SavesInProcess => Interlocked.Read(ref saves);

    /// <summary>
    /// Which database this context speaks to (its connection string), read from the options it was made with: a key
    /// for what a process keeps of a database's reads. Unlike <c>Database.GetConnectionString()</c> it does not start
    /// the context's services, so a request that finds its answer in such a cache never builds them.
    /// </summary>
    public string DatabaseKey { get; }

    /// <summary>
    /// The synchronous save is the asynchronous one, waited for: one place holds how a save and its audit rows are
    /// written. Nothing in the service saves synchronously (no synchronisation context to deadlock on, in any case).
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var audited = PrepareAudit();
        try
        {
            if (audited.Added.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            var count = await base.SaveChangesAsync(true, cancellationToken);
            AuditAdditions(audited);
            await base.SaveChangesAsync(true, cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
            return count;
        }
        catch
        {
            ForgetAudit(audited);
            throw;
        }
        finally
        {
            if (audit is not null) audit.Reason = null; // a reason explains one save, never the next
            Interlocked.Increment(ref saves);
        }
    }

    /// <summary>The audit rows of one save: those written with it, and the additions still to be written.</summary>
    private sealed record PendingAudit(List<AuditRecord> Rows, List<(AuditRecord Row, EntityEntry Entry)> Added);

    /// <summary>Audits changes and deletions now (their before values are about to go); additions wait for their keys.</summary>
    private PendingAudit PrepareAudit()
    {
        BumpVersions();
        var now = AuditContext.Clock.GetUtcNow().UtcDateTime;
        var pending = new PendingAudit([], []);
        var entries = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        foreach (var e in entries)
        {
            if (e.Entity is AuditRecord)
            {
                if (e.State != EntityState.Added)
                    throw new InvalidOperationException("Nhật ký thay đổi chỉ được ghi thêm, không được sửa hay xóa.");
                continue;
            }
            var changed = Audited(e).Where(p => e.State != EntityState.Modified || p.IsModified).ToList();
            if (e.State == EntityState.Modified && changed.Count == 0) continue;
            var row = new AuditRecord
            {
                At = now,
                User = AuditContext.User,
                Action = e.State.ToString(),
                Entity = e.Metadata.ClrType.Name,
                Reason = AuditContext.Reason,
            };
            if (e.State == EntityState.Added)
            {
                pending.Added.Add((row, e));
                continue;
            }
            row.Key = Key(e);
            row.Before = Values(changed, p => p.OriginalValue);
            row.After = e.State == EntityState.Deleted ? null : Values(changed, p => p.CurrentValue);
            pending.Rows.Add(row);
            Audit.Add(row);
        }
        return pending;
    }

    /// <summary>After the insert: the additions with their real keys and generated values.</summary>
    private void AuditAdditions(PendingAudit pending)
    {
        foreach (var (row, entry) in pending.Added)
        {
            row.Key = Key(entry);
            row.After = Values(Audited(entry), p => p.CurrentValue);
            pending.Rows.Add(row);
            Audit.Add(row);
        }
    }

    /// <summary>A failed save leaves no audit row behind to be written by the next one.</summary>
    private void ForgetAudit(PendingAudit pending)
    {
        foreach (var row in pending.Rows) Entry(row).State = EntityState.Detached;
    }

    private static IEnumerable<PropertyEntry> Audited(EntityEntry e) =>
        e.Properties.Where(p => !NotAudited.Contains(p.Metadata.Name));

    private static string Key(EntityEntry e) =>
        string.Join(",", e.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.CurrentValue));

    private static string Values(IEnumerable<PropertyEntry> properties, Func<PropertyEntry, object?> value) =>
        JsonSerializer.Serialize(properties.ToDictionary(p => p.Metadata.Name, value));

    /// <summary>
    /// A changed round gets the next version, so a change made from a stale copy fails with
    /// <see cref="DbUpdateConcurrencyException"/> instead of silently overwriting (handlers need not remember).
    /// </summary>
    private void BumpVersions()
    {
        foreach (var e in ChangeTracker.Entries<RoundRecord>())
        {
            if (e.State != EntityState.Modified) continue;
            var version = e.Property(r => r.Version);
            if (version.CurrentValue == version.OriginalValue) version.CurrentValue = version.OriginalValue + 1;
        }
    }
}

/// <summary>Stores DateTime as UTC and reads it back marked UTC (see <see cref="ParIndexDb"/>).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>Reads decimals back with the fewest places that keep their value (0.300000 → 0.3).</summary>
internal sealed class ShortestDecimalConverter() : ValueConverter<decimal, decimal>(
    v => v,
    v => v / 1.0000000000000000000000000000m);
