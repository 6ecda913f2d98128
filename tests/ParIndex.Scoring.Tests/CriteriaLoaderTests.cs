using System.Text.Json.Nodes;
using NJsonSchema;
using ParIndex.Criteria;
using ParIndex.Scoring.Criteria;
using YamlDotNet.RepresentationModel;

namespace ParIndex.Scoring.Tests;

public class CriteriaLoaderTests
{
    private static IEnumerable<string> ShippedFiles() =>
        Directory.EnumerateFiles(Repo.Criteria, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    [Test]
    public void ShippedSets_LoadWithoutProblems()
    {
        var catalog = CriteriaCatalog.Load(Repo.Criteria);
        Assert.Multiple(() =>
        {
            Assert.That(catalog.Problems.Select(p => p.ToString()), Is.Empty);
            Assert.That(catalog.Sets.Select(s => $"{s.Year}/{s.Group}"),
                Is.EqualTo(new[] { "2023/departments", "2023/districts", "2024/departments", "2024/districts", "2025/communes", "2025/departments" }));
        });
    }

    [Test]
    public void ShippedSets_HaveEightAreasBetween35And60LeavesEveryRuleKindAndAboutThirtySurveyPoints()
    {
        foreach (var set in CriteriaCatalog.Load(Repo.Criteria).Sets)
        {
            var leaves = set.Leaves().Where(l => l.IsRegularLeaf).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(set.Areas().Count(), Is.EqualTo(8), set.Source);
                Assert.That(leaves, Has.Count.InRange(35, 60), set.Source);
                Assert.That(set.Leaves().Select(l => l.Rule!.Kind).Distinct(), Is.EquivalentTo(Enum.GetValues<RuleKind>()), set.Source);
                Assert.That(leaves.Where(l => l.IsSurvey).Sum(l => l.Max!.Value), Is.InRange(25m, 40m), set.Source);
                Assert.That(leaves.Sum(l => l.Max!.Value), Is.EqualTo(100m), set.Source);
            });
        }
    }

    [TestCase("departments", 2024)]
    [TestCase("districts", 2024)]
    [TestCase("departments", 2025)]
    public void ShippedSets_DifferFromTheYearBeforeAsRealSetsDo(string group, int year)
    {
        var catalog = CriteriaCatalog.Load(Repo.Criteria);
        var before = catalog.Find(year - 1, group)!;
        var now = catalog.Find(year, group)!;
        var codesBefore = before.AllNodes().ToDictionary(n => n.Code);
        var codesNow = now.AllNodes().ToDictionary(n => n.Code);
        Assert.Multiple(() =>
        {
            Assert.That(codesNow.Keys.Except(codesBefore.Keys), Is.Not.Empty, "a criterion added");
            Assert.That(codesBefore.Keys.Except(codesNow.Keys), Is.Not.Empty, "a criterion removed");
            Assert.That(now.Leaves().Any(l => codesBefore.TryGetValue(l.Code, out var b) && b.IsLeaf && b.Title == l.Title && b.Max != l.Max),
                "a leaf's maximum changed");
            Assert.That(now.Areas().Any(a => codesBefore.TryGetValue(a.Code, out var b) && b.Max != a.Max), "an area's maximum changed");
        });
    }

    [Test]
    public void ShippedSets_2025CommunesWeighTheirOwnSurveyByRespondentGroup()
    {
        var catalog = CriteriaCatalog.Load(Repo.Criteria);
        var communes = catalog.Find(2025, "communes")!;
        var districts = catalog.Find(2024, "districts")!;
        Assert.Multiple(() =>
        {
            Assert.That(communes.Survey!.Groups, Is.Not.Null);
            Assert.That(communes.Survey.Groups!.Keys, Is.EquivalentTo(new[] { "CB", "ND" }));
            Assert.That(communes.Survey.Groups["ND"], Is.EqualTo(new RespondentGroup(0.7m, 30)));
            Assert.That(communes.Survey.Questions.Select(q => q.Code).Intersect(districts.Survey!.Questions.Select(q => q.Code)), Is.Empty,
                "the communes' questionnaire is their own");
            Assert.That(catalog.Find(2025, "departments")!.Survey!.Groups, Is.Null, "departments keep one pool");
        });
    }

    [Test]
    public void Load_SurveyGroupWithoutWeightOrWithZeroWeight_IsLocatedProblem()
    {
        var yaml = File.ReadAllText(Path.Combine(Repo.Criteria, "2025", "communes.yaml"))
            .Replace("CB: { weight: 0.3, min: 10 }", "CB: { weight: 0, min: 10 }");
        var result = CriteriaLoader.Load(new StringReader(yaml), "2025/communes.yaml");
        Assert.That(result.Problems.Select(p => p.ToString()), Has.Some.Contains("trọng số của nhóm đối tượng CB (0) phải lớn hơn 0"));
    }

    [Test]
    public void ShippedSets_PassTheJsonSchema()
    {
        var schema = JsonSchema.FromFileAsync(Path.Combine(Repo.Criteria, "schema.json")).GetAwaiter().GetResult();
        foreach (var file in ShippedFiles())
        {
            var errors = schema.Validate(YamlToJson(File.ReadAllText(file)));
            Assert.That(errors.Select(e => e.ToString()), Is.Empty, file);
        }
    }

    [Test]
    public void Schema_RejectsUnknownKeyAndMissingRule()
    {
        var schema = JsonSchema.FromFileAsync(Path.Combine(Repo.Criteria, "schema.json")).GetAwaiter().GetResult();
        var yaml = File.ReadAllText(Path.Combine(Repo.Criteria, "2024", "districts.yaml"));
        Assert.That(schema.Validate(YamlToJson(yaml.Replace("decimals:", "decimal_places:"))), Is.Not.Empty);
    }

    [Test]
    public void Load_BrokenSet_ReportsEveryProblemWithLineAndCode()
    {
        const string yaml = """
            year: 2024
            group: districts
            version: "2024.1"
            decision: "QĐ thử"
            title: "Bộ thử"
            classification:
              - { min: 0, label: "Yếu" }
            criteria:
              - code: "1"
                title: "Lĩnh vực 1"
                max: 8
                children:
                  - { code: "1.1", title: "A", max: 4, rule: { kind: points } }
                  - { code: "1.2", title: "B", max: 3.5, rule: { kind: levels, levels: [ { label: "Đạt", points: 5 }, { label: "Không", points: 0 } ] } }
              - code: "2"
                title: "Lĩnh vực 2"
                max: 92
                children:
                  - { code: "2.1", title: "C", max: 92, rule: { kind: magic } }
                  - { code: "1.1", title: "D", max: 1, rule: { kind: yes_no }, weight: 3 }
            """;
        var result = CriteriaLoader.Load(new StringReader(yaml), "2024/districts.yaml");
        var messages = result.Problems.Select(p => p.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Set, Is.Null);
            Assert.That(messages, Has.Some.EqualTo("2024/districts.yaml:9 tiêu chí 1: tổng điểm tối đa các tiêu chí con là 7,5 nhưng điểm tối đa là 8"));
            Assert.That(messages, Has.Some.StartsWith("2024/districts.yaml:14 tiêu chí 1.2: mức \"Đạt\" có 5 điểm"));
            Assert.That(messages, Has.Some.StartsWith("2024/districts.yaml:19 tiêu chí 2.1: cách chấm \"magic\" không tồn tại"));
            Assert.That(messages, Has.Some.StartsWith("2024/districts.yaml:20 tiêu chí 1.1: khóa \"weight\""));
        });
    }

    [Test]
    public void Load_DuplicateCodeAndWrongTotal_AreReported()
    {
        const string yaml = """
            year: 2024
            group: districts
            version: "2024.1"
            decision: "QĐ thử"
            title: "Bộ thử"
            classification: [ { min: 0, label: "Yếu" } ]
            criteria:
              - code: "1"
                title: "Lĩnh vực 1"
                max: 2
                children:
                  - { code: "1.1", title: "A", max: 1, rule: { kind: yes_no } }
                  - { code: "1.1", title: "B", max: 1, rule: { kind: yes_no } }
            """;
        var messages = CriteriaLoader.Load(new StringReader(yaml), "x.yaml").Problems.Select(p => p.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Some.EqualTo("x.yaml:13 tiêu chí 1.1: mã tiêu chí trùng với một tiêu chí khác"));
            Assert.That(messages, Has.Some.EqualTo("x.yaml tổng điểm tối đa của các tiêu chí là 2, không bằng 100"));
        });
    }

    [Test]
    public void Load_QuotedCodeLikeANumber_StaysText()
    {
        var set = CriteriaCatalog.Load(Repo.Criteria).Find(2024, "districts")!;
        Assert.That(set.AllNodes().Select(n => n.Code), Has.All.Matches<string>(c => !c.EndsWith(".0", StringComparison.Ordinal)));
    }

    [Test]
    public void UnitsLoader_ReadsLineageAndReportsUnknownPredecessor()
    {
        const string yaml = """
            units:
              - { code: SO-TC, name: "Sở Tài chính", group: departments }
              - { code: TTR, name: "Thanh tra tỉnh", group: departments, ranked: false }
              - { code: X-DL, name: "UBND xã Đồng Lạc", group: communes, from: 2025, predecessors: [SO-TC, X-Z] }
            """;
        var result = UnitsLoader.Load(new StringReader(yaml), "units.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(result.Units, Has.Count.EqualTo(3));
            Assert.That(result.Units[1].Ranked, Is.False);
            Assert.That(result.Units[2].From, Is.EqualTo(2025));
            Assert.That(result.Units[2].IsAssessedIn(2024), Is.False);
            Assert.That(result.Problems.Select(p => p.Message), Is.EqualTo(new[] { "đơn vị X-DL: đơn vị tiền thân X-Z không có trong danh sách" }));
        });
    }

    /// <summary>YAML to JSON text (scalars typed as YAML 1.2 core would: numbers, booleans, strings as quoted).</summary>
    private static string YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode)!.ToJsonString();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when decimal.TryParse(p.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode sc => JsonValue.Create(sc.Value),
        _ => null,
    };
}
