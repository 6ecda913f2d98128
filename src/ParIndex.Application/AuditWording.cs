using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application;

/// <summary>What an audit entry is about (loại thao tác): what the office filters the log by.</summary>
public enum AuditKind
{
    /// <summary>A successful sign-in.</summary>
    SignIn,
    /// <summary>A refused sign-in (wrong name or password, locked account).</summary>
    SignInFailed,
    /// <summary>A sign-out.</summary>
    SignOut,
    /// <summary>Accounts and their roles.</summary>
    Account,
    /// <summary>Units (đơn vị).</summary>
    Unit,
    /// <summary>Criteria sets (bộ tiêu chí).</summary>
    CriteriaSet,
    /// <summary>Rounds and their stages.</summary>
    Round,
    /// <summary>Self-assessment uploads.</summary>
    SelfAssessment,
    /// <summary>Appraisals (thẩm định).</summary>
    Appraisal,
    /// <summary>Explanations (giải trình).</summary>
    Explanation,
    /// <summary>Evidence files (tài liệu kiểm chứng).</summary>
    Evidence,
    /// <summary>Survey imports (điều tra XHH).</summary>
    Survey,
    /// <summary>Published annexes imported as a baseline (phụ lục đã công bố).</summary>
    Baseline,
    /// <summary>Computed results.</summary>
    Computation,
    /// <summary>Publications (công bố).</summary>
    Publication,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>One changed value of an entry: the field in words, before and after as people read them.</summary>
public sealed record AuditChange(string Field, string Before, string After);

/// <summary>
/// An audit entry in the words of a reform office: who (name, role, unit), what (a sentence), when (province
/// time), the changed values before → after, and why. Never a type name, a GUID or raw json.
/// </summary>
public sealed record AuditEntryDto(long Id, DateTime At, string Time, string Who, string Role, string? WhoUnit,
    AuditKind Kind, string KindLabel, string What, IReadOnlyList<AuditChange> Changes, string? Reason, int? Year, string? UnitCode)
{
    /// <summary>The changes in one line: «tên: A → B; khối: X → Y».</summary>
    public string ChangesText => string.Join("; ", Changes.Select(c => $"{c.Field}: {c.Before} → {c.After}"));
}

/// <summary>
/// Turns the append-only rows (written by <see cref="ParIndexDb"/> for every change, and by the sign-in for each
/// attempt) into <see cref="AuditEntryDto"/>. The rows keep the raw values for the record; this reads them with
/// what the database knows now (unit names, rounds' years, accounts' names and roles).
/// </summary>
internal sealed class AuditWording
{
    /// <summary>The entity name of sign-in rows (no table; written by <see cref="Features.RecordSignIn"/>).</summary>
    public const string SignInEntity = "SignIn";

    private static readonly CultureInfo Vi = Labels.Vietnamese;

    private readonly ProvinceTime _time;
    private readonly Dictionary<int, (string Code, string Name)> _unitsById;
    private readonly Dictionary<string, string> _unitNames;
    private readonly Dictionary<int, (int Year, string Group)> _rounds;
    private readonly Dictionary<int, (int RoundId, string UnitCode, int Revision)> _submissions;
    private readonly Dictionary<int, (int RoundId, string UnitCode, string LeafCode, int Stage)> _appraisals;
    private readonly Dictionary<int, (int RoundId, string UnitCode, string LeafCode)> _explanations;
    private readonly Dictionary<int, (int RoundId, string UnitCode)> _drafts;
    private readonly Dictionary<int, (int Year, string FileName)> _surveys;
    private readonly Dictionary<int, (int Year, string Group)> _baselines;
    private readonly Dictionary<int, (int Year, string Group, string Version)> _criteria;
    private readonly Dictionary<int, int> _results;
    private readonly Dictionary<int, (int Year, int Number, string Decision, DateOnly Date)> _publications;
    private readonly Dictionary<string, (string UserName, string DisplayName, string? UnitCode)> _usersById;
    private readonly Dictionary<string, (string DisplayName, string? Role, string? UnitCode)> _usersByName;
    private readonly Dictionary<string, string> _roles;

    private AuditWording(ProvinceTime time, ParIndexDbSnapshot s)
    {
        _time = time;
        _unitsById = s.Units.ToDictionary(u => u.Id, u => (u.Code, u.Name));
        _unitNames = s.Units.GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.First().Name);
        _rounds = s.Rounds.ToDictionary(r => r.Id, r => (r.Year, r.Group));
        _submissions = s.Submissions.ToDictionary(x => x.Id, x => (x.RoundId, x.UnitCode, x.Revision));
        _appraisals = s.Appraisals.ToDictionary(x => x.Id, x => (x.RoundId, x.UnitCode, x.LeafCode, x.Stage));
        _explanations = s.Explanations.ToDictionary(x => x.Id, x => (x.RoundId, x.UnitCode, x.LeafCode));
        _drafts = s.Drafts.ToDictionary(x => x.Id, x => (x.RoundId, x.UnitCode));
        _surveys = s.Surveys.ToDictionary(x => x.Id, x => (x.Year, x.FileName));
        _baselines = s.Baselines.ToDictionary(x => x.Id, x => (x.Year, x.Group));
        _criteria = s.Criteria.ToDictionary(x => x.Id, x => (x.Year, x.Group, x.Version));
        _results = s.Results.ToDictionary(x => x.Id, x => x.Year);
        _publications = s.Publications.ToDictionary(x => x.Id, x => (x.Year, x.Number, x.Decision, x.Date));
        _roles = s.Roles.ToDictionary(r => r.Id, r => r.Name ?? "");
        var roleOf = s.UserRoles.GroupBy(ur => ur.UserId).ToDictionary(g => g.Key, g => _roles.GetValueOrDefault(g.First().RoleId));
        _usersById = s.Users.ToDictionary(u => u.Id, u => (u.UserName ?? "", u.DisplayName, u.UnitCode));
        _usersByName = s.Users.Where(u => u.UserName is not null)
            .ToDictionary(u => u.UserName!, u => (u.DisplayName, roleOf.GetValueOrDefault(u.Id), u.UnitCode));
    }

    /// <summary>What the wording needs to know of the database, read once per request (small columns only).</summary>
    private sealed record ParIndexDbSnapshot(
        List<UnitRecord> Units, List<RoundRecord> Rounds, List<SubmissionRecord> Submissions, List<AppraisalRecord> Appraisals,
        List<ExplanationRecord> Explanations, List<SurveyImportRecord> Surveys, List<BaselineRecord> Baselines, List<CriteriaSetRecord> Criteria,
        List<ResultRecord> Results, List<PublicationRecord> Publications, List<AppUser> Users,
        List<Microsoft.AspNetCore.Identity.IdentityRole> Roles, List<Microsoft.AspNetCore.Identity.IdentityUserRole<string>> UserRoles,
        List<SelfAssessmentDraftRecord> Drafts);

    public static async Task<AuditWording> LoadAsync(ParIndexDb db, ProvinceTime time, CancellationToken ct)
    {
        var snapshot = new ParIndexDbSnapshot(
            await db.Units.AsNoTracking().Select(u => new UnitRecord { Id = u.Id, Code = u.Code, Name = u.Name }).ToListAsync(ct),
            await db.Rounds.AsNoTracking().Select(r => new RoundRecord { Id = r.Id, Year = r.Year, Group = r.Group }).ToListAsync(ct),
            await db.Submissions.AsNoTracking().Select(x => new SubmissionRecord { Id = x.Id, RoundId = x.RoundId, UnitCode = x.UnitCode, Revision = x.Revision }).ToListAsync(ct),
            await db.Appraisals.AsNoTracking().Select(x => new AppraisalRecord { Id = x.Id, RoundId = x.RoundId, UnitCode = x.UnitCode, LeafCode = x.LeafCode, Stage = x.Stage }).ToListAsync(ct),
            await db.Explanations.AsNoTracking().Select(x => new ExplanationRecord { Id = x.Id, RoundId = x.RoundId, UnitCode = x.UnitCode, LeafCode = x.LeafCode }).ToListAsync(ct),
            await db.SurveyImports.AsNoTracking().Select(x => new SurveyImportRecord { Id = x.Id, Year = x.Year, FileName = x.FileName }).ToListAsync(ct),
            await db.Baselines.AsNoTracking().Select(x => new BaselineRecord { Id = x.Id, Year = x.Year, Group = x.Group }).ToListAsync(ct),
            await db.CriteriaSets.AsNoTracking().Select(x => new CriteriaSetRecord { Id = x.Id, Year = x.Year, Group = x.Group, Version = x.Version }).ToListAsync(ct),
            await db.Results.AsNoTracking().Select(x => new ResultRecord { Id = x.Id, Year = x.Year }).ToListAsync(ct),
            await db.Publications.AsNoTracking().Select(x => new PublicationRecord { Id = x.Id, Year = x.Year, Number = x.Number, Decision = x.Decision, Date = x.Date }).ToListAsync(ct),
            await db.Users.AsNoTracking().Select(u => new AppUser { Id = u.Id, UserName = u.UserName, DisplayName = u.DisplayName, UnitCode = u.UnitCode }).ToListAsync(ct),
            await db.Roles.AsNoTracking().ToListAsync(ct),
            await db.UserRoles.AsNoTracking().ToListAsync(ct),
            await db.SelfAssessmentDrafts.AsNoTracking().Select(x => new SelfAssessmentDraftRecord { Id = x.Id, RoundId = x.RoundId, UnitCode = x.UnitCode }).ToListAsync(ct));
        return new AuditWording(time, snapshot);
    }

    /// <summary>The kind of a row, from what it is about.</summary>
    public static AuditKind KindOf(string entity, string action) => entity switch
    {
        SignInEntity => action == "Succeeded" ? AuditKind.SignIn : action == "SignedOut" ? AuditKind.SignOut : AuditKind.SignInFailed,
        nameof(UnitRecord) => AuditKind.Unit,
        nameof(CriteriaSetRecord) => AuditKind.CriteriaSet,
        nameof(RoundRecord) or nameof(StageExtensionRecord) => AuditKind.Round,
        nameof(SubmissionRecord) or nameof(SelfAssessmentDraftRecord) => AuditKind.SelfAssessment,
        nameof(AppraisalRecord) or nameof(AppraisalClosureRecord) => AuditKind.Appraisal,
        nameof(ExplanationRecord) => AuditKind.Explanation,
        nameof(EvidenceFileRecord) => AuditKind.Evidence,
        nameof(SurveyImportRecord) => AuditKind.Survey,
        nameof(BaselineRecord) => AuditKind.Baseline,
        nameof(ResultRecord) => AuditKind.Computation,
        nameof(PublicationRecord) => AuditKind.Publication,
        _ when entity == nameof(AppUser) || entity.StartsWith("Identity", StringComparison.Ordinal) => AuditKind.Account,
        _ => AuditKind.Other,
    };

    /// <summary>The entity names (as rows store them) of a kind, so a kind filter runs in the database.</summary>
    public static IReadOnlyList<string>? EntitiesOf(AuditKind kind) => kind switch
    {
        AuditKind.SignIn or AuditKind.SignInFailed or AuditKind.SignOut => [SignInEntity],
        AuditKind.Unit => [nameof(UnitRecord)],
        AuditKind.CriteriaSet => [nameof(CriteriaSetRecord)],
        AuditKind.Round => [nameof(RoundRecord), nameof(StageExtensionRecord)],
        AuditKind.SelfAssessment => [nameof(SubmissionRecord), nameof(SelfAssessmentDraftRecord)],
        AuditKind.Appraisal => [nameof(AppraisalRecord), nameof(AppraisalClosureRecord)],
        AuditKind.Explanation => [nameof(ExplanationRecord)],
        AuditKind.Evidence => [nameof(EvidenceFileRecord)],
        AuditKind.Survey => [nameof(SurveyImportRecord)],
        AuditKind.Baseline => [nameof(BaselineRecord)],
        AuditKind.Computation => [nameof(ResultRecord)],
        AuditKind.Publication => [nameof(PublicationRecord)],
        _ => null,
    };

    /// <summary>The user names whose display name or user name contains the text (the person filter).</summary>
    public IReadOnlyList<string> UsersMatching(string text) =>
        _usersByName.Where(u => u.Key.Contains(text, StringComparison.OrdinalIgnoreCase) || u.Value.DisplayName.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(u => u.Key).Append(text).ToList();

    public AuditEntryDto Describe(AuditRecord row)
    {
        var before = Values(row.Before);
        var after = Values(row.After);
        var kind = KindOf(row.Entity, row.Action);
        var (who, role, whoUnit) = Who(row.User);
        int? year = null;
        string? unit = null;
        var changes = row.Action == "Modified" ? Changes(row.Entity, before, after) : [];
        var what = row.Entity switch
        {
            AuditWording.SignInEntity => SignIn(row.Action),
            nameof(UnitRecord) => Unit(row, before, after, changes, ref unit),
            nameof(CriteriaSetRecord) => CriteriaSet(row, before, after, ref year),
            nameof(RoundRecord) => Round(row, before, after, ref year),
            nameof(SubmissionRecord) => Submission(row, after, ref year, ref unit),
            nameof(AppraisalRecord) => Appraisal(row, after, ref year, ref unit),
            nameof(AppraisalClosureRecord) => AppraisalClosure(row, after, ref year),
            nameof(StageExtensionRecord) => Extension(row, before, after, ref year, ref unit),
            nameof(ExplanationRecord) => Explanation(row, ref year, ref unit),
            nameof(SelfAssessmentDraftRecord) => Draft(row, before, after, ref year, ref unit),
            nameof(EvidenceFileRecord) => EvidenceFile(row, before, after, ref year, ref unit),
            nameof(SurveyImportRecord) => Survey(row, before, after, ref year),
            nameof(BaselineRecord) => Baseline(row, after, ref year),
            nameof(ResultRecord) => Result(row, after, ref year),
            nameof(PublicationRecord) => Publication(row, after, ref year),
            nameof(AppUser) => Account(row, after),
            _ when row.Entity.StartsWith("IdentityUserRole", StringComparison.Ordinal) => UserRole(row, before, after),
            _ when row.Entity.StartsWith("IdentityRole", StringComparison.Ordinal) => Verb(row.Action, "vai trò", "") + RoleLabel(Text(after, "Name") ?? Text(before, "Name")),
            _ => Verb(row.Action, Labels.Lower(Labels.Of(kind, Vi)), ""),
        };
        if (row.Entity == nameof(UnitRecord) && row.Action == "Modified") changes = []; // the sentence carries them
        return new AuditEntryDto(row.Id, row.At, _time.FormatPrecise(row.At), who, role, whoUnit, kind, Labels.Of(kind, Vi), what,
            changes, row.Reason, year, unit);
    }

    // Who: the account's full name, role and unit as they are now; the service itself; or a person not signed in.
    private (string Who, string Role, string? Unit) Who(string user)
    {
        if (_usersByName.TryGetValue(user, out var u))
            return (string.IsNullOrWhiteSpace(u.DisplayName) ? user : $"{u.DisplayName} ({user})", ActorRoles.Label(u.Role, Vi),
                u.UnitCode is { } c ? UnitName(c) : null);
        if (user == "anonymous") return ("Người chưa đăng nhập", "—", null);
        return (user == "system" ? Labels.Of(ActorRole.System, Vi) : user, Labels.Of(ActorRole.System, Vi), null);
    }

    private static string SignIn(string action) => action switch
    {
        "Succeeded" => "Đăng nhập",
        "SignedOut" => "Đăng xuất",
        "LockedOut" => "Đăng nhập không thành công: tài khoản đang tạm khóa",
        _ => "Đăng nhập không thành công: sai tên đăng nhập hoặc mật khẩu",
    };

    private string Unit(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after,
        IReadOnlyList<AuditChange> changes, ref string? unit)
    {
        var known = _unitsById.TryGetValue(Id(row), out var u);
        unit = Text(after, "Code") ?? Text(before, "Code") ?? (known ? u.Code : null);
        return row.Action switch
        {
            "Added" => $"Thêm đơn vị {unit}: {Text(after, "Name")} ({Labels.Lower(Labels.Group(Text(after, "Group") ?? "", Vi))})",
            "Deleted" => $"Xóa đơn vị {unit}",
            _ => $"Sửa đơn vị {unit}: " + string.Join("; ", changes.Select(c => $"{c.Field} {c.Before} → {c.After}")),
        };
    }

    private string CriteriaSet(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after, ref int? year)
    {
        _criteria.TryGetValue(Id(row), out var c);
        year = Int(after, "Year") ?? (c.Year == 0 ? null : c.Year);
        var group = Labels.Lower(Labels.Group(Text(after, "Group") ?? c.Group ?? "", Vi));
        return row.Action == "Added"
            ? $"Nhập bộ tiêu chí năm {year} của {group}, phiên bản {Text(after, "Version")}"
            : Text(after, "Version") is { } v
                ? $"Thay bộ tiêu chí năm {year} của {group}: phiên bản {Text(before, "Version")} → {v}"
                : $"Nhập lại bộ tiêu chí năm {year} của {group}";
    }

    private string Round(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after, ref int? year)
    {
        _rounds.TryGetValue(Id(row), out var r);
        year = Int(after, "Year") ?? (r.Year == 0 ? null : r.Year);
        var of = $"vòng đánh giá năm {year} của {Labels.Lower(Labels.Group(Text(after, "Group") ?? r.Group ?? "", Vi))}";
        if (row.Action == "Added") return "Mở " + of;
        if (Int(after, "Stage") is { } to && Int(before, "Stage") is { } from)
            return $"Chuyển {of} từ giai đoạn {Labels.Lower(Labels.Vi((RoundStage)from))} sang {Labels.Lower(Labels.Vi((RoundStage)to))}";
        return Verb(row.Action, of, "");
    }

    private string Submission(AuditRecord row, Dictionary<string, JsonElement> after, ref int? year, ref string? unit)
    {
        _submissions.TryGetValue(Id(row), out var s);
        var round = Int(after, "RoundId") ?? s.RoundId;
        year = _rounds.TryGetValue(round, out var r) ? r.Year : null;
        unit = Text(after, "UnitCode") ?? s.UnitCode;
        var revision = Int(after, "Revision") ?? s.Revision;
        var sentence = $"bản tự đánh giá lần {revision} của {UnitName(unit)}";
        if (row.Action == "Modified" && Text(after, "WithdrawnAt") is not null) return $"Rút lại {sentence} để sửa";
        if (row.Action != "Added") return Verb(row.Action, sentence, "");
        return "Tải lên " + sentence + (Bool(after, "Accepted") == false ? " (bị từ chối vì có lỗi)" : "");
    }

    private string Extension(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after, ref int? year, ref string? unit)
    {
        var values = row.Action == "Deleted" ? before : after;
        year = Int(values, "RoundId") is { } round && _rounds.TryGetValue(round, out var r) ? r.Year : null;
        unit = Text(values, "UnitCode");
        var what = StageWindow.Action(Int(values, "Door") == (int)StageDoor.Explanation ? StageDoor.Explanation : StageDoor.Submission);
        var until = Text(after, "Until") is { } d && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? ProvinceTime.Date(day) : "—";
        return row.Action switch
        {
            "Added" => $"Gia hạn {what} cho {UnitName(unit)} (vòng năm {year}) đến hết ngày {until}",
            "Modified" => $"Đổi gia hạn {what} của {UnitName(unit)} (vòng năm {year}) thành đến hết ngày {until}",
            _ => $"Bỏ gia hạn {what} của {UnitName(unit)} (vòng năm {year})",
        };
    }

    private string Appraisal(AuditRecord row, Dictionary<string, JsonElement> after, ref int? year, ref string? unit)
    {
        var known = _appraisals.TryGetValue(Id(row), out var a);
        var round = Int(after, "RoundId") ?? a.RoundId;
        year = _rounds.TryGetValue(round, out var r) ? r.Year : null;
        unit = Text(after, "UnitCode") ?? (known ? a.UnitCode : null);
        var stage = Int(after, "Stage") ?? a.Stage;
        var leaf = Text(after, "LeafCode") ?? a.LeafCode;
        var by = Text(after, "AppraiserUnit") is { Length: > 0 } appraiser ? $" (đơn vị thẩm định: {UnitName(appraiser)})" : "";
        var sentence = $"Thẩm định lần {stage} tiêu chí {leaf} của {UnitName(unit)}";
        return row.Action switch
        {
            "Added" when Bool(after, "AcceptedSelf") == true => $"{sentence}: chấp nhận điểm tự đánh giá" +
                (Decimal(after, "Points") is { } p ? $" ({Numbers.Vi(p)} điểm)" : "") + by,
            "Added" => sentence + (Decimal(after, "Points") is { } p ? $": {Numbers.Vi(p)} điểm" : "") + by,
            "Modified" => "Sửa " + Labels.Lower(sentence),
            _ => "Xóa " + Labels.Lower(sentence),
        };
    }

    private string AppraisalClosure(AuditRecord row, Dictionary<string, JsonElement> after, ref int? year)
    {
        var round = Int(after, "RoundId") ?? 0;
        _rounds.TryGetValue(round, out var r);
        year = r.Year == 0 ? null : r.Year;
        var of = $"lần {Int(after, "Stage")} vòng đánh giá năm {year} của {Labels.Lower(Labels.Group(r.Group ?? "", Vi))}";
        var date = Text(after, "DecisionDate") is { } d && DateOnly.TryParse(d, CultureInfo.InvariantCulture, out var parsed) ? ProvinceTime.Date(parsed) : "";
        return row.Action == "Added"
            ? $"Chốt kết quả thẩm định {of}: {Text(after, "Decision")} ngày {date}"
            : Verb(row.Action, "chốt kết quả thẩm định " + of, "");
    }

    private string Explanation(AuditRecord row, ref int? year, ref string? unit)
    {
        var values = Values(row.After);
        var known = _explanations.TryGetValue(Id(row), out var e);
        var round = Int(values, "RoundId") ?? e.RoundId;
        year = _rounds.TryGetValue(round, out var r) ? r.Year : null;
        unit = Text(values, "UnitCode") ?? (known ? e.UnitCode : null);
        var sentence = $"giải trình tiêu chí {Text(values, "LeafCode") ?? e.LeafCode} của {UnitName(unit)}";
        return row.Action == "Added" ? "Gửi " + sentence : Verb(row.Action, sentence, "");
    }

    private string Draft(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after,
        ref int? year, ref string? unit)
    {
        var values = after.Count > 0 ? after : before;
        var known = _drafts.TryGetValue(Id(row), out var d);
        year = (Int(values, "RoundId") ?? (known ? d.RoundId : null)) is { } round && _rounds.TryGetValue(round, out var r) ? r.Year : null;
        unit = Text(values, "UnitCode") ?? (known ? d.UnitCode : null);
        return row.Action == "Deleted"
            ? $"Xóa bản nháp tự đánh giá trên biểu mẫu của {UnitName(unit)}"
            : $"Lưu bản nháp tự đánh giá trên biểu mẫu của {UnitName(unit)}";
    }

    // Rows are never changed, so the values of the row itself (after an addition, before a deletion) say it all.
    private string EvidenceFile(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after,
        ref int? year, ref string? unit)
    {
        var values = row.Action == "Deleted" ? before : after;
        year = Int(values, "RoundId") is { } round && _rounds.TryGetValue(round, out var r) ? r.Year : null;
        unit = Text(values, "UnitCode");
        var what = $"tài liệu kiểm chứng «{Text(values, "FileName")}» của tiêu chí {Text(values, "LeafCode")}, {UnitName(unit)}";
        return row.Action switch
        {
            "Added" when Int(values, "SubmissionId") is { } s && _submissions.TryGetValue(s, out var sub) => $"Chốt {what} cùng bản tự đánh giá lần {sub.Revision}",
            "Added" => $"Đính kèm {what} ({Size(values)})",
            "Deleted" => $"Gỡ {what}",
            _ => Verb(row.Action, what, ""),
        };

        static string Size(Dictionary<string, JsonElement> v) =>
            v.TryGetValue("Size", out var e) && e.TryGetInt64(out var bytes)
                ? bytes >= 1024 * 1024 ? $"{Numbers.Vi(Math.Round(bytes / 1048576m, 1))} MB" : $"{Numbers.Vi(Math.Max(1, Math.Round(bytes / 1024m)))} KB"
                : "";
    }

    private string Survey(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after, ref int? year)
    {
        _surveys.TryGetValue(Id(row), out var s);
        year = Int(after, "Year") ?? (s.Year == 0 ? null : s.Year);
        var file = Text(after, "FileName") ?? s.FileName;
        if (row.Action == "Added")
            return $"Nhập dữ liệu điều tra XHH năm {year}: tệp {file}, {Int(after, "Questionnaires")} phiếu";
        if (Bool(after, "Active") == false && Bool(before, "Active") == true)
            return $"Ngừng dùng dữ liệu điều tra XHH năm {year} (tệp {file})";
        return Verb(row.Action, $"dữ liệu điều tra XHH năm {year} (tệp {file})", "");
    }

    private string Baseline(AuditRecord row, Dictionary<string, JsonElement> after, ref int? year)
    {
        _baselines.TryGetValue(Id(row), out var b);
        year = Int(after, "Year") ?? (b.Year == 0 ? null : b.Year);
        var group = Labels.Lower(Labels.Group(Text(after, "Group") ?? b.Group, Vi));
        var file = Text(after, "FileName");
        var what = $"phụ lục kết quả đã công bố năm {year} của {group}" + (file is null ? "" : $" (tệp {file}, {Int(after, "Units")} đơn vị)");
        return row.Action switch
        {
            "Added" => "Nhập " + what + " làm kết quả năm trước",
            "Modified" => "Thay " + what,
            _ => Verb(row.Action, what, ""),
        };
    }

    private string Result(AuditRecord row, Dictionary<string, JsonElement> after, ref int? year)
    {
        year = Int(after, "Year") ?? (_results.TryGetValue(Id(row), out var y) ? y : null);
        return row.Action == "Added" ? $"Tính kết quả năm {year}" : Verb(row.Action, $"kết quả tính năm {year}", "");
    }

    private string Publication(AuditRecord row, Dictionary<string, JsonElement> after, ref int? year)
    {
        _publications.TryGetValue(Id(row), out var p);
        year = Int(after, "Year") ?? (p.Year == 0 ? null : p.Year);
        var decision = Text(after, "Decision") ?? p.Decision;
        var date = Text(after, "Date") is { } d && DateOnly.TryParse(d, CultureInfo.InvariantCulture, out var parsed) ? parsed : p.Date;
        var number = Int(after, "Number") ?? p.Number;
        var correction = number > 1 ? $" (đính chính lần {number - 1})" : "";
        return row.Action == "Added"
            ? $"Công bố kết quả năm {year}, {decision} ngày {ProvinceTime.Date(date)}{correction}"
            : Verb(row.Action, $"quyết định công bố kết quả năm {year}", "");
    }

    private string Account(AuditRecord row, Dictionary<string, JsonElement> after)
    {
        var key = row.Key;
        var name = Text(after, "UserName") ?? (_usersById.TryGetValue(key, out var u) ? u.UserName : "đã xóa");
        return row.Action switch
        {
            "Added" => $"Tạo tài khoản {name}" + (Text(after, "DisplayName") is { Length: > 0 } full ? $" ({full})" : ""),
            "Deleted" => $"Xóa tài khoản {name}",
            _ => $"Cập nhật tài khoản {name}",
        };
    }

    private string UserRole(AuditRecord row, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after)
    {
        var values = row.Action == "Deleted" ? before : after;
        var user = Text(values, "UserId") is { } id && _usersById.TryGetValue(id, out var u) ? u.UserName : "đã xóa";
        var role = Text(values, "RoleId") is { } rid && _roles.TryGetValue(rid, out var r) ? RoleLabel(r) : "—";
        return row.Action == "Deleted" ? $"Bỏ vai trò {role} của tài khoản {user}" : $"Gán vai trò {role} cho tài khoản {user}";
    }

    private static string RoleLabel(string? code) => Labels.Lower(ActorRoles.Label(code, Vi));

    private static string Verb(string action, string what, string suffix) => action switch
    {
        "Added" => "Thêm " + what + suffix,
        "Deleted" => "Xóa " + what + suffix,
        _ => "Sửa " + what + suffix,
    };

    private string UnitName(string? code) =>
        code is null ? "đơn vị không rõ" : _unitNames.TryGetValue(code, out var name) ? name : $"đơn vị {code}";

    // The changed values in words. Technical columns (keys, counters, hashes, who/when already in the entry) are left out.
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Name"] = "tên", ["Group"] = "khối", ["Ranked"] = "xếp hạng", ["FromYear"] = "từ năm", ["UntilYear"] = "đến năm",
        ["Predecessors"] = "đơn vị tiền thân", ["Stage"] = "giai đoạn", ["SelfAssessmentDeadline"] = "hạn tự đánh giá",
        ["Appraisal1Deadline"] = "hạn thẩm định lần 1", ["ExplanationDeadline"] = "hạn giải trình", ["Appraisal2Deadline"] = "hạn thẩm định lần 2",
        ["SelfAssessmentOpens"] = "ngày mở tự đánh giá", ["Appraisal1Opens"] = "ngày mở thẩm định lần 1", ["ExplanationOpens"] = "ngày mở giải trình",
        ["Appraisal2Opens"] = "ngày mở thẩm định lần 2", ["WithdrawnAt"] = "rút lại lúc",
        ["Points"] = "điểm", ["Reason"] = "lý do", ["Text"] = "nội dung", ["Active"] = "đang dùng", ["Version"] = "phiên bản",
        ["Title"] = "tên", ["Decision"] = "quyết định", ["FileName"] = "tệp", ["Accepted"] = "được chấp nhận",
        ["DisplayName"] = "họ tên", ["UnitCode"] = "đơn vị", ["Email"] = "thư điện tử", ["LockoutEnd"] = "tạm khóa đến",
        ["AccessFailedCount"] = "số lần đăng nhập sai", ["Questionnaires"] = "số phiếu",
        ["Until"] = "gia hạn đến", ["AcceptedSelf"] = "chấp nhận điểm tự đánh giá", ["AppraiserUnit"] = "đơn vị thẩm định", ["DecisionDate"] = "ngày quyết định",
    };

    private IReadOnlyList<AuditChange> Changes(string entity, Dictionary<string, JsonElement> before, Dictionary<string, JsonElement> after)
    {
        var list = new List<AuditChange>();
        foreach (var (name, value) in after)
        {
            if (!Fields.TryGetValue(name, out var field)) continue;
            if (entity == nameof(RoundRecord) && name == "Version") continue; // the round's concurrency counter
            before.TryGetValue(name, out var old);
            list.Add(entity == nameof(RoundRecord) && name == "Stage"
                ? new AuditChange(field, StageValue(old), StageValue(value))
                : new AuditChange(field, Value(name, old), Value(name, value)));
        }
        return list;
    }

    private string Value(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "(trống)",
        JsonValueKind.True => "có",
        JsonValueKind.False => "không",
        JsonValueKind.Number => value.TryGetDecimal(out var d) ? (d == decimal.Truncate(d) ? d.ToString("0", CultureInfo.InvariantCulture) : Numbers.Vi(d)) : value.GetRawText(),
        JsonValueKind.String when name == "Group" => Labels.Group(value.GetString()!, Vi),
        JsonValueKind.String when name == "UnitCode" => UnitName(value.GetString()),
        JsonValueKind.String when name == "AppraiserUnit" => value.GetString() is { Length: > 0 } u ? UnitName(u) : Labels.Of(ActorRole.Office, Vi),
        JsonValueKind.String when value.TryGetDateTime(out var t) && value.GetString()!.Contains('T') => _time.Format(DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc)),
        JsonValueKind.String when DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => ProvinceTime.Date(day),
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : "(trống)",
        _ => value.GetRawText(),
    };

    private static string StageValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var s) ? Labels.Vi((RoundStage)s) : "(trống)";

    private static Dictionary<string, JsonElement> Values(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind == JsonValueKind.Object
            ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
            : [];
    }

    private static int Id(AuditRecord row) => int.TryParse(row.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0;

    private static string? Text(Dictionary<string, JsonElement> v, string name) =>
        v.TryGetValue(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static int? Int(Dictionary<string, JsonElement> v, string name) =>
        v.TryGetValue(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) ? i : null;

    private static decimal? Decimal(Dictionary<string, JsonElement> v, string name) =>
        v.TryGetValue(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d) ? d : null;

    private static bool? Bool(Dictionary<string, JsonElement> v, string name) =>
        v.TryGetValue(name, out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;
}
