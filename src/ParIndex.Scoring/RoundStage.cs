namespace ParIndex.Scoring;

/// <summary>The stage of a round (vòng đánh giá) of one year and group.</summary>
public enum RoundStage
{
    /// <summary>Created; units cannot submit yet.</summary>
    Open = 0,
    /// <summary>Units submit self-assessments (tự đánh giá).</summary>
    SelfAssessment = 1,
    /// <summary>The appraisal council's first round (thẩm định lần 1).</summary>
    Appraisal1 = 2,
    /// <summary>Units explain (giải trình) where they disagree.</summary>
    Explanation = 3,
    /// <summary>The second round (thẩm định lần 2).</summary>
    Appraisal2 = 4,
    /// <summary>Published: frozen; a correction is a new publication.</summary>
    Published = 5,
}
