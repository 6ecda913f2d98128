using System.IO.Compression;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;
using ParIndex.Application;
using ParIndex.Web.Hosting;

namespace ParIndex.Web.Ui;

/// <summary>
/// Whole rendered pages kept as bytes (plain and gzipped), for pages read far more often than what they show changes:
/// the ranking. The key is the page's business and must hold everything the answer depends on (the document the gate
/// gave this request, the view's query, the culture, the reader's identity as the layout shows it); the gate itself
/// runs on every request before a kept page is looked up. Bounded in bytes; a page not asked for in
/// <see cref="KeepFor"/> is let go.
/// </summary>
public sealed class RenderedPages : IDisposable
{
    /// <summary>How many bytes of pages are kept at most (plain and gzipped together).</summary>
    public const long SizeLimit = 64L * 1024 * 1024;

    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(30);

    /// <summary>What the pages' answers say about keeping them: only the reader's browser, and it asks again each time.</summary>
    public const string CacheControl = "private, no-cache";

    private const string Html = "text/html; charset=utf-8";

    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = SizeLimit });

    /// <summary>Whether pages are kept (<c>Pages:CacheFragments</c>, on unless set false).</summary>
    public bool Enabled { get; }

    public RenderedPages(IConfiguration configuration) => Enabled = configuration.GetValue("Pages:CacheFragments", true);

    /// <summary>Pages kept now (for tests).</summary>
    public int Count => _pages.Count;

    /// <summary>
    /// The page's answer: the kept bytes for the key when there are some, else the page itself, which <see cref="KeepAttribute"/>
    /// renders once into memory, keeps (when it answered 200 and set no cookie) and serves the same way.
    /// </summary>
    public IActionResult Serve(PageModel page, string key)
    {
        var http = page.HttpContext;
        if (!Enabled) return page.Page();
        if (_pages.TryGetValue(key, out Representations? kept)) return Compressed.Page(http, kept!, Html, CacheControl);
        http.Items[KeyItem] = key;
        return page.Page();
    }

    private static readonly object KeyItem = new();

    private void Keep(string key, Representations page) =>
        _pages.Set(key, page, new MemoryCacheEntryOptions { Size = page.Size, SlidingExpiration = KeepFor });

    public void Dispose() => _pages.Dispose();

    /// <summary>On a page model whose handler answers through <see cref="Serve"/>: renders a page not yet kept into memory and keeps it.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class KeepAttribute : Attribute, IAsyncResultFilter
    {
        public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            var http = context.HttpContext;
            if (context.Result is not PageResult || http.Items[KeyItem] is not string key)
            {
                await next();
                return;
            }
            var body = http.Response.Body;
            byte[] rendered;
            using (var buffer = new MemoryStream())
            {
                http.Response.Body = buffer;
                try
                {
                    await next();
                }
                finally
                {
                    http.Response.Body = body;
                }
                rendered = buffer.ToArray();
            }
            // A page that set a cookie (an antiforgery token, the language switch) is this request's own: served, not kept.
            if (http.Response.StatusCode != StatusCodes.Status200OK || http.Response.Headers.ContainsKey(HeaderNames.SetCookie))
            {
                await body.WriteAsync(rendered, http.RequestAborted);
                return;
            }
            var page = Representations.Of(rendered, CompressionLevel.Optimal);
            http.RequestServices.GetRequiredService<RenderedPages>().Keep(key, page);
            await Compressed.Result(http, page, Html, CacheControl).ExecuteAsync(http);
        }
    }
}
