using ParIndex.Tests.Shared;

namespace ParIndex.Scoring.Tests;

public class ArchitectureTests
{
    [Test]
    public void ScoringCore_ReferencesNothingButTheRuntime()
    {
        var core = typeof(UnitScoring).Assembly;
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.That(references.Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard"), Is.Empty);
    }

    [Test]
    public void ScoringCore_ReferencesNoTypeOutsideTheRuntime()
    {
        // The metadata's type references: every type the compiled core binds to, in signatures and bodies alike.
        var outside = TypeUsage.TypeReferences(typeof(UnitScoring).Assembly)
            .Where(r => !r.Assembly.StartsWith("System", StringComparison.Ordinal) && r.Assembly != "netstandard")
            .ToList();
        Assert.That(outside, Is.Empty);
    }

    [Test]
    public void ScoringCore_UsesNoIoNetworkClockOrRandomness()
    {
        // Signatures, locals and method bodies: a clock read inside a method counts as much as one in a signature.
        var forbidden = new[] { "System.IO.File", "System.IO.Directory", "System.IO.Stream", "System.Net", "System.DateTime", "System.Random", "System.Threading.Tasks" };
        var used = TypeUsage.Of(typeof(UnitScoring).Assembly)
            .SelectMany(kv => kv.Value.Select(t => t.FullName ?? t.Name)
                .Where(n => forbidden.Any(f => n.StartsWith(f, StringComparison.Ordinal))).Select(n => $"{kv.Key.FullName} uses {n}"))
            .Distinct()
            .ToList();
        Assert.That(used, Is.Empty);
    }

    [Test]
    public void TheWalk_SeesAUseMadeOnlyInsideAMethodBody()
    {
        Assert.That(TypeUsage.Of(typeof(ArchitectureTests).Assembly)[typeof(BodyOnlyClock)], Does.Contain(typeof(DateTime)));
    }
}

/// <summary>Reads the clock only inside its body (a fixture of the walk's own test).</summary>
internal static class BodyOnlyClock
{
    public static int Day() => DateTime.UtcNow.Day;
}
