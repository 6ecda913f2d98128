using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ParIndex.Application;
using ParIndex.Workbooks;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Web.Api;

/// <summary>A file read from a multipart upload, with the form's other fields.</summary>
internal sealed record Upload(string FileName, byte[] Content, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// The one way the web reads an uploaded file, for the API and the pages alike: the multipart body is streamed
/// (never bound, never buffered by ASP.NET) and reading stops as soon as the file passes its limit. A workbook's
/// limit is the workbook settings' <see cref="WorkbookLimits.MaxFileBytes"/> (<c>Workbooks:SelfAssessment:*</c>,
/// <c>Workbooks:Survey:*</c>), named nowhere else.
/// </summary>
internal static class Uploads
{
    /// <summary>The form field that carries the file.</summary>
    public const string FileField = "file";

    /// <summary>What a multipart body may hold beyond the file: boundaries, headers, a few small fields.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    /// <summary>Criteria and units files (YAML): far smaller than any workbook.</summary>
    public const long MaxTextBytes = 5 * 1024 * 1024;

    private const int MaxFields = 20;

    /// <summary>
    /// A multipart body read up to its file: the fields sent before it, and the file's section, not read yet.
    /// A page reads this far before antiforgery is checked (the token is one of the leading fields).
    /// </summary>
    internal sealed class Form(MultipartReader reader, Dictionary<string, string> fields, MultipartSection? file, string? fileName)
    {
        public MultipartReader Reader { get; } = reader;
        public Dictionary<string, string> Fields { get; } = fields;
        public MultipartSection? File { get; } = file;
        public string? FileName { get; } = fileName;
    }

    private static readonly object FormKey = new();

    /// <summary>The request size an upload lets through: the file's limit and the form around it.</summary>
    public static long RequestLimit(long maxFileBytes) => maxFileBytes + FormOverheadBytes;

    /// <summary>
    /// Reads the body's leading fields up to the file section (kept for <see cref="ReadFileAsync"/>), and sets the
    /// request's size limit to the file's. Called once per request; later calls return the same form.
    /// </summary>
    /// <remarks>
    /// <paramref name="requestLimit"/> (default <see cref="RequestLimit"/>) is what the server lets through in all: a page
    /// passes more, so that after the app stopped reading Kestrel drains the rest and the browser sees the page's
    /// message instead of a reset connection.
    /// </remarks>
    public static async Task<Form> OpenAsync(HttpRequest request, long maxBytes, CancellationToken ct, long? requestLimit = null)
    {
        if (request.HttpContext.Items[FormKey] is Form open) return open;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = requestLimit ?? RequestLimit(maxBytes);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            throw new InvalidRequestException($"Cần gửi tệp dạng multipart/form-data, trong trường \"{FileField}\".");
        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var form = await Broken(async () =>
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (await ReadFieldAsync(section, fields, ct) is { } fileName)
                    return new Form(reader, fields, section, fileName);
            }
            return new Form(reader, fields, null, null);
        });
        request.HttpContext.Items[FormKey] = form;
        return form;
    }

    /// <summary>
    /// Streams a multipart body and keeps its file, refusing as soon as the file passes
    /// <paramref name="maxBytes"/> (as a refused workbook, naming the file): an oversized upload is never read whole.
    /// </summary>
    public static Task<Upload> ReadWorkbookAsync(HttpRequest request, long maxBytes, CancellationToken ct) =>
        ReadFileAsync(request, maxBytes, (name, atLeast) => Refused(name, GuardTexts.FileTooLargeWhileReading(atLeast, maxBytes)), ct);

    /// <summary>
    /// The same streamed read for any other file (evidence): <paramref name="tooLarge"/> says why a file is refused once
    /// it passes <paramref name="maxBytes"/> (the bytes read so far, the limit).
    /// </summary>
    public static Task<Upload> ReadFileAsync(HttpRequest request, long maxBytes, Func<long, long, string> tooLarge, CancellationToken ct) =>
        ReadFileAsync(request, maxBytes, (name, atLeast) => Refused(name, tooLarge(atLeast, maxBytes)), ct);

    /// <summary>
    /// A file of a page form that also carries many fields (the self-assessment form's evidence attachment), bound by
    /// ASP.NET within the page's request limit, then held to <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<byte[]> ReadBytesAsync(IFormFile file, CancellationToken ct, long maxBytes)
    {
        var name = Path.GetFileName(file.FileName);
        if (file.Length == 0) throw Refused(name, GuardTexts.Empty);
        await using var stream = file.OpenReadStream();
        return await ReadBoundedAsync(stream, name, maxBytes,
            (n, atLeast) => new InvalidRequestException($"Tệp {n} lớn hơn {WorkbookLimits.Mb(maxBytes)} MB."), ct);
    }

    /// <summary>A small text file (criteria, units), streamed up to <paramref name="maxBytes"/>.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct, long maxBytes = MaxTextBytes)
    {
        var upload = await ReadFileAsync(request, maxBytes,
            (name, _) => new InvalidRequestException($"Tệp {name} lớn hơn {WorkbookLimits.Mb(maxBytes)} MB."), ct);
        return Encoding.UTF8.GetString(upload.Content).TrimStart('\uFEFF');
    }

    private static async Task<Upload> ReadFileAsync(HttpRequest request, long maxBytes, Func<string, long, Exception> tooLarge, CancellationToken ct)
    {
        var form = await OpenAsync(request, maxBytes, ct);
        if (form.File is not { } section || form.FileName is not { } name)
            throw new InvalidRequestException($"Chưa chọn tệp (trường \"{FileField}\").");
        var content = await Broken(async () =>
        {
            var bytes = await ReadBoundedAsync(section.Body, name, maxBytes, tooLarge, ct);
            while (await form.Reader.ReadNextSectionAsync(ct) is { } next)
                await ReadFieldAsync(next, form.Fields, ct);
            return bytes;
        });
        if (content.Length == 0) throw Refused(name, GuardTexts.Empty);
        return new Upload(name, content, form.Fields);
    }

    /// <summary>Reads a small field into <paramref name="fields"/>; for the file's section returns its name, unread.</summary>
    private static async Task<string?> ReadFieldAsync(MultipartSection section, Dictionary<string, string> fields, CancellationToken ct)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) return null;
        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        if (fileName is not null && name.Equals(FileField, StringComparison.OrdinalIgnoreCase) && !fields.ContainsKey(FileField))
        {
            fields[FileField] = Path.GetFileName(fileName);
            return Path.GetFileName(fileName);
        }
        if (fileName is null && fields.Count < MaxFields)
        {
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            var buffer = new char[1024];
            fields[name] = new string(buffer, 0, await text.ReadBlockAsync(buffer, ct));
        }
        return null;
    }

    private static async Task<T> Broken<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (IOException)
        {
            throw new InvalidRequestException("Không đọc được tệp gửi lên (nội dung multipart bị cắt hoặc sai định dạng); hãy gửi lại.");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, string fileName, long maxBytes, Func<string, long, Exception> tooLarge, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > maxBytes) throw tooLarge(fileName, buffer.Length + n);
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static WorkbookRejectedException Refused(string fileName, string reason) =>
        new($"{(fileName.Length > 0 ? "Tệp " + fileName : "Tệp gửi lên")} bị từ chối: {reason}.",
            [new WorkbookProblem(fileName, null, null, reason)]);
}
