using System.Globalization;

namespace ParIndex.Scoring.Criteria;

/// <summary>A problem in a criteria file, located by file, line and criterion code.</summary>
/// <param name="Source">The file, relative to the criteria folder (e.g. <c>2024/districts.yaml</c>).</param>
/// <param name="Line">The line, 0 when unknown.</param>
/// <param name="Code">The criterion's code, when the problem belongs to one.</param>
/// <param name="Message">What is wrong, in Vietnamese.</param>
public sealed record CriteriaProblem(string Source, int Line, string? Code, string Message)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Source}{(Line > 0 ? ":" + Line.ToString(CultureInfo.InvariantCulture) : "")} " +
        $"{(Code is null ? "" : $"tiêu chí {Code}: ")}{Message}";
}

/// <summary>
/// Checks a criteria set's structure and reports every problem at once: codes unique, a node has either
/// children or a rule, parents' maxima equal their children's sums, regular leaves sum to the total,
/// every rule's parameters make sense, survey questions exist.
/// </summary>
public static class CriteriaValidator
{
    /// <summary>All problems of <paramref name="set"/>; empty when it is sound.</summary>
    public static IReadOnlyList<CriteriaProblem> Validate(CriteriaSet set)
    {
        var problems = new List<CriteriaProblem>();
        void Add(Criterion? node, string message) => problems.Add(new CriteriaProblem(set.Source, node?.Line ?? 0, node?.Code, message));

        if (set.Year is < 2000 or > 2100) Add(null, $"năm {set.Year} không hợp lệ");
        if (string.IsNullOrWhiteSpace(set.Group)) Add(null, "thiếu khối (group)");
        if (string.IsNullOrWhiteSpace(set.Version)) Add(null, "thiếu phiên bản (version)");
        if (set.Decimals is < 0 or > 6) Add(null, $"số chữ số thập phân (decimals) {set.Decimals} phải từ 0 đến 6");
        if (set.Classification.Count == 0) Add(null, "thiếu bảng xếp loại (classification)");
        foreach (var dup in set.Classification.GroupBy(c => c.Label).Where(g => g.Count() > 1))
            Add(null, $"xếp loại \"{dup.Key}\" khai báo nhiều lần");
        foreach (var row in set.Classification.Where(r => r.Min is < 0 or > 100))
            Add(null, $"ngưỡng xếp loại \"{row.Label}\" ({F(row.Min)}) phải từ 0 đến 100");
        if (set.Criteria.Count == 0) Add(null, "bộ tiêu chí không có tiêu chí nào");

        foreach (var dup in set.AllNodes().GroupBy(n => n.Code).Where(g => g.Count() > 1))
            foreach (var node in dup.Skip(1))
                Add(node, "mã tiêu chí trùng với một tiêu chí khác");

        var questions = new HashSet<string>(StringComparer.Ordinal);
        if (set.Survey is { } survey)
        {
            if (survey.MinRespondents < 1) Add(null, "số người trả lời tối thiểu (min_respondents) phải lớn hơn 0");
            if (survey.Groups is { } groups)
            {
                if (groups.Count == 0) Add(null, "survey.groups không có nhóm đối tượng nào");
                foreach (var (code, g) in groups)
                {
                    if (code.Length == 0 || code.Any(char.IsWhiteSpace)) Add(null, $"mã nhóm đối tượng \"{code}\" không hợp lệ");
                    if (g.Weight <= 0) Add(null, $"trọng số của nhóm đối tượng {code} ({F(g.Weight)}) phải lớn hơn 0");
                    if (g.Min < 1) Add(null, $"số phiếu tối thiểu của nhóm đối tượng {code} phải lớn hơn 0");
                }
            }
            CheckAnswers(survey.Answers, "answers", m => Add(null, m));
            foreach (var q in survey.Questions)
            {
                if (!questions.Add(q.Code)) Add(null, $"câu hỏi {q.Code} khai báo nhiều lần");
                if (q.Answers is not null) CheckAnswers(q.Answers, $"answers của câu {q.Code}", m => Add(null, m));
            }
        }

        foreach (var node in set.AllNodes())
            CheckNode(set, node, questions, Add);

        var total = set.Leaves().Where(l => l.IsRegularLeaf && l.Max is not null).Sum(l => l.Max!.Value);
        if (total != set.Total)
            Add(null, $"tổng điểm tối đa của các tiêu chí là {F(total)}, không bằng {F(set.Total)}");
        return problems;
    }

    private static void CheckNode(CriteriaSet set, Criterion node, HashSet<string> questions, Action<Criterion?, string> add)
    {
        if (string.IsNullOrWhiteSpace(node.Code)) add(node, "thiếu mã tiêu chí (code)");
        if (string.IsNullOrWhiteSpace(node.Title)) add(node, "thiếu nội dung (title)");
        if (node.Rule is not null && node.Children.Count > 0)
        {
            add(node, "một tiêu chí có tiêu chí con thì không có cách chấm (rule) riêng");
            return;
        }
        if (node.Rule is null && node.Children.Count == 0)
        {
            add(node, "tiêu chí không có tiêu chí con cũng không có cách chấm (rule)");
            return;
        }
        if (node.Max is { } m && Numbers.Places(m) > set.Decimals)
            add(node, $"điểm tối đa {F(m)} có nhiều hơn {set.Decimals} chữ số thập phân");
        if (node.Max is <= 0) add(node, $"điểm tối đa {F(node.Max.Value)} phải lớn hơn 0");

        if (node.Rule is null)
        {
            var regular = node.Leaves().Any(l => l.IsRegularLeaf);
            if (!regular && node.Max is not null)
                add(node, "nhóm chỉ gồm điểm thưởng, điểm trừ thì không có điểm tối đa");
            else if (regular && node.Max is null)
                add(node, "thiếu điểm tối đa (max)");
            else if (regular && node.Max is { } max)
            {
                var sum = node.Children.Where(c => c.Max is not null).Sum(c => c.Max!.Value);
                if (sum != max)
                    add(node, $"tổng điểm tối đa các tiêu chí con là {F(sum)} nhưng điểm tối đa là {F(max)}");
            }
            if (node.NotApplicableAllowed) add(node, "chỉ tiêu chí lá mới được đánh dấu not_applicable_allowed");
            return;
        }

        if (node.IsBonusOrPenalty)
        {
            if (node.Max is not null) add(node, "điểm thưởng, điểm trừ không có điểm tối đa (max)");
            var (perItem, cap) = node.Rule is BonusRule b ? (b.PerItem, b.Cap) : (((PenaltyRule)node.Rule).PerItem, ((PenaltyRule)node.Rule).Cap);
            if (perItem <= 0) add(node, $"điểm mỗi lần (per_item) {F(perItem)} phải lớn hơn 0");
            if (cap <= 0) add(node, $"mức trần (cap) {F(cap)} phải lớn hơn 0");
            if (node.NotApplicableAllowed) add(node, "điểm thưởng, điểm trừ không được đánh dấu không áp dụng");
            return;
        }
        if (node.Max is not { } leafMax)
        {
            add(node, "thiếu điểm tối đa (max)");
            return;
        }
        switch (node.Rule)
        {
            case PointsRule { Step: { } step } when step <= 0:
                add(node, $"bước điểm (step) {F(step)} phải lớn hơn 0");
                break;
            case LevelsRule levels:
                if (levels.Levels.Count < 2) add(node, "cách chấm theo mức cần ít nhất hai mức");
                foreach (var l in levels.Levels.Where(l => l.Points < 0 || l.Points > leafMax))
                    add(node, $"mức \"{l.Label}\" có {F(l.Points)} điểm, ngoài khoảng 0–{F(leafMax)}");
                foreach (var dup in levels.Levels.GroupBy(l => RuleScoring.NormaliseLabel(l.Label)).Where(g => g.Count() > 1))
                    add(node, $"mức \"{dup.First().Label}\" khai báo nhiều lần");
                break;
            case BandsRule bands:
                if (bands.Bands.Count == 0) add(node, "cách chấm theo khoảng cần ít nhất một khoảng");
                foreach (var band in bands.Bands.Where(x => x.Points < 0 || x.Points > leafMax))
                    add(node, $"khoảng từ {F(band.Threshold)} có {F(band.Points)} điểm, ngoài khoảng 0–{F(leafMax)}");
                for (var i = 1; i < bands.Bands.Count; i++)
                    if (bands.Bands[i].Threshold > bands.Bands[i - 1].Threshold)
                        add(node, "các khoảng phải liệt kê từ cao xuống thấp");
                break;
            case ProportionalRule p:
                if (p.Target <= 0) add(node, $"chỉ tiêu (target) {F(p.Target)} phải lớn hơn 0");
                if (p.Floor is < 0) add(node, "ngưỡng sàn (floor) không được âm");
                break;
            case SurveyRule s:
                if (set.Survey is null) add(node, "tiêu chí điều tra XHH nhưng bộ tiêu chí không khai báo survey");
                if (s.Questions.Count == 0) add(node, "tiêu chí điều tra XHH cần ít nhất một câu hỏi");
                foreach (var q in s.Questions.Where(q => set.Survey is not null && !questions.Contains(q)))
                    add(node, $"câu hỏi {q} không có trong survey.questions");
                if (node.NotApplicableAllowed)
                    add(node, "tiêu chí điều tra XHH tự trở thành không áp dụng khi thiếu phiếu; không đánh dấu not_applicable_allowed");
                break;
        }
    }

    private static void CheckAnswers(IReadOnlyDictionary<char, decimal> answers, string where, Action<string> add)
    {
        if (answers.Count == 0) add($"{where}: cần ít nhất một đáp án");
        foreach (var (letter, share) in answers)
        {
            if (!UnitSurvey.Letters.Contains(letter)) add($"{where}: đáp án {letter} không thuộc A–E");
            if (share is < 0 or > 1) add($"{where}: tỷ lệ của đáp án {letter} ({F(share)}) phải từ 0 đến 1");
        }
    }

    private static string F(decimal value) => Numbers.Vi(value);
}
