namespace ParIndex.Scoring.Criteria;

/// <summary>The rule kinds of a leaf (cách chấm).</summary>
public enum RuleKind
{
    /// <summary>The self-score itself, 0 ≤ s ≤ max.</summary>
    Points,
    /// <summary>Có → max, Không → 0.</summary>
    YesNo,
    /// <summary>One of the named levels, each with its points.</summary>
    Levels,
    /// <summary>A number; the first band from the top that it reaches.</summary>
    Bands,
    /// <summary>A number; max × clamp(value ÷ target, 0, 1).</summary>
    Proportional,
    /// <summary>Scored from the sociological survey.</summary>
    Survey,
    /// <summary>A count of items, added (điểm thưởng).</summary>
    Bonus,
    /// <summary>A count of items, subtracted (điểm trừ).</summary>
    Penalty,
}

/// <summary>How a leaf is scored. Each kind's record holds its parameters.</summary>
public abstract record Rule
{
    /// <summary>The rule's kind.</summary>
    public abstract RuleKind Kind { get; }

    /// <summary>The kind's name as written in criteria files.</summary>
    public string KindName => Kind switch
    {
        RuleKind.Points => "points",
        RuleKind.YesNo => "yes_no",
        RuleKind.Levels => "levels",
        RuleKind.Bands => "bands",
        RuleKind.Proportional => "proportional",
        RuleKind.Survey => "survey",
        RuleKind.Bonus => "bonus",
        RuleKind.Penalty => "penalty",
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>The unit enters its score directly; <paramref name="Step"/>, when set, is the granularity (e.g. 0.25).</summary>
public sealed record PointsRule(decimal? Step = null) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Points;
}

/// <summary>Có (yes) earns the maximum, Không (no) earns nothing.</summary>
public sealed record YesNoRule : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.YesNo;
}

/// <summary>The unit picks one level (mức); each level's points are at most the leaf's maximum.</summary>
public sealed record LevelsRule(IReadOnlyList<Level> Levels) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Levels;
}

/// <summary>A level of a <see cref="LevelsRule"/>.</summary>
public sealed record Level(string Label, decimal Points);

/// <summary>
/// The unit enters a number (in <paramref name="Unit"/>); the first band from the top that the number
/// reaches gives the points, below every band gives 0.
/// </summary>
public sealed record BandsRule(IReadOnlyList<Band> Bands, string? Unit = null) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Bands;
}

/// <summary>
/// A band: the value reaches it when value ≥ <paramref name="Threshold"/> (<c>min</c>), or
/// value &gt; <paramref name="Threshold"/> when <paramref name="Exclusive"/> (<c>above</c>).
/// </summary>
public sealed record Band(decimal Threshold, bool Exclusive, decimal Points)
{
    /// <summary>Whether <paramref name="value"/> reaches this band.</summary>
    public bool IsReachedBy(decimal value) => Exclusive ? value > Threshold : value >= Threshold;
}

/// <summary>
/// The unit enters a number; points are max × clamp(value ÷ <paramref name="Target"/>, 0, 1), and 0
/// when the value is below <paramref name="Floor"/>.
/// </summary>
public sealed record ProportionalRule(decimal Target = 100m, decimal? Floor = null, string? Unit = null) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Proportional;
}

/// <summary>Scored by the survey: max × the mean share over every answer to <paramref name="Questions"/>.</summary>
public sealed record SurveyRule(IReadOnlyList<string> Questions) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Survey;
}

/// <summary>Bonus points (điểm thưởng): min(count × <paramref name="PerItem"/>, <paramref name="Cap"/>), added.</summary>
public sealed record BonusRule(decimal PerItem, decimal Cap) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Bonus;
}

/// <summary>Penalty points (điểm trừ): min(count × <paramref name="PerItem"/>, <paramref name="Cap"/>), subtracted.</summary>
public sealed record PenaltyRule(decimal PerItem, decimal Cap) : Rule
{
    /// <inheritdoc/>
    public override RuleKind Kind => RuleKind.Penalty;
}
