using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;
using T = ParIndex.Workbooks.SelfAssessment.SelfAssessmentTexts;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>Where a leaf's entries come from: by column header; <see cref="At"/> says where a problem is (a cell, or null).</summary>
internal interface ILeafSource
{
    CellContent Read(string header);
    string? At(string header);
}

/// <summary>
/// Reads one leaf's entries (value, self-score, not applicable, evidence, explanation, appraisal) by their columns'
/// headers, whatever holds them: a workbook's row or the web form's fields. The rules and the Vietnamese messages
/// live here once, so that the workbook and the form accept and refuse the same things with the same words.
/// </summary>
internal sealed class LeafReader(ILeafSource source, Criterion leaf, int decimals, Action<string?, string, Severity> report)
{
    private CellContent Raw(string header) => source.Read(header);
    private string? At(string header) => source.At(header);
    private void Error(string header, string message) => report(At(header), message, Severity.Error);
    private void Warning(string header, string message) => report(At(header), message, Severity.Warning);
    private string? FreeText(string header) => Raw(header) is { Kind: CellKind.Text or CellKind.Number or CellKind.Boolean or CellKind.Date } c ? c.Text : null;

    public LeafInput? Read()
    {
        if (leaf.IsSurvey)
        {
            ReadSurvey();
            return null;
        }
        var evidence = FreeText(S.Evidence);
        var explanation = FreeText(S.Explanation);
        var (appraisal, reason) = ReadAppraisal();

        var mark = Content(S.NotApplicable);
        if (mark is { IsBlank: false })
        {
            if (!leaf.NotApplicableAllowed)
            {
                Error(S.NotApplicable, T.NotApplicableNotAllowed(leaf));
                return null;
            }
            return new LeafInput(null, NotApplicable: true, Appraisal1: appraisal, Evidence: evidence,
                Explanation: explanation, AppraisalReason: reason);
        }

        var (score, value, counted) = leaf.Rule is PointsRule ? (ReadPoints(), null, true) : ReadValue();
        if (counted && evidence is null && explanation is null)
            Warning(S.Evidence, T.NoEvidence(leaf));
        return new LeafInput(score, Appraisal1: appraisal, Value: value, Evidence: evidence,
            Explanation: explanation, AppraisalReason: reason);
    }

    /// <summary>The cell's content, or null after reporting a formula or date the reader cannot use.</summary>
    private CellContent? Content(string header)
    {
        var content = Raw(header);
        switch (content.Kind)
        {
            case CellKind.FormulaError: Error(header, T.FormulaError(header, content.Text, leaf)); return null;
            case CellKind.FormulaNoValue: Error(header, T.FormulaNoValue(header, leaf)); return null;
            case CellKind.Date: Error(header, T.DateCell(header, leaf)); return null;
            case CellKind.Unreadable: Error(header, T.Unreadable(header, leaf)); return null;
            default: return content;
        }
    }

    /// <summary>A number from a numeric cell or from text with '.' or ','; null (reported) when not one.</summary>
    private decimal? Number(string header, CellContent content, bool percentScale = false)
    {
        if (content.Kind == CellKind.Number)
        {
            if (content.PercentFormat && percentScale)
            {
                Error(header, T.PercentCell(header, content.Number * 100m, leaf));
                return null;
            }
            return content.Number;
        }
        if (content.Kind == CellKind.Text && Cells.TryParseNumber(content.Text, out var n, out var percentSign)
            && (!percentSign || percentScale))
            return n;
        Error(header, T.NotANumber(header, content.Text, leaf));
        return null;
    }

    private void ReadSurvey()
    {
        foreach (var header in new[] { S.Value, S.NotApplicable, S.Evidence, S.Explanation, S.Appraisal, S.AppraisalReason })
        {
            var content = Raw(header);
            // The template writes the "scored by survey" note into the value cell itself.
            if (header == S.Value && content.Kind == CellKind.Text && content.Text == T.Survey) continue;
            if (!content.IsBlank) Error(header, T.SurveyCellNotBlank(header, leaf));
        }
        var typed = Raw(S.SelfScore);
        if (!typed.IsBlank) Warning(S.SelfScore, T.SurveyScoreIgnored(typed.Text, leaf));
    }

    private decimal? ReadPoints()
    {
        if (Content(S.SelfScore) is not { } content) return null;
        if (content.IsBlank)
        {
            Error(S.SelfScore, T.MissingSelfScore(leaf));
            return null;
        }
        if (Number(S.SelfScore, content) is not { } s) return null;
        var max = leaf.Max ?? 0m;
        var ok = true;
        if (s < 0) { Error(S.SelfScore, T.ScoreNegative(s, leaf)); ok = false; }
        else if (s > max) { Error(S.SelfScore, T.ScoreAboveMax(s, leaf)); ok = false; }
        if (Numbers.Places(s) > decimals) { Error(S.SelfScore, T.TooManyPlaces(S.SelfScore, s, decimals, leaf)); ok = false; }
        else if (leaf.Rule is PointsRule { Step: { } step } && s % step != 0) { Error(S.SelfScore, T.NotOnStep(s, step, leaf)); ok = false; }
        return ok ? s : null;
    }

    /// <summary>Reads Giá trị and computes the self-score; compares a typed self-score with it.</summary>
    private (decimal? Score, string? Value, bool NeedsEvidence) ReadValue()
    {
        var max = leaf.Max ?? 0m;
        decimal? score = null;
        string? value = null;
        var needsEvidence = true;
        if (Content(S.Value) is { } content)
        {
            switch (leaf.Rule)
            {
                case YesNoRule:
                    if (content.IsBlank) Error(S.Value, T.MissingYesNo(leaf));
                    else if (content.Kind == CellKind.Boolean) (score, value) = YesNo(content.Text == "TRUE", max);
                    else if (RuleScoring.ParseYesNo(content.Text) is { } yes) (score, value) = YesNo(yes, max);
                    else Error(S.Value, T.NotYesNo(content.Text, leaf));
                    break;
                case LevelsRule levels:
                    if (content.IsBlank) Error(S.Value, T.MissingLevel(leaf, levels));
                    else if (RuleScoring.FindLevel(levels, content.Text) is { } level) (score, value) = (level.Points, level.Label);
                    else Error(S.Value, T.UnknownLevel(content.Text, leaf, levels));
                    break;
                case BandsRule bands:
                    if (Measured(content, bands.Unit) is { } b) (score, value) = (RuleScoring.Bands(bands, b), Numbers.Vi(b));
                    break;
                case ProportionalRule p:
                    if (Measured(content, p.Unit) is { } v) (score, value) = (RuleScoring.Proportional(p, max, v), Numbers.Vi(v));
                    break;
                case BonusRule or PenaltyRule:
                    if (content.IsBlank)
                    {
                        score = 0m; // no items: nothing to prove
                        needsEvidence = false;
                    }
                    else if (Number(S.Value, content) is { } count)
                    {
                        if (count < 0 || count % 1 != 0 || count > int.MaxValue) Error(S.Value, T.NotACount(count, leaf));
                        else (score, value) = (RuleScoring.Items(leaf.Rule, (long)count), Numbers.Vi(count));
                    }
                    break;
            }
        }
        CompareTypedScore(score);
        return (score, value, needsEvidence);
    }

    private static (decimal, string) YesNo(bool yes, decimal max) => (RuleScoring.YesNo(max, yes), yes ? "Có" : "Không");

    private decimal? Measured(CellContent content, string? unit)
    {
        var percent = unit == "%";
        if (content.IsBlank)
        {
            Error(S.Value, T.MissingNumber(leaf, percent));
            return null;
        }
        if (Number(S.Value, content, percentScale: percent) is not { } v) return null;
        if (v < 0) { Error(S.Value, T.NegativeValue(v, leaf)); return null; }
        if (percent && v > 100) { Error(S.Value, T.AbovePercent(v, leaf)); return null; }
        return v;
    }

    private void CompareTypedScore(decimal? computed)
    {
        if (Content(S.SelfScore) is not { IsBlank: false } content) return;
        if (Number(S.SelfScore, content) is { } typed && computed is { } c && typed != c)
            Warning(S.SelfScore, T.SelfScoreDiffers(typed, c, leaf));
    }

    private (decimal? Points, string? Reason) ReadAppraisal()
    {
        var reason = FreeText(S.AppraisalReason);
        if (Content(S.Appraisal) is not { IsBlank: false } content) return (null, reason);
        if (Number(S.Appraisal, content) is not { } points) return (null, reason);
        var max = leaf.IsBonusOrPenalty ? RuleScoring.Cap(leaf.Rule!) : leaf.Max ?? 0m;
        if (points < 0) Error(S.Appraisal, T.AppraisalNegative(points, leaf));
        else if (points > max) Error(S.Appraisal, T.AppraisalAboveMax(points, max, leaf));
        else if (Numbers.Places(points) > decimals) Error(S.Appraisal, T.TooManyPlaces(S.Appraisal, points, decimals, leaf));
        if (reason is null) Error(S.AppraisalReason, T.AppraisalWithoutReason(points, leaf));
        return (points, reason);
    }
}
