using ParIndex.Scoring.Criteria;
using YamlDotNet.RepresentationModel;

namespace ParIndex.Criteria;

/// <summary>A criteria file read: the set when it is sound, and every problem found.</summary>
public sealed record CriteriaLoadResult(CriteriaSet? Set, IReadOnlyList<CriteriaProblem> Problems)
{
    /// <summary>True when the set was read and validated without problems.</summary>
    public bool Ok => Set is not null && Problems.Count == 0;
}

/// <summary>
/// Reads criteria sets (bộ tiêu chí) from YAML: <c>scoring-criteria/&lt;year&gt;/&lt;group&gt;.yaml</c>. Reports
/// every problem at once with file, line and criterion code, then runs <see cref="CriteriaValidator"/>.
/// </summary>
public static class CriteriaLoader
{
    private static readonly string[] TopKeys =
        ["year", "group", "version", "decision", "title", "decimals", "total", "ranking", "classification", "survey", "criteria"];
    private static readonly string[] NodeKeys =
        ["code", "title", "max", "rule", "children", "not_applicable_allowed", "compare_to", "appraised_by"];

    /// <summary>Reads one criteria file; <paramref name="source"/> names it in messages (e.g. <c>2024/districts.yaml</c>).</summary>
    public static CriteriaLoadResult Load(TextReader text, string source)
    {
        var problems = new List<CriteriaProblem>();
        var y = new YamlReading(source, problems);
        if (y.Root(text, "tệp phải chứa đúng một bảng khóa: giá trị (year, group, criteria, …)") is not { } root)
            return new CriteriaLoadResult(null, problems);

        y.CheckKeys(root, null, TopKeys);
        var year = y.Int(root, "year", null, required: true);
        var group = y.String(root, "group", null, required: true);
        var version = y.String(root, "version", null, required: true);
        var decision = y.String(root, "decision", null, required: true);
        var title = y.String(root, "title", null, required: true);
        var decimals = y.Int(root, "decimals", null, required: false) ?? 2;
        var total = y.Decimal(root, "total", null, required: false) ?? 100m;
        var ranking = ReadRanking(y, root);
        var classification = y.Maps(y.Sequence(root, "classification", null, required: true), null, "classification")
            .Select(m =>
            {
                y.CheckKeys(m, null, "min", "label");
                return new ClassRow(y.Decimal(m, "min", null, true) ?? 0m, y.String(m, "label", null, true) ?? "");
            }).ToList();
        var survey = y.Map(root, "survey", null, required: false) is { } s ? ReadSurvey(y, s) : null;
        var criteria = y.Maps(y.Sequence(root, "criteria", null, required: true), null, "criteria")
            .Select(m => ReadNode(y, m, null)).ToList();

        // Structure is checked even when reading found problems, so that every problem is reported at once;
        // a node that already has a reading problem is not reported twice.
        var set = new CriteriaSet(year ?? 0, group ?? "", version ?? "", decision ?? "", title ?? "", decimals, ranking,
            classification, survey, criteria, total, source);
        var located = problems.Select(p => p.Code).Where(c => c is not null).ToHashSet();
        var headerMissing = year is null || group is null || version is null || decision is null || title is null;
        problems.AddRange(CriteriaValidator.Validate(set).Where(p => p.Code is null ? !headerMissing : !located.Contains(p.Code)));
        return new CriteriaLoadResult(problems.Count == 0 ? set : null, problems);
    }

    /// <summary>Reads one criteria file from disk; <paramref name="source"/> names it in messages.</summary>
    public static CriteriaLoadResult LoadFile(string path, string? source = null)
    {
        using var reader = new StreamReader(path);
        return Load(reader, source ?? Path.GetFileName(path));
    }

    private static RankingOptions ReadRanking(YamlReading y, YamlMappingNode root)
    {
        if (y.Map(root, "ranking", null, required: false) is not { } r) return new RankingOptions();
        y.CheckKeys(r, null, "method", "on");
        var method = y.String(r, "method", null, false) switch
        {
            null or "competition" => RankingMethod.Competition,
            "dense" => RankingMethod.Dense,
            var other => Bad(RankingMethod.Competition, $"ranking.method \"{other}\" không hợp lệ (competition hoặc dense)"),
        };
        var on = y.String(r, "on", null, false) switch
        {
            null or "rounded" => RankOn.Rounded,
            "exact" => RankOn.Exact,
            var other => Bad(RankOn.Rounded, $"ranking.on \"{other}\" không hợp lệ (rounded hoặc exact)"),
        };
        return new RankingOptions(method, on);

        T Bad<T>(T fallback, string message)
        {
            y.Problem(r, null, message);
            return fallback;
        }
    }

    private static SurveySettings ReadSurvey(YamlReading y, YamlMappingNode s)
    {
        y.CheckKeys(s, null, "min_respondents", "groups", "answers", "questions");
        var min = y.Int(s, "min_respondents", null, required: false) ?? 30;
        var answers = ReadAnswers(y, y.Map(s, "answers", null, required: true)) ?? new Dictionary<char, decimal>();
        var questions = y.Maps(y.Sequence(s, "questions", null, required: true), null, "survey.questions").Select(q =>
        {
            y.CheckKeys(q, null, "code", "text", "answers");
            return new SurveyQuestion(
                y.String(q, "code", null, true) ?? "",
                y.String(q, "text", null, true) ?? "",
                ReadAnswers(y, y.Map(q, "answers", null, required: false)));
        }).ToList();
        return new SurveySettings(min, answers, questions, ReadGroups(y, y.Map(s, "groups", null, required: false)));
    }

    private static Dictionary<string, RespondentGroup>? ReadGroups(YamlReading y, YamlMappingNode? map)
    {
        if (map is null) return null;
        var groups = new Dictionary<string, RespondentGroup>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((keyNode as YamlScalarNode)?.Value ?? "").Trim();
            if (value is not YamlMappingNode g)
            {
                y.Problem(keyNode, null, $"nhóm đối tượng \"{key}\" cần dạng {{ weight: …, min: … }}");
                continue;
            }
            y.CheckKeys(g, null, "weight", "min");
            groups[key] = new RespondentGroup(y.Decimal(g, "weight", null, true) ?? 0m, y.Int(g, "min", null, false) ?? 1);
        }
        return groups;
    }

    private static Dictionary<char, decimal>? ReadAnswers(YamlReading y, YamlMappingNode? map)
    {
        if (map is null) return null;
        var answers = new Dictionary<char, decimal>();
        foreach (var (keyNode, _) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (key.Length != 1 || !char.IsAsciiLetterUpper(key[0]))
            {
                y.Problem(keyNode, null, $"đáp án \"{key}\" phải là một chữ cái in hoa A–E");
                continue;
            }
            if (y.Decimal(map, key, null, true) is { } share) answers[key[0]] = share;
        }
        return answers;
    }

    /// <summary>Reads a node; <paramref name="appraisedBy"/> is the ancestor's appraising unit, which the subtree inherits.</summary>
    private static Criterion ReadNode(YamlReading y, YamlMappingNode m, string? appraisedBy)
    {
        var code = y.String(m, "code", null, required: true) ?? "";
        y.CheckKeys(m, code, NodeKeys);
        appraisedBy = y.String(m, "appraised_by", code, required: false)?.Trim() ?? appraisedBy;
        var children = y.Maps(y.Sequence(m, "children", code, required: false), code, "children")
            .Select(c => ReadNode(y, c, appraisedBy)).ToList();
        var rule = y.Map(m, "rule", code, required: false) is { } r ? ReadRule(y, r, code) : null;
        return new Criterion(
            code,
            y.String(m, "title", code, required: true) ?? "",
            y.Decimal(m, "max", code, required: false),
            rule,
            children,
            y.Bool(m, "not_applicable_allowed", code) ?? false,
            y.String(m, "compare_to", code, required: false),
            (int)m.Start.Line,
            appraisedBy);
    }

    /// <summary>
    /// Checks the appraising units (<c>appraised_by</c>) of a set against the units assessed or existing in its year:
    /// an unknown code is an error at the node that names it (file:line). Inherited names are reported once, where written.
    /// </summary>
    public static IReadOnlyList<CriteriaProblem> CheckAppraisers(CriteriaSet set, IEnumerable<ParIndex.Scoring.Unit> units)
    {
        var known = units.Where(u => u.IsAssessedIn(set.Year)).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var problems = new List<CriteriaProblem>();
        void Walk(Criterion node, string? inherited)
        {
            if (node.AppraisedBy is { } unit && unit != inherited && !known.Contains(unit))
                problems.Add(new CriteriaProblem(set.Source, node.Line, node.Code,
                    $"appraised_by: đơn vị {unit} không có trong danh sách đơn vị năm {set.Year} (units.yaml)"));
            foreach (var child in node.Children) Walk(child, node.AppraisedBy);
        }
        foreach (var top in set.Criteria) Walk(top, null);
        return problems;
    }

    private static Rule? ReadRule(YamlReading y, YamlMappingNode r, string code)
    {
        var kind = y.String(r, "kind", code, required: true);
        switch (kind)
        {
            case "points":
                y.CheckKeys(r, code, "kind", "step");
                return new PointsRule(y.Decimal(r, "step", code, false));
            case "yes_no":
                y.CheckKeys(r, code, "kind");
                return new YesNoRule();
            case "levels":
                y.CheckKeys(r, code, "kind", "levels");
                return new LevelsRule(y.Maps(y.Sequence(r, "levels", code, true), code, "levels").Select(l =>
                {
                    y.CheckKeys(l, code, "label", "points");
                    return new Level(y.String(l, "label", code, true) ?? "", y.Decimal(l, "points", code, true) ?? 0m);
                }).ToList());
            case "bands":
                y.CheckKeys(r, code, "kind", "unit", "bands");
                return new BandsRule(y.Maps(y.Sequence(r, "bands", code, true), code, "bands").Select(b =>
                {
                    y.CheckKeys(b, code, "min", "above", "points");
                    var min = y.Decimal(b, "min", code, false);
                    var above = y.Decimal(b, "above", code, false);
                    if ((min is null) == (above is null))
                        y.Problem(b, code, "mỗi khoảng cần đúng một trong hai khóa \"min\" (≥) hoặc \"above\" (>)");
                    return new Band(min ?? above ?? 0m, above is not null, y.Decimal(b, "points", code, true) ?? 0m);
                }).ToList(), y.String(r, "unit", code, false));
            case "proportional":
                y.CheckKeys(r, code, "kind", "target", "floor", "unit");
                return new ProportionalRule(y.Decimal(r, "target", code, false) ?? 100m, y.Decimal(r, "floor", code, false),
                    y.String(r, "unit", code, false));
            case "survey":
                y.CheckKeys(r, code, "kind", "questions");
                return new SurveyRule(y.Sequence(r, "questions", code, true)
                    .Select(q => (q as YamlScalarNode)?.Value ?? "").ToList());
            case "bonus":
                y.CheckKeys(r, code, "kind", "per_item", "cap");
                return new BonusRule(y.Decimal(r, "per_item", code, true) ?? 0m, y.Decimal(r, "cap", code, true) ?? 0m);
            case "penalty":
                y.CheckKeys(r, code, "kind", "per_item", "cap");
                return new PenaltyRule(y.Decimal(r, "per_item", code, true) ?? 0m, y.Decimal(r, "cap", code, true) ?? 0m);
            case null:
                return null;
            default:
                y.Problem(r, code, $"cách chấm \"{kind}\" không tồn tại (points, yes_no, levels, bands, proportional, survey, bonus, penalty)");
                return null;
        }
    }
}
