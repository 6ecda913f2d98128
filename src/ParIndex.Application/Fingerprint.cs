using System.Security.Cryptography;
using System.Text;

namespace ParIndex.Application;

/// <summary>
/// The inputs' fingerprint printed on every export: SHA-256 over the sorted list of
/// "relative name␟SHA-256 of the content" of every input file, so that the same inputs give the same
/// fingerprint on any machine and any change of any input changes it.
/// </summary>
public sealed class Fingerprint
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);

    /// <summary>Adds a file under a stable name (e.g. <c>data/2024/survey/a.xlsx</c>).</summary>
    public void Add(string name, string path)
    {
        using var stream = File.OpenRead(path);
        _files[name] = Convert.ToHexStringLower(SHA256.HashData(stream));
    }

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
