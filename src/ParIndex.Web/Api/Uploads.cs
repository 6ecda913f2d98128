using System.Text;
using ParIndex.Application;

namespace ParIndex.Web.Api;

/// <summary>Reading uploaded files, with limits, into what the handlers take.</summary>
internal static class Uploads
{
    /// <summary>Self-assessments, criteria and units files: larger uploads are refused before they are read whole.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>Survey workbooks hold tens of thousands of questionnaires.</summary>
    public const long MaxSurveyBytes = 256 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(IFormFile file, CancellationToken ct, long maxBytes = MaxBytes)
    {
        if (file.Length == 0) throw new InvalidRequestException($"Tệp {file.FileName} trống.");
        if (file.Length > maxBytes) throw new InvalidRequestException($"Tệp {file.FileName} lớn hơn {maxBytes / 1024 / 1024} MB.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    public static async Task<string> ReadTextAsync(IFormFile file, CancellationToken ct) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(file, ct)).TrimStart('\uFEFF');
}
