using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Service.Tests.Data;

/// <summary>The database on both providers: migrations, mappings, the audit log, concurrency.</summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.All))]
public sealed class PersistenceTests(DatabaseProvider provider)
{
    private DatabaseOptions _options = null!;

    [SetUp]
    public async Task CreateDatabase() => _options = await TestDatabase.CreateMigratedAsync(provider);

    private ParIndexDb Connect(string user = "test", string? reason = null) =>
        TestDatabase.Connect(_options, new FixedAuditContext(user) { Reason = reason });

    [Test]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationAndTheModelHasNoUncoveredChange()
    {
        var fresh = TestDatabase.Create(provider);
        await using var db = TestDatabase.Connect(fresh);

        await DatabaseMigrator.MigrateAsync(db);

        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(db.Database.GetMigrations()));
            Assert.That(applied, Is.Not.Empty);
            Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run scripts/add-migration.sh");
        });
    }

    [Test]
    public async Task Migrate_UpToDateDatabase_ChangesNothing()
    {
        await using (var db = Connect())
        {
            db.Units.Add(new UnitRecord { Code = "SNV", Name = "Sở Nội vụ", Group = "departments" });
            await db.SaveChangesAsync();
        }

        await using (var db = Connect())
            await DatabaseMigrator.MigrateAsync(db);

        await using var check = Connect();
        Assert.That(await check.Units.Select(u => u.Code).ToListAsync(), Is.EqualTo(new[] { "SNV" }));
    }

    [Test]
    public async Task RoundTrip_EveryEntity_ReadsBackWhatWasWritten()
    {
        var at = new DateTime(2024, 12, 31, 23, 59, 58, 123, DateTimeKind.Utc);
        var content = RandomNumberGenerator.GetBytes(300_000);
        await using (var db = Connect())
        {
            db.Units.Add(new UnitRecord { Code = "SNV", Name = "Sở Nội vụ", Group = "departments", Ranked = false, FromYear = 2020, UntilYear = 2025, Predecessors = "SNV0,SNV1" });
            db.CriteriaSets.Add(new CriteriaSetRecord { Year = 2024, Group = "departments", Version = "2024.1", Source = "2024/departments.yaml", Yaml = "tiêu chí: ✓", Sha256 = "ab", ImportedAt = at });
            db.Rounds.Add(new RoundRecord { Year = 2024, Group = "departments", Stage = RoundStage.Explanation, SelfAssessmentDeadline = new DateOnly(2024, 11, 30), Appraisal2Deadline = new DateOnly(2025, 2, 28) });
            db.Submissions.Add(new SubmissionRecord { RoundId = 1, UnitCode = "SNV", Revision = 2, FileName = "tự đánh giá.xlsx", Content = content, Sha256 = "cd", UploadedAt = at, UploadedBy = "focal1", Accepted = true, ProblemsJson = "[]", AssessmentJson = "{\"1.1\":0.5}" });
            db.Appraisals.Add(new AppraisalRecord { RoundId = 1, UnitCode = "SNV", LeafCode = "1.1", Stage = 2, Points = 0.1m + 0.2m, Reason = "đủ hồ sơ", Appraiser = "office1", At = at });
            db.Explanations.Add(new ExplanationRecord { RoundId = 1, UnitCode = "SNV", LeafCode = "1.1", Text = "Đã ban hành kịp thời", Author = "focal1", At = at });
            db.SurveyImports.Add(new SurveyImportRecord { Year = 2024, FileName = "survey.xlsx", Content = [0, 1, 255], Sha256 = "ef", Active = false, Questionnaires = 3_000_000_000L, RespondentsJson = "{\"SNV\":12}", ImportedAt = at, ImportedBy = "office1" });
            db.Results.Add(new ResultRecord { Year = 2024, Json = "{}", Fingerprint = "fp", CriteriaVersions = "departments 2024.1", ComputedAt = at, ComputedBy = "office1" });
            db.Publications.Add(new PublicationRecord { Year = 2024, Number = 2, Decision = "123/QĐ-UBND", Date = new DateOnly(2025, 3, 15), Json = "{}", Fingerprint = "fp", CriteriaVersions = "departments 2024.1", CorrectsId = 7, CorrectionReason = "sai số liệu", PublishedAt = at, PublishedBy = "office1" });
            db.Users.Add(new AppUser { UserName = "focal1", NormalizedUserName = "FOCAL1", UnitCode = "SNV", DisplayName = "Nguyễn Văn A" });
            await db.SaveChangesAsync();
        }

        await using var read = Connect();
        var unit = await read.Units.SingleAsync();
        var criteria = await read.CriteriaSets.SingleAsync();
        var round = await read.Rounds.SingleAsync();
        var submission = await read.Submissions.SingleAsync();
        var appraisal = await read.Appraisals.SingleAsync();
        var explanation = await read.Explanations.SingleAsync();
        var survey = await read.SurveyImports.SingleAsync();
        var result = await read.Results.SingleAsync();
        var publication = await read.Publications.SingleAsync();
        var user = await read.Users.SingleAsync();
        Assert.Multiple(() =>
        {
            Assert.That((unit.Name, unit.Ranked, unit.FromYear, unit.UntilYear, unit.Predecessors), Is.EqualTo(("Sở Nội vụ", false, (int?)2020, (int?)2025, "SNV0,SNV1")));
            Assert.That((criteria.Yaml, criteria.Version, criteria.ImportedAt), Is.EqualTo(("tiêu chí: ✓", "2024.1", at)));
            Assert.That(criteria.ImportedAt.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That((round.Stage, round.SelfAssessmentDeadline, round.Appraisal1Deadline, round.Appraisal2Deadline),
                Is.EqualTo((RoundStage.Explanation, (DateOnly?)new DateOnly(2024, 11, 30), (DateOnly?)null, (DateOnly?)new DateOnly(2025, 2, 28))));
            Assert.That(submission.Content, Is.EqualTo(content));
            Assert.That((submission.FileName, submission.Revision, submission.Accepted, submission.AssessmentJson, submission.UploadedAt),
                Is.EqualTo(("tự đánh giá.xlsx", 2, true, "{\"1.1\":0.5}", at)));
            Assert.That(appraisal.Points, Is.EqualTo(0.3m));
            Assert.That(appraisal.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("0.3"), "same scale on both providers");
            Assert.That((appraisal.Reason, appraisal.At.Kind), Is.EqualTo(("đủ hồ sơ", DateTimeKind.Utc)));
            Assert.That(explanation.Text, Is.EqualTo("Đã ban hành kịp thời"));
            Assert.That((survey.Content, survey.Active, survey.Questionnaires), Is.EqualTo((new byte[] { 0, 1, 255 }, false, 3_000_000_000L)));
            Assert.That((result.CriteriaVersions, result.ComputedAt), Is.EqualTo(("departments 2024.1", at)));
            Assert.That((publication.Date, publication.CorrectsId, publication.CorrectionReason, publication.Decision),
                Is.EqualTo((new DateOnly(2025, 3, 15), (int?)7, "sai số liệu", "123/QĐ-UBND")));
            Assert.That((user.UnitCode, user.DisplayName), Is.EqualTo(("SNV", "Nguyễn Văn A")));
        });
    }

    [Test]
    public async Task RoundTrip_DecimalsWithManyPlaces_StayExactAndComparable()
    {
        await using (var db = Connect())
        {
            db.Appraisals.Add(new AppraisalRecord { RoundId = 1, UnitCode = "A", LeafCode = "1", Stage = 1, Points = 12.345678m - 0.000008m });
            db.Appraisals.Add(new AppraisalRecord { RoundId = 1, UnitCode = "B", LeafCode = "1", Stage = 1, Points = 0.25m });
            await db.SaveChangesAsync();
        }

        await using var read = Connect();
        var points = await read.Appraisals.Where(a => a.Points == 12.34567m).Select(a => a.Points).ToListAsync();
        Assert.That(points, Is.EqualTo(new[] { 12.34567m }));
    }

    [Test]
    public async Task SaveChanges_EveryChange_WritesAuditRowWithWhoWhatBeforeAfterAndWhy()
    {
        var started = DateTime.UtcNow.AddSeconds(-1);
        int id;
        await using (var db = Connect("office1", "nhập danh sách"))
        {
            var unit = new UnitRecord { Code = "SNV", Name = "Sở Nội vụ", Group = "departments" };
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            id = unit.Id;
        }
        await using (var db = Connect("office2", "đổi tên"))
        {
            var unit = await db.Units.SingleAsync();
            unit.Name = "Sở Nội vụ tỉnh";
            await db.SaveChangesAsync();
        }
        await using (var db = Connect("office3", "giải thể"))
        {
            db.Units.Remove(await db.Units.SingleAsync());
            await db.SaveChangesAsync();
        }

        await using var read = Connect();
        var rows = await read.Audit.Where(a => a.Entity == nameof(UnitRecord)).OrderBy(a => a.Id).ToListAsync();
        Assert.That(rows.Select(r => (r.User, r.Action, r.Key, r.Reason)), Is.EqualTo(new[]
        {
            ("office1", "Added", $"{id}", "nhập danh sách"),
            ("office2", "Modified", $"{id}", "đổi tên"),
            ("office3", "Deleted", $"{id}", "giải thể"),
        }));
        var added = Parse(rows[0].After);
        var modifiedBefore = Parse(rows[1].Before);
        var modifiedAfter = Parse(rows[1].After);
        var deleted = Parse(rows[2].Before);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.At), Is.All.InRange(started, DateTime.UtcNow.AddSeconds(1)));
            Assert.That(rows[0].Before, Is.Null);
            Assert.That(added["Code"].GetString(), Is.EqualTo("SNV"));
            Assert.That(added["Name"].GetString(), Is.EqualTo("Sở Nội vụ"));
            Assert.That(modifiedBefore.Keys, Is.EquivalentTo(new[] { "Name" }), "only what changed");
            Assert.That(modifiedBefore["Name"].GetString(), Is.EqualTo("Sở Nội vụ"));
            Assert.That(modifiedAfter["Name"].GetString(), Is.EqualTo("Sở Nội vụ tỉnh"));
            Assert.That(deleted["Name"].GetString(), Is.EqualTo("Sở Nội vụ tỉnh"));
            Assert.That(rows[2].After, Is.Null);
        });
    }

    [Test]
    public async Task SaveChanges_BigOrSecretColumns_AreNeverCopiedIntoTheAuditLog()
    {
        await using (var db = Connect("office1"))
        {
            db.Submissions.Add(new SubmissionRecord { RoundId = 1, UnitCode = "SNV", Revision = 1, FileName = "a.xlsx", Content = [1, 2, 3], AssessmentJson = "{\"secret\":1}" });
            db.SurveyImports.Add(new SurveyImportRecord { Year = 2024, FileName = "s.xlsx", Content = [4, 5] });
            db.CriteriaSets.Add(new CriteriaSetRecord { Year = 2024, Group = "districts", Yaml = "yaml: text" });
            db.Results.Add(new ResultRecord { Year = 2024, Json = "{\"ranking\":1}" });
            db.Publications.Add(new PublicationRecord { Year = 2024, Number = 1, Json = "{\"ranking\":2}" });
            db.Users.Add(new AppUser { UserName = "focal1", PasswordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), "Mật-khẩu-1"), SecurityStamp = "stamp" });
            await db.SaveChangesAsync();
        }
        await using (var db = Connect("office1"))
        {
            var submission = await db.Submissions.SingleAsync();
            submission.Content = [9, 9];
            submission.Accepted = true;
            var user = await db.Users.SingleAsync();
            user.PasswordHash = "changed";
            await db.SaveChangesAsync();
        }

        await using var read = Connect();
        var rows = await read.Audit.OrderBy(a => a.Id).ToListAsync();
        var keys = rows.SelectMany(r => Parse(r.Before).Keys.Concat(Parse(r.After).Keys)).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Entity), Is.SupersetOf(new[]
                { nameof(SubmissionRecord), nameof(SurveyImportRecord), nameof(CriteriaSetRecord), nameof(ResultRecord), nameof(PublicationRecord), nameof(AppUser) }));
            Assert.That(keys, Does.Contain("FileName").And.Contain("Accepted").And.Contain("UserName"));
            Assert.That(keys, Has.None.AnyOf("Content", "Json", "Yaml", "AssessmentJson", "PasswordHash", "SecurityStamp"));
            Assert.That(string.Concat(rows.Select(r => r.Before + r.After)),
                Does.Not.Contain("secret").And.Not.Contain("ranking").And.Not.Contain("yaml: text").And.Not.Contain("stamp"));
            // The user row changed only its hash: the audit says nothing (no empty "Modified" rows either).
            Assert.That(rows.Count(r => r.Entity == nameof(AppUser)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AuditRecord_ModifiedOrDeletedThroughTheContext_ThrowsAndChangesNothing()
    {
        await using (var db = Connect("office1", "lý do"))
        {
            db.Units.Add(new UnitRecord { Code = "SNV", Name = "Sở Nội vụ" });
            await db.SaveChangesAsync();
        }

        await using (var db = Connect())
        {
            var row = await db.Audit.SingleAsync();
            row.Reason = "sửa lý do";
            row.User = "someone";
            Assert.That(() => db.SaveChangesAsync(), Throws.InvalidOperationException);
        }
        await using (var db = Connect())
        {
            db.Audit.Remove(await db.Audit.SingleAsync());
            Assert.That(() => db.SaveChanges(), Throws.InvalidOperationException);
        }

        await using var read = Connect();
        var rows = await read.Audit.ToListAsync();
        Assert.That(rows.Select(r => (r.User, r.Reason)), Is.EqualTo(new[] { ("office1", "lý do") }));
    }

    [Test]
    public async Task AuditRecord_ChangedBySqlThatBypassesTheContext_IsRefusedByTheDatabase()
    {
        await using (var db = Connect("office1", "lý do"))
        {
            db.Units.Add(new UnitRecord { Code = "SNV", Name = "Sở Nội vụ" });
            await db.SaveChangesAsync();
        }

        await using (var db = Connect())
        {
            Assert.That(() => db.Audit.ExecuteUpdateAsync(s => s.SetProperty(a => a.User, "someone")),
                Throws.InstanceOf<Exception>().With.Message.Contains("append-only"));
            Assert.That(() => db.Audit.ExecuteDeleteAsync(),
                Throws.InstanceOf<Exception>().With.Message.Contains("append-only"));
        }

        await using var read = Connect();
        Assert.That(await read.Audit.Select(a => a.User).ToListAsync(), Is.EqualTo(new[] { "office1" }));
    }

    [Test]
    public async Task Round_UpdatedFromAStaleCopy_IsRefusedAndTheFirstChangeStays()
    {
        await using (var db = Connect())
        {
            db.Rounds.Add(new RoundRecord { Year = 2024, Group = "districts", Stage = RoundStage.SelfAssessment });
            await db.SaveChangesAsync();
        }
        await using var first = Connect("office1");
        await using var second = Connect("office2");
        var a = await first.Rounds.SingleAsync();
        var b = await second.Rounds.SingleAsync();

        a.Stage = RoundStage.Appraisal1;
        await first.SaveChangesAsync();
        b.ExplanationDeadline = new DateOnly(2025, 1, 15);

        Assert.That(() => second.SaveChangesAsync(), Throws.InstanceOf<DbUpdateConcurrencyException>());
        await using var read = Connect();
        var round = await read.Rounds.SingleAsync();
        Assert.That((round.Stage, round.ExplanationDeadline, round.Version), Is.EqualTo((RoundStage.Appraisal1, (DateOnly?)null, 1)));
        Assert.That(await read.Audit.CountAsync(r => r.Entity == nameof(RoundRecord) && r.Action == "Modified"), Is.EqualTo(1),
            "the refused change left no audit row");
    }

    [Test]
    public async Task Submissions_TwentyWritersAtOnce_AllLand()
    {
        const int writers = 20;
        var contents = Enumerable.Range(0, writers).Select(_ => RandomNumberGenerator.GetBytes(200_000)).ToArray();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await using var db = Connect($"focal{i}");
            db.Submissions.Add(new SubmissionRecord
            {
                RoundId = 1, UnitCode = $"U{i:00}", Revision = 1, FileName = $"u{i}.xlsx", Content = contents[i],
                UploadedAt = DateTime.UtcNow, UploadedBy = $"focal{i}", Accepted = true,
            });
            await db.Database.OpenConnectionAsync();
            await go.Task;
            await db.SaveChangesAsync();
        })).ToList();
        go.SetResult();
        await Task.WhenAll(tasks);

        await using var read = Connect();
        var stored = await read.Submissions.OrderBy(s => s.UnitCode).ToListAsync();
        var audited = await read.Audit.CountAsync(a => a.Entity == nameof(SubmissionRecord));
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(s => s.UnitCode), Is.EqualTo(Enumerable.Range(0, writers).Select(i => $"U{i:00}")));
            Assert.That(stored.Select(s => s.Content), Is.EqualTo(contents));
            Assert.That(audited, Is.EqualTo(writers));
        });
    }

    private static Dictionary<string, JsonElement> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}

/// <summary>What only a SQLite file needs.</summary>
public sealed class SqliteFileTests
{
    [Test]
    public async Task Migrate_SqliteFile_CreatesItsFolderAndUsesWal()
    {
        var options = TestDatabase.Sqlite();
        var path = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        Assume.That(Directory.Exists(Path.GetDirectoryName(path)), Is.False);

        await using var db = TestDatabase.Connect(options);
        await DatabaseMigrator.MigrateAsync(db);
        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(path), Is.True);
            Assert.That(mode, Is.EqualTo("wal"));
        });
    }

    [Test]
    public async Task Migrate_OutOfDateFileWithAStaleLockRow_FinishesPromptly_AndIsComplete()
    {
        // What a kill during a real migration leaves: an out-of-date file and EF Core's lock row.
        var options = TestDatabase.Sqlite();
        Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource)!);
        await using (var old = TestDatabase.Connect(options))
        {
            var migrations = old.Database.GetMigrations().ToList();
            Assume.That(migrations, Has.Count.GreaterThan(1));
            await old.Database.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(migrations[0]);
            await old.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
            await old.Database.ExecuteSqlRawAsync("INSERT OR REPLACE INTO \"__EFMigrationsLock\" VALUES (1, '2026-01-01 00:00:00')");
        }
        SqliteConnection.ClearAllPools();
        await using var db = TestDatabase.Connect(options);
        var migrate = DatabaseMigrator.MigrateAsync(db);
        Assert.That(await Task.WhenAny(migrate, Task.Delay(TimeSpan.FromSeconds(60))), Is.SameAs(migrate), "a stale lock row made the migration wait");
        await migrate;
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        db.Units.Add(new UnitRecord { Code = "SNV" });
        await db.SaveChangesAsync();
    }

    [Test]
    public async Task Migrate_InMemorySqlite_Works()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new SqliteParIndexDb(
            new DbContextOptionsBuilder<SqliteParIndexDb>().UseSqlite(connection).Options) { AuditContext = new FixedAuditContext("test") };

        await DatabaseMigrator.MigrateAsync(db);

        db.Units.Add(new UnitRecord { Code = "SNV" });
        await db.SaveChangesAsync();
        Assert.That(await db.Audit.Select(a => a.Key).SingleAsync(), Is.EqualTo("1"));
    }
}
