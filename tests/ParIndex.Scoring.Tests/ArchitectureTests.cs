using System.Reflection;

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
    public void ScoringCore_UsesNoIoNetworkClockOrRandomness()
    {
        var forbidden = new[] { "System.IO.File", "System.IO.Directory", "System.IO.Stream", "System.Net", "System.DateTime", "System.Random", "System.Threading.Tasks" };
        var core = typeof(UnitScoring).Assembly;
        var used = core.GetTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(TypesOf)
            .Select(t => t.FullName ?? t.Name)
            .Distinct()
            .Where(n => forbidden.Any(f => n.StartsWith(f, StringComparison.Ordinal)))
            .ToList();
        Assert.That(used, Is.Empty);
    }

    private static IEnumerable<Type> TypesOf(MemberInfo m) => m switch
    {
        FieldInfo f => [f.FieldType],
        PropertyInfo p => [p.PropertyType],
        MethodInfo mi => mi.GetParameters().Select(p => p.ParameterType).Append(mi.ReturnType),
        ConstructorInfo c => c.GetParameters().Select(p => p.ParameterType),
        _ => [],
    };
}
