using MediatR;
using ParIndex.Application.Features;
using ParIndex.Scoring.Criteria;

namespace ParIndex.Web.Pages.Office;

/// <summary>A criteria set as a tree, and what changed against the year before.</summary>
public sealed class CriteriaModel(IMediator mediator) : OfficePageModel(mediator)
{
    public IReadOnlyList<CriteriaSetDto> Sets { get; private set; } = [];
    public int Year { get; private set; }
    public string Group { get; private set; } = "";
    public CriteriaSet? Set { get; private set; }
    public CriteriaSet? Previous { get; private set; }
    public CriteriaDiff? Diff { get; private set; }

    public async Task OnGetAsync(int? year, string? group)
    {
        Sets = (await Mediator.Send(new ListCriteriaSets(Actor))).OrderByDescending(s => s.Year).ThenBy(s => s.Group).ToList();
        var chosen = Sets.FirstOrDefault(s => (year is null || s.Year == year) && (group is null || s.Group == group));
        Year = year ?? chosen?.Year ?? Clock.Today.Year;
        Group = group ?? chosen?.Group ?? "districts";
        if (chosen is null)
        {
            Errors.Add($"Chưa có bộ tiêu chí năm {Year} cho {Scoring.Labels.Lower(Scoring.Labels.Group(Group, Scoring.Labels.Vietnamese))}.");
            return;
        }
        Set = await LoadAsync(Year, Group);
        if (Sets.Any(s => s.Year == Year - 1 && s.Group == Group)) Previous = await LoadAsync(Year - 1, Group);
        if (Set is not null) Diff = CriteriaDiff.Compare(Previous, Set);
    }

    private async Task<CriteriaSet?> LoadAsync(int year, string group)
    {
        CriteriaSet? set = null;
        await TryAsync(async () => set = await Mediator.Send(new GetCriteriaSet(Actor, year, group)));
        return set;
    }
}
