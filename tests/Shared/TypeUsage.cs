using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ParIndex.Tests.Shared;

/// <summary>
/// Which types a compiled assembly's own types use: base types, interfaces, fields, properties, method
/// signatures, locals, and every type and member a method body names (calls, constructions, casts, field
/// accesses, generic arguments). Compiler-generated types (lambdas, async state machines) count for the type that
/// declares them. Signatures alone miss what a method does inside, hence the IL walk.
/// </summary>
internal static class TypeUsage
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>For each type of the assembly (nested types folded into their outermost type), the types it uses.</summary>
    public static IReadOnlyDictionary<Type, HashSet<Type>> Of(Assembly assembly)
    {
        var result = new Dictionary<Type, HashSet<Type>>();
        foreach (var type in assembly.GetTypes())
        {
            var owner = type;
            while (owner.DeclaringType is not null) owner = owner.DeclaringType;
            if (!result.TryGetValue(owner, out var used)) result[owner] = used = [];
            Add(used, type.BaseType);
            foreach (var i in type.GetInterfaces()) Add(used, i);
            foreach (var member in type.GetMembers(All))
            {
                switch (member)
                {
                    case FieldInfo f: Add(used, f.FieldType); break;
                    case PropertyInfo p: Add(used, p.PropertyType); break;
                    case MethodBase m: AddMethod(used, m); break;
                }
            }
        }
        return result;
    }

    /// <summary>The names of the assemblies the assembly's metadata references (what the compiler bound to).</summary>
    public static IReadOnlyList<string> ReferencedAssemblies(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    /// <summary>Every type the assembly's metadata refers to in another assembly, as (assembly, full name): the IL's type references.</summary>
    public static IReadOnlyList<(string Assembly, string Type)> TypeReferences(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var list = new List<(string, string)>();
        foreach (var handle in md.TypeReferences)
        {
            var reference = md.GetTypeReference(handle);
            var scope = reference.ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference) scope = md.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
            if (scope.Kind != HandleKind.AssemblyReference) continue;
            var asm = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
            var ns = md.GetString(reference.Namespace);
            list.Add((asm, (ns.Length == 0 ? "" : ns + ".") + md.GetString(reference.Name)));
        }
        return list;
    }

    private static void AddMethod(HashSet<Type> used, MethodBase method)
    {
        foreach (var p in method.GetParameters()) Add(used, p.ParameterType);
        if (method is MethodInfo mi) Add(used, mi.ReturnType);
        var body = method.GetMethodBody();
        if (body is null) return;
        foreach (var local in body.LocalVariables) Add(used, local.LocalType);
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    AddMember(used, method.Module.ResolveMember(token, typeArgs, methodArgs));
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
        }
    }

    private static void AddMember(HashSet<Type> used, MemberInfo? member)
    {
        switch (member)
        {
            case Type t: Add(used, t); break;
            case FieldInfo f: Add(used, f.DeclaringType); Add(used, f.FieldType); break;
            case MethodBase m:
                Add(used, m.DeclaringType);
                foreach (var p in m.GetParameters()) Add(used, p.ParameterType);
                if (m is MethodInfo mi)
                {
                    Add(used, mi.ReturnType);
                    if (mi.IsGenericMethod) foreach (var a in mi.GetGenericArguments()) Add(used, a);
                }
                break;
        }
    }

    private static void Add(HashSet<Type> used, Type? type)
    {
        if (type is null || type.IsGenericParameter) return;
        if (type.HasElementType) { Add(used, type.GetElementType()); return; }
        if (!used.Add(type)) return;
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) Add(used, a);
    }
}
