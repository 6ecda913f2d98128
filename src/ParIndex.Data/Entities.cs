using Microsoft.AspNetCore.Identity;
using ParIndex.Scoring;

namespace ParIndex.Data;

/// <summary>A person's account (tài khoản). A focal point (đầu mối) is bound to one unit.</summary>
public class AppUser : IdentityUser
{
    /// <summary>The unit a focal point or an appraiser works for; null for the office and leadership.</summary>
    public string? UnitCode { get; set; }

    /// <summary>The person's full name, shown in the audit log.</summary>
    public string DisplayName { get; set; } = "";
}

/// <summary>A unit (đơn vị) as stored: units.yaml imported, then editable.</summary>
public class UnitRecord
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Group { get; set; } = "";
    public bool Ranked { get; set; } = true;
    public int? FromYear { get; set; }
    public int? UntilYear { get; set; }
    /// <summary>Predecessor codes (merger or rename), comma-separated.</summary>
    public string Predecessors { get; set; } = "";
}

/// <summary>A criteria set (bộ tiêu chí) as imported: its YAML text is the source of truth.</summary>
public class CriteriaSetRecord
{
    public int Id { get; set; }
    public int Year { get; set; }
    public string Group { get; set; } = "";
    public string Version { get; set; } = "";
    /// <summary>Its name as in scoring-criteria, e.g. <c>2024/districts.yaml</c>.</summary>
    public string Source { get; set; } = "";
    public string Yaml { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTime ImportedAt { get; set; }
}

/// <summary>A round: one year, one group, its stage and deadlines.</summary>
public class RoundRecord
{
    public int Id { get; set; }
    public int Year { get; set; }
    public string Group { get; set; } = "";
    public RoundStage Stage { get; set; }
    public DateOnly? SelfAssessmentDeadline { get; set; }
    public DateOnly? Appraisal1Deadline { get; set; }
    public DateOnly? ExplanationDeadline { get; set; }
    public DateOnly? Appraisal2Deadline { get; set; }
    /// <summary>The first day of each stage's door (practice.md §7), in province time; null opens it with the stage.</summary>
    public DateOnly? SelfAssessmentOpens { get; set; }
    public DateOnly? Appraisal1Opens { get; set; }
    public DateOnly? ExplanationOpens { get; set; }
    public DateOnly? Appraisal2Opens { get; set; }
    /// <summary>Optimistic concurrency: two changes of the same round never both win.</summary>
    public int Version { get; set; }
}

/// <summary>An uploaded self-assessment workbook (một lần nộp): every upload is kept as a revision.</summary>
public class SubmissionRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public string UnitCode { get; set; } = "";
    /// <summary>1, 2, 3… per round and unit.</summary>
    public int Revision { get; set; }
    public string FileName { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string Sha256 { get; set; } = "";
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
    /// <summary>True when the workbook had no error; the latest accepted revision is the current one.</summary>
    public bool Accepted { get; set; }
    /// <summary>Errors and warnings found, as JSON (file, sheet, cell, message, severity).</summary>
    public string ProblemsJson { get; set; } = "[]";
    /// <summary>The accepted leaf entries, as JSON, so computing needs no re-reading.</summary>
    public string? AssessmentJson { get; set; }
    /// <summary>
    /// Set when the unit withdrew the submission to edit it (rút lại, practice.md §7): a withdrawn revision is never the
    /// current one again; the unit submits anew.
    /// </summary>
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }

    /// <summary>The revisions that may be a unit's current submission: accepted and not withdrawn.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<SubmissionRecord, bool>> Stands = s => s.Accepted && s.WithdrawnAt == null;

    /// <summary><see cref="Stands"/> for rows already read.</summary>
    public static readonly Func<SubmissionRecord, bool> StandsNow = Stands.Compile();
}

/// <summary>
/// An evidence file (tài liệu kiểm chứng) a unit attached to one leaf of a round. The content is stored once by its
/// SHA-256 outside the database (<c>Evidence:Path</c>); this row keeps what people see and who attached it.
/// </summary>
public class EvidenceFileRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public string UnitCode { get; set; } = "";
    public string LeafCode { get; set; } = "";
    /// <summary>The file's name as the unit sent it (without folders).</summary>
    public string FileName { get; set; } = "";
    /// <summary>The media type found from the content (never from the name).</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Lower-case hex SHA-256 of the content: its name in the storage folder.</summary>
    public string Sha256 { get; set; } = "";
    /// <summary>
    /// Null while the file belongs to the unit's next submission (it can still be dropped); else the accepted
    /// submission it was frozen with, a copy that no later change touches.
    /// </summary>
    public int? SubmissionId { get; set; }
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}

/// <summary>
/// A unit's self-assessment typed on the web form and saved as a draft (bản nháp): one per round and unit, replaced
/// at each save; submitting it makes a submission like an uploaded workbook.
/// </summary>
public class SelfAssessmentDraftRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public string UnitCode { get; set; } = "";
    /// <summary>The entries per leaf code, as typed (JSON).</summary>
    public string EntriesJson { get; set; } = "{}";
    public DateTime SavedAt { get; set; }
    public string SavedBy { get; set; } = "";
}

/// <summary>An appraisal of one leaf (thẩm định): points and the reason, by whom and when.</summary>
public class AppraisalRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public string UnitCode { get; set; } = "";
    public string LeafCode { get; set; } = "";
    /// <summary>1 or 2.</summary>
    public int Stage { get; set; }
    public decimal Points { get; set; }
    public string Reason { get; set; } = "";
    public string Appraiser { get; set; } = "";
    /// <summary>The unit of the appraiser who recorded it (a specialist department, <c>appraised_by</c>); "" for the reform office.</summary>
    public string AppraiserUnit { get; set; } = "";
    /// <summary>True when the appraiser accepted the unit's self-score as it stands (chấp nhận điểm tự đánh giá).</summary>
    public bool AcceptedSelf { get; set; }
    public DateTime At { get; set; }
}

/// <summary>
/// The closing of a round's appraisal (chốt kết quả thẩm định lần 1 hoặc 2): once every leaf is appraised or
/// accepted, with the appraisal council's decision.
/// </summary>
public class AppraisalClosureRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    /// <summary>1 or 2.</summary>
    public int Stage { get; set; }
    /// <summary>The council's decision (số quyết định / biên bản), e.g. «Biên bản 12/BB-HĐTĐ».</summary>
    public string Decision { get; set; } = "";
    public DateOnly DecisionDate { get; set; }
    public DateTime ClosedAt { get; set; }
    public string ClosedBy { get; set; } = "";
}

/// <summary>
/// A deadline extended for one unit (gia hạn, practice.md §7): the unit's door of a stage (0 the submission of the
/// self-assessment, 1 the explanation) stays open until the end of <see cref="Until"/>, with the office's reason.
/// Granted again, it is replaced (the audit log keeps both).
/// </summary>
public class StageExtensionRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public string UnitCode { get; set; } = "";
    /// <summary>The door: 0 submission, 1 explanation (the application's StageDoor).</summary>
    public int Door { get; set; }
    public DateOnly Until { get; set; }
    public string Reason { get; set; } = "";
    public DateTime GrantedAt { get; set; }
    public string GrantedBy { get; set; } = "";
}

/// <summary>A unit's explanation (giải trình) of one leaf, in the explanation stage.</summary>
public class ExplanationRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public string UnitCode { get; set; } = "";
    public string LeafCode { get; set; } = "";
    public string Text { get; set; } = "";
    public string Author { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>An imported survey workbook (điều tra XHH) of a year: kept, replaceable.</summary>
public class SurveyImportRecord
{
    public int Id { get; set; }
    public int Year { get; set; }
    public string FileName { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string Sha256 { get; set; } = "";
    /// <summary>False once replaced or withdrawn; kept for the record.</summary>
    public bool Active { get; set; } = true;
    public long Questionnaires { get; set; }
    /// <summary>Questionnaires per unit, as JSON.</summary>
    public string RespondentsJson { get; set; } = "{}";
    public DateTime ImportedAt { get; set; }
    public string ImportedBy { get; set; } = "";
}

/// <summary>
/// The annex a province published for a year and group (phụ lục kết quả đã công bố), imported as that group's
/// baseline: the previous year of Y+1 when Y was not assessed in ParIndex. One per year and group; a new import
/// replaces it.
/// </summary>
public class BaselineRecord
{
    public int Id { get; set; }
    public int Year { get; set; }
    public string Group { get; set; } = "";
    public string FileName { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string Sha256 { get; set; } = "";
    /// <summary>The units the annex gave a result for.</summary>
    public int Units { get; set; }
    public DateTime ImportedAt { get; set; }
    public string ImportedBy { get; set; } = "";
}

/// <summary>A computed result of a year (the ranking json), with what it was computed from.</summary>
public class ResultRecord
{
    public int Id { get; set; }
    public int Year { get; set; }
    public string Json { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    /// <summary>The criteria versions used, e.g. "departments 2024.1; districts 2024.1".</summary>
    public string CriteriaVersions { get; set; } = "";
    public DateTime ComputedAt { get; set; }
    public string ComputedBy { get; set; } = "";
    /// <summary>
    /// The resolved inputs it was computed from (units, criteria texts, assessments, survey tallies, Y−1's
    /// inputs), as JSON: every view of the year is produced from it, never from live tables.
    /// </summary>
    public string InputsJson { get; set; } = "";
    /// <summary>The fingerprint of the Y−1 inputs used for the deltas ("" when none), to tell when a draft is stale.</summary>
    public string PreviousFingerprint { get; set; } = "";
}

/// <summary>A publication (công bố) of a year's ranking: frozen; a correction is a new, dated one.</summary>
public class PublicationRecord
{
    public int Id { get; set; }
    public int Year { get; set; }
    /// <summary>1 for the first publication, 2… for corrections.</summary>
    public int Number { get; set; }
    public string Decision { get; set; } = "";
    public DateOnly Date { get; set; }
    public string Json { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public string CriteriaVersions { get; set; } = "";
    /// <summary>The publication this one corrects, if any.</summary>
    public int? CorrectsId { get; set; }
    public string? CorrectionReason { get; set; }
    public DateTime PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
    /// <summary>The publication's own frozen copy of the resolved inputs (see <see cref="ResultRecord.InputsJson"/>).</summary>
    public string InputsJson { get; set; } = "";
}

/// <summary>One change, append-only (nhật ký): who, when, what, the value before and after, and why.</summary>
public class AuditRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string User { get; set; } = "";
    /// <summary>Added, Modified or Deleted.</summary>
    public string Action { get; set; } = "";
    public string Entity { get; set; } = "";
    public string Key { get; set; } = "";
    /// <summary>The changed values before, as JSON (null for an addition).</summary>
    public string? Before { get; set; }
    /// <summary>The changed values after, as JSON (null for a deletion).</summary>
    public string? After { get; set; }
    public string? Reason { get; set; }
}
