using ParIndex.Scoring;
using ParIndex.Scoring.Criteria;
using S = ParIndex.Workbooks.SelfAssessment.SelfAssessmentSheet;

namespace ParIndex.Workbooks.SelfAssessment;

/// <summary>What a focal point typed for one leaf on the web form: the same entries as the workbook's input columns.</summary>
/// <param name="Value">Giá trị: a level's label, Có/Không, a number on the rule's own scale, a count.</param>
/// <param name="SelfScore">Điểm tự chấm, for a leaf scored in points.</param>
/// <param name="NotApplicable">Không áp dụng.</param>
/// <param name="Evidence">Tài liệu kiểm chứng (the documents cited, as text).</param>
/// <param name="Explanation">Giải trình.</param>
public sealed record FormEntry(string? Value = null, string? SelfScore = null, bool NotApplicable = false, string? Evidence = null, string? Explanation = null);

/// <summary>A problem of one field of the form: the leaf, the field (the workbook column's header) and the message.</summary>
public sealed record FormProblem(string LeafCode, string Field, string Message, Severity Severity = Severity.Error)
{
    /// <summary>True for an error.</summary>
    public bool IsError => Severity == Severity.Error;
}

/// <summary>What the form reads to: the leaves read without error and every problem; Value only when there is no error.</summary>
public sealed record FormRead(UnitAssessment? Value, IReadOnlyDictionary<string, LeafInput> Leaves, IReadOnlyList<FormProblem> Problems);

/// <summary>
/// The web form (biểu mẫu tự đánh giá trực tuyến): the second door to a self-assessment. Every leaf is read by the
/// workbook's own <see cref="LeafReader"/>, so the rules and the messages are the workbook's; a problem names the
/// criterion and the field instead of a cell.
/// </summary>
public static class SelfAssessmentForm
{
    /// <summary>How a leaf is scored, in the words of the workbook's «Cách chấm» column.</summary>
    public static string Method(Criterion leaf) => SelfAssessmentTexts.Method(leaf);

    /// <summary>The field labels of the form: the workbook's headers.</summary>
    public const string ValueField = S.Value, SelfScoreField = S.SelfScore, NotApplicableField = S.NotApplicable,
        EvidenceField = S.Evidence, ExplanationField = S.Explanation;

    /// <summary>Reads the entries of every leaf of <paramref name="set"/> (a leaf without an entry is blank).</summary>
    public static FormRead Read(CriteriaSet set, Unit unit, IReadOnlyDictionary<string, FormEntry> entries)
    {
        var problems = new List<FormProblem>();
        var leaves = new Dictionary<string, LeafInput>(StringComparer.Ordinal);
        foreach (var leaf in set.Leaves())
        {
            var entry = entries.GetValueOrDefault(leaf.Code) ?? new FormEntry();
            var before = problems.Count;
            var input = new LeafReader(new FieldSource(entry), leaf, set.Decimals,
                (field, message, severity) => problems.Add(new FormProblem(leaf.Code, field ?? S.Value, message, severity))).Read();
            if (input is not null && !problems.Skip(before).Any(p => p.IsError)) leaves[leaf.Code] = input;
        }
        var ok = !problems.Any(p => p.IsError);
        return new FormRead(ok ? new UnitAssessment(unit.Code, leaves) : null, leaves, problems);
    }

    /// <summary>The form's fields as the reader's columns: typed text, never a number cell (so "3,5" reads as in a text cell).</summary>
    private sealed class FieldSource(FormEntry entry) : ILeafSource
    {
        public CellContent Read(string header)
        {
            var text = header switch
            {
                S.Value => entry.Value,
                S.SelfScore => entry.SelfScore,
                S.NotApplicable => entry.NotApplicable ? SelfAssessmentTexts.NotApplicableMark : null,
                S.Evidence => entry.Evidence,
                S.Explanation => entry.Explanation,
                _ => null, // appraisal columns: the council's, not on the unit's form
            };
            return string.IsNullOrWhiteSpace(text) ? new CellContent(CellKind.Blank, "") : new CellContent(CellKind.Text, text.Trim());
        }

        public string? At(string header) => header;
    }
}
