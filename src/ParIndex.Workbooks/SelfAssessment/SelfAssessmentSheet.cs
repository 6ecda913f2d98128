namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>
/// The fixed names of the self-assessment workbook (phiếu tự đánh giá): its sheets, its header labels and
/// its defined names. These are a format that provinces rely on (interchange.md); change them only with a
/// new template for every unit.
/// </summary>
public static class SelfAssessmentSheet
{
    /// <summary>The sheet holding the criteria table.</summary>
    public const string SheetName = "Tự đánh giá";

    /// <summary>The sheet explaining how to fill the workbook in.</summary>
    public const string GuideSheetName = "Hướng dẫn";

    /// <summary>Header of the criterion code column.</summary>
    public const string Code = "Mã tiêu chí";
    /// <summary>Header of the criterion text column.</summary>
    public const string Title = "Nội dung";
    /// <summary>Header of the maximum column.</summary>
    public const string Max = "Điểm tối đa";
    /// <summary>Header of the column describing the rule.</summary>
    public const string Method = "Cách chấm";
    /// <summary>Header of the entered value column (level, Có/Không, number, count).</summary>
    public const string Value = "Giá trị";
    /// <summary>Header of the self-score column.</summary>
    public const string SelfScore = "Điểm tự chấm";
    /// <summary>Header of the not-applicable mark column.</summary>
    public const string NotApplicable = "Không áp dụng";
    /// <summary>Header of the evidence column.</summary>
    public const string Evidence = "Tài liệu kiểm chứng";
    /// <summary>Header of the unit's explanation column.</summary>
    public const string Explanation = "Giải trình";
    /// <summary>Header of the appraisal (round 1) points column.</summary>
    public const string Appraisal = "Điểm thẩm định";
    /// <summary>Header of the appraisal reason column.</summary>
    public const string AppraisalReason = "Lý do thẩm định";

    /// <summary>The header labels, in the template's order.</summary>
    public static IReadOnlyList<string> Headers { get; } =
        [Code, Title, Max, Method, Value, SelfScore, NotApplicable, Evidence, Explanation, Appraisal, AppraisalReason];

    /// <summary>Defined name holding the unit code.</summary>
    public const string UnitName = "ParIndex.Unit";
    /// <summary>Defined name holding the year.</summary>
    public const string YearName = "ParIndex.Year";
    /// <summary>Defined name holding the ranking group.</summary>
    public const string GroupName = "ParIndex.Group";
    /// <summary>Defined name holding the criteria set's version.</summary>
    public const string CriteriaVersionName = "ParIndex.CriteriaVersion";

    /// <summary>Label of the unit code cell above the table.</summary>
    public const string UnitCodeLabel = "Mã đơn vị";
    /// <summary>Label of the unit name cell.</summary>
    public const string UnitNameLabel = "Tên đơn vị";
    /// <summary>Label of the year cell.</summary>
    public const string YearLabel = "Năm";
    /// <summary>Label of the group cell.</summary>
    public const string GroupLabel = "Khối";
    /// <summary>Label of the criteria version cell.</summary>
    public const string CriteriaVersionLabel = "Phiên bản bộ tiêu chí";
    /// <summary>Label of the decision cell.</summary>
    public const string DecisionLabel = "Quyết định";

    /// <summary>The reader looks for the header row within this many rows from the top.</summary>
    public const int HeaderSearchRows = 40;
}
