using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using ParIndex.Data;

namespace ParIndex.Application;

/// <summary>
/// Where evidence files (tài liệu kiểm chứng) are kept and how large they may be: the settings <c>Evidence:Path</c>,
/// <c>Evidence:MaxFileBytes</c> and <c>Evidence:QuotaBytes</c> (practice.md §5).
/// </summary>
/// <param name="Path">The storage folder; by default beside the database, as the data-protection keys are.</param>
/// <param name="MaxFileBytes">The largest file accepted (20 MB).</param>
/// <param name="QuotaBytes">What one unit may store in one year (1 GB), each distinct content counted once.</param>
public sealed record EvidenceSettings(string Path, long MaxFileBytes = EvidenceSettings.DefaultMaxFileBytes, long QuotaBytes = EvidenceSettings.DefaultQuotaBytes)
{
    public const long DefaultMaxFileBytes = 20L * 1024 * 1024;
    public const long DefaultQuotaBytes = 1024L * 1024 * 1024;
    public const string Section = "Evidence";

    /// <summary>
    /// Reads the settings; what is not set keeps its default. The folder defaults to <c>&lt;database&gt;-evidence</c>
    /// beside a SQLite file, else <c>parindex-evidence</c> in the content root. Throws when a limit is not positive.
    /// </summary>
    public static EvidenceSettings From(IConfiguration? configuration, DatabaseOptions database)
    {
        var section = configuration?.GetSection(Section);
        var root = configuration?["contentRoot"] is { Length: > 0 } r ? r : Environment.CurrentDirectory;
        var path = section?["Path"] is { Length: > 0 } p ? System.IO.Path.GetFullPath(p, root)
            : database.FolderBesideFile("-evidence") ?? System.IO.Path.Combine(root, "parindex-evidence");
        var settings = new EvidenceSettings(path,
            Long(section?["MaxFileBytes"], DefaultMaxFileBytes, "MaxFileBytes"), Long(section?["QuotaBytes"], DefaultQuotaBytes, "QuotaBytes"));
        return settings;

        static long Long(string? text, long fallback, string name)
        {
            if (string.IsNullOrWhiteSpace(text)) return fallback;
            if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) || v <= 0)
                throw new InvalidOperationException($"Cấu hình {Section}:{name} \"{text}\" không hợp lệ: phải là số byte dương.");
            return v;
        }
    }
}

/// <summary>
/// The storage folder of evidence files: each content once, under its SHA-256 (<c>ab/abcdef…</c>), outside the
/// database, so that a file attached to several leaves or kept with several submissions is one file on disk.
/// </summary>
internal sealed class EvidenceStore(EvidenceSettings settings)
{
    private string PathOf(string sha256) => Path.Combine(settings.Path, sha256[..2], sha256);

    /// <summary>Whether the content of <paramref name="sha256"/> is stored.</summary>
    public bool Has(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Stores the content under its hash (a temp file moved into place, so a reader never sees half a file).
    /// True when it was new, so that a failed save can take it back.
    /// </summary>
    public async Task<bool> PutAsync(string sha256, byte[] content, CancellationToken ct)
    {
        var target = PathOf(sha256);
        if (File.Exists(target)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content, ct);
        try
        {
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temp); // another upload of the same content won the race: same bytes
            return false;
        }
    }

    public async Task<byte[]> ReadAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
            throw new NotFoundException("Tệp tài liệu kiểm chứng không còn trong thư mục lưu trữ (Evidence:Path); hãy báo Phòng CCHC khôi phục từ bản sao lưu.");
        var content = await File.ReadAllBytesAsync(path, ct);
        if (Convert.ToHexStringLower(SHA256.HashData(content)) != sha256)
            throw new InvalidOperationException($"Tệp lưu trữ {sha256} bị hỏng: nội dung không khớp mã SHA-256.");
        return content;
    }

    public void Delete(string sha256)
    {
        var path = PathOf(sha256);
        if (File.Exists(path)) File.Delete(path);
    }
}

/// <summary>The kinds of evidence file accepted (practice.md §5), found from the content alone.</summary>
internal static class EvidenceContent
{
    public sealed record Kind(string ContentType, string Label, string[] Extensions);

    public static readonly Kind Pdf = new("application/pdf", "PDF", [".pdf"]);
    public static readonly Kind Png = new("image/png", "ảnh PNG", [".png"]);
    public static readonly Kind Jpeg = new("image/jpeg", "ảnh JPEG", [".jpg", ".jpeg"]);
    public static readonly Kind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "văn bản Word (DOCX)", [".docx"]);
    public static readonly Kind Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "bảng tính Excel (XLSX)", [".xlsx"]);
    private static readonly Kind[] All = [Pdf, Png, Jpeg, Docx, Xlsx];

    public const string Accepted = "PDF, ảnh PNG hoặc JPEG, văn bản DOCX, bảng tính XLSX";

    /// <summary>The kind of <paramref name="content"/>, or the reason it is refused (the name's extension alone never decides).</summary>
    public static (Kind? Kind, string? Refusal) Detect(byte[] content, string fileName)
    {
        var kind = Sniff(content, out var zipRefusal);
        if (kind is null)
            return (null, zipRefusal ?? $"nội dung không phải loại tệp được nhận ({Accepted})");
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var claimed = All.FirstOrDefault(k => k.Extensions.Contains(extension));
        if (claimed is not null && claimed != kind)
            return (null, $"tên tệp có đuôi {extension} ({claimed.Label}) nhưng nội dung là {kind.Label}; hãy gửi đúng tệp hoặc đặt lại tên");
        return (kind, null);
    }

    private static Kind? Sniff(byte[] c, out string? zipRefusal)
    {
        zipRefusal = null;
        if (Starts(c, "%PDF-"u8)) return Pdf;
        if (Starts(c, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (Starts(c, [0xFF, 0xD8, 0xFF])) return Jpeg;
        if (!Starts(c, "PK\u0003\u0004"u8)) return null;
        // DOCX and XLSX are ZIP packages: told apart (and from a plain ZIP) by their parts' names, read from the
        // central directory without inflating anything.
        try
        {
            using var zip = new ZipArchive(new MemoryStream(c, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Contains("[Content_Types].xml") && names.Contains("word/document.xml")) return Docx;
            if (names.Contains("[Content_Types].xml") && names.Contains("xl/workbook.xml")) return Xlsx;
            zipRefusal = "là tệp nén ZIP: không nhận tệp nén, hãy gửi từng tệp (" + Accepted + ")";
        }
        catch (InvalidDataException)
        {
            zipRefusal = "là tệp nén ZIP bị hỏng hoặc bị cắt";
        }
        return null;
    }

    private static bool Starts(byte[] content, ReadOnlySpan<byte> magic) => content.AsSpan().StartsWith(magic);
}
