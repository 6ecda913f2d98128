using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ParIndex.Application;
using ParIndex.Workbooks;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>A workbook read from a multipart upload, with the form's other fields.</summary>
internal sealed record Upload(string FileName, byte[] Content, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reading uploaded files, with limits, into what the handlers take. The limits are the workbook settings'
/// <see cref="WorkbookLimits.MaxFileBytes"/> (named once, in <see cref="WorkbookLimits"/> and the <c>Workbooks</c> settings).
/// </summary>
internal static class Uploads
{
    /// <summary>The form field that carries the file.</summary>
    public const string FileField = "file";

    /// <summary>What a multipart body may hold beyond the file: boundaries, headers, a few small fields.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    /// <summary>Criteria and units files (YAML): far smaller than any workbook.</summary>
    public const long MaxTextBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Streams a multipart body and keeps its file, refusing as soon as the file passes
    /// <paramref name="maxBytes"/>: an oversized upload is never read whole.
    /// </summary>
    public static Task<Upload> ReadWorkbookAsync(HttpRequest request, long maxBytes, CancellationToken ct) =>
        ReadFileAsync(request, maxBytes, GuardTexts.FileTooLargeWhileReading, ct);

    /// <summary>
    /// The same streamed read for any file: <paramref name="tooLarge"/> says why a file is refused once it passes
    /// <paramref name="maxBytes"/> (the bytes read so far, the limit).
    /// </summary>
    public static async Task<Upload> ReadFileAsync(HttpRequest request, long maxBytes, Func<long, long, string> tooLarge, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            throw new InvalidRequestException($"Cần gửi tệp dạng multipart/form-data, trong trường \"{FileField}\".");
        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        (string Name, byte[] Content)? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (fileName is not null && name.Equals(FileField, StringComparison.OrdinalIgnoreCase) && file is null)
                    file = (Path.GetFileName(fileName), await ReadBoundedAsync(section.Body, Path.GetFileName(fileName), maxBytes, ct, tooLarge));
                else if (fileName is null && fields.Count < 20)
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[1024];
                    fields[name] = new string(buffer, 0, await text.ReadBlockAsync(buffer, ct));
                }
            }
        }
        catch (IOException)
        {
            throw new InvalidRequestException("Không đọc được tệp gửi lên (nội dung multipart bị cắt hoặc sai định dạng); hãy gửi lại.");
        }
        if (file is not { } f) throw new InvalidRequestException($"Chưa chọn tệp (trường \"{FileField}\").");
        if (f.Content.Length == 0) throw Refused(f.Name, GuardTexts.Empty);
        return new Upload(f.Name, f.Content, fields);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, string fileName, long maxBytes, CancellationToken ct,
        Func<long, long, string>? tooLarge = null)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > maxBytes)
                throw Refused(fileName, (tooLarge ?? GuardTexts.FileTooLargeWhileReading)(buffer.Length + n, maxBytes));
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static WorkbookRejectedException Refused(string fileName, string reason) =>
        new($"{(fileName.Length > 0 ? "Tệp " + fileName : "Tệp gửi lên")} bị từ chối: {reason}.",
            [new WorkbookProblem(fileName, null, null, reason)]);

    /// <summary>The request size an upload endpoint lets through: the file's limit and the form around it.</summary>
    public static long RequestLimit(long maxFileBytes) => maxFileBytes + FormOverheadBytes;

    /// <summary>A small text file (criteria, units), read in chunks up to <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadBytesAsync(IFormFile file, CancellationToken ct, long maxBytes = MaxTextBytes)
    {
        if (file.Length == 0) throw new InvalidRequestException($"Tệp {file.FileName} trống.");
        if (file.Length > maxBytes) throw new InvalidRequestException($"Tệp {file.FileName} lớn hơn {WorkbookLimits.Mb(maxBytes)} MB.");
        await using var stream = file.OpenReadStream();
        return await ReadBoundedAsync(stream, Path.GetFileName(file.FileName), maxBytes, ct);
    }

    public static async Task<string> ReadTextAsync(IFormFile file, CancellationToken ct, long maxBytes = MaxTextBytes) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(file, ct, maxBytes)).TrimStart('\uFEFF');
}
