using System.Security.Cryptography;
using System.Text;

namespace ParIndex.Application;

/// <summary>
/// The inputs' fingerprint printed on every export: SHA-256 over the sorted list of
/// "name␟SHA-256 of the content" of every input (the units in a canonical text, each criteria file's
/// text, each workbook's bytes under its data-folder name), so that the same inputs give the same
/// fingerprint on any machine, from a data folder or from the service's database.
/// </summary>
public sealed class Fingerprint
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Adds a file under a stable name (e.g. <c>2024/survey/a.xlsx</c>).</summary>
    public void Add(string name, string path)
    {
        using var stream = File.OpenRead(path);
        _files[name] = Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Adds content under a stable name.</summary>
    public void AddBytes(string name, byte[] content) => _files[name] = Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Adds content already hashed (its SHA-256 in lowercase hex, as stored with every upload).</summary>
    public void AddHash(string name, string sha256) => _files[name] = sha256;

    /// <summary>Adds text (UTF-8) under a stable name.</summary>
    public void AddText(string name, string text) => AddBytes(name, Encoding.UTF8.GetBytes(text));

    /// <summary>The units as canonical text: one line per unit, sorted by code, every field that scoring reads.</summary>
    public static string Canonical(IEnumerable<Scoring.Unit> units) => string.Join('\n', units
        .OrderBy(u => u.Code, StringComparer.Ordinal)
        .Select(u => string.Join('|', u.Code, u.Name, u.Group, u.Ranked ? "ranked" : "unranked",
            u.From?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            u.Until?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            string.Join(',', u.PredecessorCodes))));

    /// <summary>The files counted so far.</summary>
    public int Count => _files.Count;

    /// <summary>"sha256:…" over everything added.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, hash) in _files)
            text.Append(name).Append('\u241F').Append(hash).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
