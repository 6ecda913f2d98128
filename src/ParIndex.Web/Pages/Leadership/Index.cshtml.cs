using System.Globalization;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Application;
using ParIndex.Application.Features;
using ParIndex.Scoring;
using ParIndex.Web.Auth;
using ParIndex.Web.Ui;

namespace ParIndex.Web.Pages.Leadership;

/// <summary>
/// The ranking of a year and group (/Leadership?year=2024&amp;group=districts): the published ranking, or for the
/// office the latest computation; sortable (?sort=&amp;desc=), filterable (?cls=, ?q=), with the group summary,
/// a bar chart, a heatmap of the areas and exports (xlsx, json, csv).
/// </summary>
[RenderedPages.Keep]
public sealed class IndexModel(IMediator mediator, RenderedPages pages) : PageModel
{
    /// <summary>The province's clock and time display (one for every page).</summary>
    private ProvinceTime Clock => HttpContext.RequestServices.GetRequiredService<ProvinceTime>();

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cls { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>Every year with a round, newest first, and whether it is published.</summary>
    public IReadOnlyList<(int Year, bool Published)> Years { get; private set; } = [];
    public RankingDocument? Ranking { get; private set; }
    /// <summary>The ETag of the document the gate gave this request (a hash of its bytes).</summary>
    public string? DocumentTag { get; private set; }
    public GroupDocument? Current { get; private set; }
    public IReadOnlyList<UnitDocument> Rows { get; private set; } = [];
    /// <summary>The office sees a computation that is not (yet) published.</summary>
    public bool Draft { get; private set; }
    /// <summary>The year exists but has no publication the reader may see.</summary>
    public bool NotPublished { get; private set; }
    public string? Message { get; private set; }

    /// <summary>The classes in the group's order (from the summary), for the filter.</summary>
    public IEnumerable<string> Classes => Current?.Summary.ClassCounts?.Select(kv => kv.Key) ?? [];

    /// <summary>The page, rendered once per <see cref="PageKey"/> and served from memory after that (the gate runs first, every time).</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? (Current is null ? Page() : pages.Serve(this, PageKey));

    /// <summary>The table as CSV (UTF-8 with BOM, invariant numbers, formula-like text quoted with ').</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        if (Current is null) return NotFound(Message ?? "Không có kết quả.");
        var csv = new StringBuilder();
        Line(csv, "Năm", "Khối", "Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm", "Điểm tối đa áp dụng", "Chỉ số (%)", "Xếp loại",
            "Chỉ số năm trước (%)", "Thay đổi chỉ số", "Hạng năm trước", "Thay đổi hạng", "Ghi chú");
        foreach (var u in Rows)
            Line(csv, Year!.Value.ToString(CultureInfo.InvariantCulture), Current.Group, u.Rank?.ToString(CultureInfo.InvariantCulture) ?? "",
                Text(u.UnitCode), Text(u.UnitName), Show.Raw(u.Points), Show.Raw(u.ApplicableMax), Show.Raw(u.Index), Text(u.Classification ?? ""),
                Show.Raw(u.Previous?.Index), Show.Raw(u.IndexChange), u.Previous?.Rank?.ToString(CultureInfo.InvariantCulture) ?? "",
                u.RankChange?.ToString(CultureInfo.InvariantCulture) ?? "", Text(Show.Note(u)));
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"xep-hang-{Year}-{Current.Group}.csv");
    }

    private static void Line(StringBuilder csv, params string[] cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    /// <summary>Text from users (names, codes, notes): a leading = + - @ would make a spreadsheet formula, so it gets a '.</summary>
    internal static string Text(string text) =>
        text.Length > 0 && "=+-@\t\r".Contains(text[0]) ? "'" + text : text;

    /// <summary>One CSV cell, quoted when it holds a comma, a quote or a line break.</summary>
    internal static string Cell(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Actor actor;
        try
        {
            actor = User.ToActor();
            if (actor.Role == ActorRole.FocalPoint) return Forbid();
            var rounds = await mediator.Send(new ListRounds(actor), ct);
            Years = rounds.GroupBy(r => r.Year).OrderByDescending(g => g.Key)
                .Select(g => (g.Key, g.All(r => r.Stage == RoundStage.Published))).ToList();
            if (Year is null)
            {
                // Leadership opens on the latest published year, the office on the latest year.
                var pick = actor.IsOffice ? Years.FirstOrDefault() : Years.FirstOrDefault(y => y.Published);
                if (pick.Year == 0) pick = Years.FirstOrDefault();
                Year = pick.Year == 0 ? Clock.Today.Year : pick.Year;
            }

            var document = await mediator.Send(new GetRankingBytes(actor, Year.Value), ct);
            (Ranking, DocumentTag) = (document.Document, document.ETag);
            // Only the office reads drafts: whoever else passed the gate was given a publication.
            Draft = actor.IsOffice && (await mediator.Send(new ListPublications(actor, Year.Value), ct)).Count == 0;
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (NotFoundException e)
        {
            NotPublished = Years.Any(y => y.Year == Year);
            Message = e.Message;
            return null;
        }
        catch (InvalidDataException e)
        {
            Message = e.Message;
            return null;
        }

        Current = Ranking.Groups.FirstOrDefault(g => g.Group == Group) ?? Ranking.Groups.FirstOrDefault();
        if (Current is null) return null;
        Group = Current.Group;
        IEnumerable<UnitDocument> rows = Current.Units;
        if (!string.IsNullOrWhiteSpace(Cls)) rows = rows.Where(u => u.Classification == Cls);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            rows = rows.Where(u => u.UnitName.Contains(q, StringComparison.CurrentCultureIgnoreCase)
                || u.UnitCode.Contains(q, StringComparison.OrdinalIgnoreCase));
        }
        Rows = Sorted(rows.ToList());
        return null;
    }

    /// <summary>
    /// What the cached fragments (summary, tables, chart, heatmap) depend on besides the culture: the document this
    /// request was given through the gate, and the view's query. A fragment is only ever served to a caller the gate
    /// gave the same document; nothing of the caller (name, token, draft banner) is inside it.
    /// </summary>
    public string FragmentKey => string.Join('\u001f', DocumentTag, Year?.ToString(CultureInfo.InvariantCulture), Group, Sort,
        Desc ? "desc" : "", Cls, Q);

    /// <summary>Whether the fragments are cached (<c>Pages:CacheFragments</c>, on unless set false).</summary>
    public bool CacheFragments => pages.Enabled;

    /// <summary>
    /// What the whole page depends on: the fragments' key, the culture, the reader as the layout shows them (every
    /// claim: name, roles), the year picker's years and the draft banner.
    /// </summary>
    public string PageKey => string.Join('\u001e', FragmentKey, CultureInfo.CurrentUICulture.Name,
        string.Join('\u001f', User.Claims.Select(c => c.Type + "=" + c.Value)),
        string.Join(',', Years.Select(y => y.Year.ToString(CultureInfo.InvariantCulture) + (y.Published ? "p" : ""))), Draft ? "draft" : "");

    /// <summary>Sort keys of the column headers; "rank" (the default) is the published order.</summary>
    private IReadOnlyList<UnitDocument> Sorted(List<UnitDocument> rows)
    {
        // Units without a value go last whichever the direction.
        IOrderedEnumerable<UnitDocument> By<T>(Func<UnitDocument, T?> key) where T : struct =>
            Desc ? rows.OrderBy(u => key(u) is null).ThenByDescending(key) : rows.OrderBy(u => key(u) is null).ThenBy(key);
        IEnumerable<UnitDocument> sorted = Sort switch
        {
            "code" => Desc ? rows.OrderByDescending(u => u.UnitCode, StringComparer.Ordinal) : rows.OrderBy(u => u.UnitCode, StringComparer.Ordinal),
            "unit" => Desc ? rows.OrderByDescending(u => u.UnitName, StringComparer.CurrentCulture) : rows.OrderBy(u => u.UnitName, StringComparer.CurrentCulture),
            "points" => By(u => u.Points),
            "index" => By(u => u.Index),
            "change" => By(u => u.IndexChange),
            "move" => By(u => (decimal?)u.RankChange),
            "previous" => By(u => u.Previous?.Index),
            _ => Desc ? Enumerable.Reverse(rows) : rows,
        };
        return sorted.ToList();
    }

    /// <summary>The query of a link to this page with one value changed.</summary>
    public string Link(string? sort = null, bool? desc = null, string? cls = null, string? group = null, int? year = null, string? handler = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["year"] = (year ?? Year)?.ToString(CultureInfo.InvariantCulture),
            ["group"] = group ?? Group,
            ["sort"] = sort ?? Sort,
            ["desc"] = (desc ?? Desc) ? "true" : null,
            ["cls"] = cls ?? Cls,
            ["q"] = Q,
            ["handler"] = handler,
        };
        return "/Leadership" + Microsoft.AspNetCore.Http.QueryString.Create(query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }

    /// <summary>A sortable column header's link: the same column again flips the direction.</summary>
    public string SortLink(string key) => Link(sort: key, desc: (Sort ?? "rank") == key && !Desc);

    /// <summary>The arrow shown beside the sorted column.</summary>
    public string SortMark(string key) => (Sort ?? "rank") == key ? (Desc ? " ↓" : " ↑") : "";

    /// <summary>A unit's name by code in the current group (for the movers).</summary>
    public string NameOf(string code) => Current?.Units.FirstOrDefault(u => u.UnitCode == code)?.UnitName ?? code;
}
