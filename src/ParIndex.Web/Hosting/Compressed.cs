using Microsoft.AspNetCore.Mvc;
using ParIndex.Application;

namespace ParIndex.Web.Hosting;

/// <summary>
/// Serving bytes made once (<see cref="Representations"/>): gzipped to whoever accepts it (every browser), with the
/// representation's ETag, 304 to an If-None-Match that names either representation, and Vary: Accept-Encoding.
/// Compressing answers that hold what a reader may see is safe from BREACH-style guessing here: the sign-in cookie is
/// SameSite=Strict, so no other site can make a signed-in browser ask for them, and no answer served this way carries
/// an antiforgery token.
/// </summary>
internal static class Compressed
{
    /// <summary>Whether the request accepts gzip (Accept-Encoding names gzip or *, without q=0).</summary>
    public static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            (e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Value == "*") && (e.Quality ?? 1) > 0);

    /// <summary>The answer for the request: the bytes it accepts, or 304 when it already has them.</summary>
    public static IResult Result(HttpContext http, Representations body, string contentType, string cacheControl)
    {
        var gzip = AcceptsGzip(http.Request);
        var headers = http.Response.Headers;
        headers.ETag = gzip ? body.GzipETag : body.ETag;
        headers.CacheControl = cacheControl;
        headers.Vary = "Accept-Encoding";
        if (body.MatchesAny(http.Request.Headers.IfNoneMatch)) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (!gzip) return Results.Bytes(body.Plain, contentType);
        headers.ContentEncoding = "gzip";
        return Results.Bytes(body.Gzip, contentType);
    }

    /// <summary>The same, as a page handler's result.</summary>
    public static IActionResult Page(HttpContext http, Representations body, string contentType, string cacheControl) =>
        new Executed(Result(http, body, contentType, cacheControl));

    private sealed class Executed(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
