using System.IO.Compression;
using System.Xml;

namespace ParIndex.Workbooks;

/// <summary>
/// Finding an xlsx's parts, for the readers that open the zip themselves (the survey's scanner, the self-assessment's
/// streamed workbook): a part by name, its XML with DTDs prohibited and no resolver, and the relationships that lead
/// from the package to the workbook and from the workbook to its sheets, strings and styles.
/// </summary>
internal static class PackageParts
{
    private const string OfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    private const string StrictOfficeDocument = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";

    public static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>A part by its name, exact or else in any case (as some writers spell it differently in places).</summary>
    public static ZipArchiveEntry? Entry(ZipArchive zip, string part) =>
        zip.GetEntry(part) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, part, StringComparison.OrdinalIgnoreCase));

    /// <summary>The part's XML, or null when the package has no such part.</summary>
    public static XmlReader? Open(ZipArchive zip, string part) =>
        Entry(zip, part) is { } entry ? XmlReader.Create(entry.Open(), Settings) : null;

    /// <summary>The workbook part the package's root relationships name, else <c>xl/workbook.xml</c> as nearly every writer has it.</summary>
    public static string Workbook(ZipArchive zip) =>
        Relationships(zip, "").Values.FirstOrDefault(r => r.Type is OfficeDocument or StrictOfficeDocument).Part ?? "xl/workbook.xml";

    /// <summary>
    /// The internal relationships of <paramref name="sourcePart"/> (the package itself when empty), by id: each type and
    /// its target as a part name.
    /// </summary>
    public static Dictionary<string, (string Type, string Part)> Relationships(ZipArchive zip, string sourcePart)
    {
        var folder = Folder(sourcePart);
        var relsPart = sourcePart.Length == 0 ? "_rels/.rels" : folder + "_rels/" + sourcePart[folder.Length..] + ".rels";
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        using var xml = Open(zip, relsPart);
        if (xml is null) return result;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship") continue;
            if (xml.GetAttribute("TargetMode") == "External") continue;
            var id = xml.GetAttribute("Id");
            var target = xml.GetAttribute("Target");
            if (id is null || target is null) continue;
            result.TryAdd(id, (xml.GetAttribute("Type") ?? "", Resolve(folder, target)));
        }
        return result;
    }

    /// <summary>The first relationship whose type ends with <paramref name="typeSuffix"/> (e.g. <c>/styles</c>): its part, or null.</summary>
    public static string? OfType(Dictionary<string, (string Type, string Part)> relationships, string typeSuffix) =>
        relationships.Values.FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal)).Part;

    private static string Folder(string part) => part.LastIndexOf('/') is var at and >= 0 ? part[..(at + 1)] : "";

    /// <summary>A relationship's target as a part name: absolute ("/xl/...") or relative to the source's folder, with ".." resolved.</summary>
    private static string Resolve(string folder, string target)
    {
        var path = target.StartsWith('/') ? target[1..] : folder + target;
        var parts = new List<string>();
        foreach (var piece in Uri.UnescapeDataString(path).Split('/'))
        {
            if (piece is "" or ".") continue;
            if (piece == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else parts.Add(piece);
        }
        return string.Join('/', parts);
    }
}
