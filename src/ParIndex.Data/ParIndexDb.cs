using System.Text.Json;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ParIndex.Data;

/// <summary>Who is acting and why, for the audit log; set per request or per command.</summary>
public interface IAuditContext
{
    /// <summary>The acting user's name (or "system").</summary>
    string User { get; }

    /// <summary>Why the change is made, when the actor said so.</summary>
    string? Reason { get; set; }
}

/// <summary>An audit context with fixed values (command line, seeding, tests).</summary>
public sealed class FixedAuditContext(string user) : IAuditContext
{
    /// <inheritdoc/>
    public string User { get; } = user;

    /// <inheritdoc/>
    public string? Reason { get; set; }
}

/// <summary>
/// The service's database. Every change made through it is written to the append-only audit log in the
/// same transaction; audit rows themselves can never be changed or deleted.
/// </summary>
public class ParIndexDb(DbContextOptions options, IAuditContext audit) : IdentityDbContext<AppUser>(options)
{
    public DbSet<UnitRecord> Units => Set<UnitRecord>();
    public DbSet<CriteriaSetRecord> CriteriaSets => Set<CriteriaSetRecord>();
    public DbSet<RoundRecord> Rounds => Set<RoundRecord>();
    public DbSet<SubmissionRecord> Submissions => Set<SubmissionRecord>();
    public DbSet<AppraisalRecord> Appraisals => Set<AppraisalRecord>();
    public DbSet<ExplanationRecord> Explanations => Set<ExplanationRecord>();
    public DbSet<SurveyImportRecord> SurveyImports => Set<SurveyImportRecord>();
    public DbSet<ResultRecord> Results => Set<ResultRecord>();
    public DbSet<PublicationRecord> Publications => Set<PublicationRecord>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    /// <summary>The audit context of this unit of work.</summary>
    public IAuditContext AuditContext => audit;

    /// <summary>Properties too large or too secret to copy into the audit log.</summary>
    private static readonly HashSet<string> NotAudited =
        ["Content", "Json", "Yaml", "AssessmentJson", "PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

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
        b.Entity<ExplanationRecord>().HasIndex(e => new { e.RoundId, e.UnitCode, e.LeafCode }).IsUnique();
        b.Entity<PublicationRecord>().HasIndex(p => new { p.Year, p.Number }).IsUnique();
        b.Entity<AuditRecord>().HasIndex(a => a.At);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddAudit();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        audit.Reason = null; // a reason explains one change, never the next
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddAudit();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        audit.Reason = null; // a reason explains one change, never the next
        return saved;
    }

    private void AddAudit()
    {
        var now = DateTime.UtcNow;
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
            var props = e.Properties.Where(p => !NotAudited.Contains(p.Metadata.Name)).ToList();
            string? Values(Func<PropertyEntry, object?> value, IEnumerable<PropertyEntry> ps) =>
                JsonSerializer.Serialize(ps.ToDictionary(p => p.Metadata.Name, value));
            var changed = e.State == EntityState.Modified ? props.Where(p => p.IsModified).ToList() : props;
            if (e.State == EntityState.Modified && changed.Count == 0) continue;
            Audit.Add(new AuditRecord
            {
                At = now,
                User = audit.User,
                Action = e.State.ToString(),
                Entity = e.Metadata.ClrType.Name,
                Key = string.Join(",", e.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.CurrentValue)),
                Before = e.State == EntityState.Added ? null : Values(p => p.OriginalValue, changed),
                After = e.State == EntityState.Deleted ? null : Values(p => p.CurrentValue, changed),
                Reason = audit.Reason,
            });
        }
    }
}
