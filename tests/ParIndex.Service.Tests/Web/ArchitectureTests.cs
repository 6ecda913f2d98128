using System.Reflection;
using Microsoft.EntityFrameworkCore;
using ParIndex.Tests.Shared;

namespace ParIndex.Service.Tests.Web;

/// <summary>
/// The web sends requests to the application's handlers and renders their answers. Only its composition root
/// (Program, ParIndex.Web.Hosting and ParIndex.Web.Demo, which register services and prepare the database at
/// start-up, and Auth.AuthServices, which wires Identity to its EF store) may touch EF Core or the database
/// context; nothing in the web reads YAML or workbooks itself (YamlDotNet, ClosedXML, ExcelDataReader).
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Web = typeof(ParIndex.Web.Api.CreateAccountRequest).Assembly;

    private static readonly string[] ForbiddenAssemblies = ["Microsoft.EntityFrameworkCore", "Npgsql.EntityFrameworkCore", "YamlDotNet", "ClosedXML", "ExcelDataReader"];

    private static bool IsCompositionRoot(Type t) =>
        t.FullName is "Program" or "ParIndex.Web.Auth.AuthServices"
        || t.Namespace is "ParIndex.Web.Hosting" or "ParIndex.Web.Demo";

    private static bool IsForbidden(Type t) =>
        ForbiddenAssemblies.Any(a => (t.Assembly.GetName().Name ?? "").StartsWith(a, StringComparison.Ordinal))
        || typeof(DbContext).IsAssignableFrom(t);

    [Test]
    public void Outside_its_composition_root_the_web_uses_no_EF_Core_database_context_YAML_or_workbook_library()
    {
        var offences = TypeUsage.Of(Web)
            .Where(kv => !IsCompositionRoot(kv.Key))
            .SelectMany(kv => kv.Value.Where(IsForbidden).Select(t => $"{kv.Key.FullName} uses {t.FullName}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(offences, Is.Empty);
    }

    [Test]
    public void Every_forbidden_type_the_web_assembly_references_is_used_by_its_composition_root()
    {
        // The metadata's type references are what the compiler bound to anywhere in the assembly; each forbidden one
        // must be accounted for by the composition root, so the IL walk above cannot have missed a use.
        var referenced = TypeUsage.TypeReferences(Web)
            .Where(r => ForbiddenAssemblies.Any(a => r.Assembly.StartsWith(a, StringComparison.Ordinal)))
            .Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        var usedByRoot = TypeUsage.Of(Web).Where(kv => IsCompositionRoot(kv.Key))
            .SelectMany(kv => kv.Value).Select(t => t.IsGenericType ? t.GetGenericTypeDefinition() : t)
            .Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);

        Assert.That(referenced, Is.Not.Empty, "the composition root does register EF Core");
        Assert.That(referenced.Where(r => !usedByRoot.Contains(r)), Is.Empty);
    }

    [Test]
    public void Outside_its_composition_root_the_web_needs_no_data_layer_type_but_the_signed_in_user()
    {
        // Stages, roles and results come from the domain and the application. The data layer's types the web may
        // name: Identity's user, which signing in and out takes, and the audit context the web fills in with the
        // signed-in person for every save.
        var data = typeof(ParIndex.Data.ParIndexDb).Assembly;
        Type[] allowed = [typeof(ParIndex.Data.AppUser), typeof(ParIndex.Data.IAuditContext)];
        var offences = TypeUsage.Of(Web)
            .Where(kv => !IsCompositionRoot(kv.Key))
            .SelectMany(kv => kv.Value.Where(t => t.Assembly == data && !allowed.Contains(t))
                .Select(t => $"{kv.Key.FullName} uses {t.FullName}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(offences, Is.Empty);
    }

    [Test]
    public void The_web_references_no_YAML_or_workbook_library_assembly()
    {
        Assert.That(TypeUsage.ReferencedAssemblies(Web).Where(n => n is "YamlDotNet" or "ClosedXML" or "ExcelDataReader"), Is.Empty);
    }

    [Test]
    public void The_walk_sees_a_use_made_only_inside_a_method_body()
    {
        var used = TypeUsage.Of(typeof(ArchitectureTests).Assembly)[typeof(BodyOnlyUse)];
        Assert.That(used, Does.Contain(typeof(EF)).And.Contain(typeof(DbFunctions)));
    }
}

/// <summary>Names EF Core only inside its body, no field, property or signature mentions it (a fixture of the walk's own test).</summary>
internal static class BodyOnlyUse
{
    public static int Hash() => EF.Functions.GetHashCode();
}
