using System.Globalization;
using ParIndex.Scoring.Criteria;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ParIndex.Criteria;

/// <summary>
/// Typed access to a YAML mapping that records a located problem for every missing, mistyped or unknown
/// key instead of throwing, so that a file's problems are all reported at once.
/// </summary>
internal sealed class YamlReading(string source, List<CriteriaProblem> problems)
{
    public string Source => source;

    /// <summary>
    /// Parses YAML text into its single top-level mapping; a syntax error or any other shape is recorded as a
    /// problem (with <paramref name="notAMapping"/> saying what the file should hold) and gives null.
    /// </summary>
    public YamlMappingNode? Root(TextReader text, string notAMapping)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException e)
        {
            problems.Add(new CriteriaProblem(source, (int)e.Start.Line, null, $"YAML không hợp lệ: {e.InnerException?.Message ?? e.Message}"));
            return null;
        }
        if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root) return root;
        problems.Add(new CriteriaProblem(source, 1, null, notAMapping));
        return null;
    }

    public void Problem(YamlNode? node, string? code, string message) =>
        problems.Add(new CriteriaProblem(source, node is null ? 0 : (int)node.Start.Line, code, message));

    public void CheckKeys(YamlMappingNode map, string? code, params string[] allowed)
    {
        foreach (var key in map.Children.Keys.OfType<YamlScalarNode>())
            if (!allowed.Contains(key.Value))
                Problem(key, code, $"khóa \"{key.Value}\" không được hỗ trợ ở đây (các khóa hợp lệ: {string.Join(", ", allowed)})");
    }

    public YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? String(YamlMappingNode map, string key, string? code, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, code, $"thiếu khóa \"{key}\"");
            return null;
        }
        if (node is YamlScalarNode { Value: { } v }) return v;
        Problem(node, code, $"\"{key}\" phải là một giá trị đơn");
        return null;
    }

    public decimal? Decimal(YamlMappingNode map, string key, string? code, bool required)
    {
        var text = String(map, key, code, required);
        if (text is null) return null;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(Get(map, key), code, $"\"{key}\" phải là một số (viết dấu chấm thập phân), không phải \"{text}\"");
        return null;
    }

    public int? Int(YamlMappingNode map, string key, string? code, bool required)
    {
        var text = String(map, key, code, required);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(Get(map, key), code, $"\"{key}\" phải là một số nguyên, không phải \"{text}\"");
        return null;
    }

    public bool? Bool(YamlMappingNode map, string key, string? code)
    {
        var text = String(map, key, code, required: false);
        if (text is null) return null;
        if (text is "true" or "True" or "yes") return true;
        if (text is "false" or "False" or "no") return false;
        Problem(Get(map, key), code, $"\"{key}\" phải là true hoặc false, không phải \"{text}\"");
        return null;
    }

    public YamlMappingNode? Map(YamlMappingNode map, string key, string? code, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, code, $"thiếu khóa \"{key}\"");
            return null;
        }
        if (node is YamlMappingNode m) return m;
        Problem(node, code, $"\"{key}\" phải là một bảng khóa: giá trị");
        return null;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlMappingNode map, string key, string? code, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required) Problem(map, code, $"thiếu khóa \"{key}\"");
            return [];
        }
        if (node is YamlSequenceNode s) return s.Children.ToList();
        Problem(node, code, $"\"{key}\" phải là một danh sách");
        return [];
    }

    public IEnumerable<YamlMappingNode> Maps(IEnumerable<YamlNode> items, string? code, string what)
    {
        foreach (var item in items)
        {
            if (item is YamlMappingNode m) yield return m;
            else Problem(item, code, $"mỗi phần tử của {what} phải là một bảng khóa: giá trị");
        }
    }
}
