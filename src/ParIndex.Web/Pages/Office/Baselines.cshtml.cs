using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// A published annex (phụ lục kết quả đã công bố) imported as a year's baseline (practice.md §3): the previous year of
/// the next one for a group ParIndex did not assess that year. A refused annex lists every problem and stores nothing.
/// </summary>
public sealed class BaselinesModel(IMediator mediator) : OfficePageModel(mediator)
{
    /// <summary>The year proposed in the form.</summary>
    public int Year { get; private set; }

    /// <summary>The groups units belong to, with their names.</summary>
    public IReadOnlyList<(string Code, string Name)> Groups { get; private set; } = [];

    /// <summary>The annexes already imported.</summary>
    public IReadOnlyList<BaselineDto> Imported { get; private set; } = [];

    public Task OnGetAsync(int? year) => LoadAsync(year);

    public async Task<IActionResult> OnPostImportAsync(int year, string? group, IFormFile? file)
    {
        var content = await ReadAsync(file);
        BaselineDto? done = null;
        if (content is not null && await TryAsync(async () => done = await Mediator.Send(new ImportBaseline(Actor, year, group ?? "", file!.FileName, content))))
            return Done($"Đã nhập phụ lục {done!.FileName}: kết quả đã công bố năm {done.Year} của {Labels.Lower(done.GroupName)}, " +
                $"{done.Units} đơn vị; dùng làm kết quả năm trước của năm {done.Year + 1}.", new { year });
        await LoadAsync(year);
        return Page();
    }

    private async Task LoadAsync(int? year)
    {
        var rounds = await Mediator.Send(new ListRounds(Actor));
        Year = year ?? rounds.Select(r => r.Year).DefaultIfEmpty(Clock.Today.Year + 1).Min() - 1;
        Groups = (await Mediator.Send(new ListUnits(Actor))).Select(u => u.Group).Distinct().Order(StringComparer.Ordinal)
            .Select(g => (g, Labels.Group(g, Labels.Vietnamese))).ToList();
        Imported = await Mediator.Send(new ListBaselines(Actor));
    }
}
