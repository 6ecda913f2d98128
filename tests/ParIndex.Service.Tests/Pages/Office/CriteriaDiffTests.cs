using ParIndex.Criteria;
using ParIndex.Scoring.Criteria;
using ParIndex.Service.Tests.Features;
using ParIndex.Web.Pages.Office;

namespace ParIndex.Service.Tests.Pages.Office;

/// <summary>The criteria diff on the sample sets and on small hand-made ones.</summary>
public class CriteriaDiffTests
{
    private static CriteriaSet Load(int year, string group)
    {
        var path = Path.Combine(HandlerHost.Criteria, year.ToString(), group + ".yaml");
        using var reader = new StreamReader(path);
        return CriteriaLoader.Load(reader, path).Set!;
    }

    [Test]
    public void Districts_2024_add_7_4_and_drop_1_6()
    {
        var diff = CriteriaDiff.Compare(Load(2023, "districts"), Load(2024, "districts"));
        Assert.That(diff.Added.Select(a => a.Code), Does.Contain("7.4"));
        Assert.That(diff.Removed.Select(r => r.Code), Does.Contain("1.6"));
        Assert.That(diff.Added.Select(a => a.Code), Does.Not.Contain("1.1.1"));
    }

    [Test]
    public void A_changed_maximum_or_title_and_compare_to_are_reported()
    {
        static Criterion Leaf(string code, string title, decimal max, string? compareTo = null) =>
            new(code, title, max, new PointsRule(), [], CompareTo: compareTo);
        var before = Set(2023, new Criterion("1", "Lĩnh vực", 3, null, [Leaf("1.1", "A", 1), Leaf("1.2", "B", 2)]));
        var after = Set(2024, new Criterion("1", "Lĩnh vực", 3, null, [Leaf("1.1", "A mới", 1), Leaf("1.3", "B", 2, compareTo: "1.2")]));
        var diff = CriteriaDiff.Compare(before, after);
        Assert.That(diff.Added, Is.Empty);
        Assert.That(diff.Removed, Is.Empty);
        Assert.That(diff.Changed.Select(c => (c.Code, c.PreviousCode, c.MaxChanged, c.TitleChanged)),
            Is.EqualTo(new[] { ("1.1", "1.1", false, true), ("1.3", "1.2", false, false) }));
        Assert.That(CriteriaDiff.Compare(before, before).IsEmpty, Is.True);
    }

    private static CriteriaSet Set(int year, params Criterion[] criteria) =>
        new(year, "districts", "v1", "QĐ", "Bộ thử", 2, new RankingOptions(), [], null, criteria, 3m);
}
