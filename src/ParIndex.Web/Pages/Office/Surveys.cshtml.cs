using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Office;

/// <summary>The sociological survey (điều tra XHH) of a year: import a workbook, see its summary, withdraw an import.</summary>
[StreamedUpload("Import", UploadLimit.Survey)]
public sealed class SurveysModel(IMediator mediator) : OfficePageModel(mediator)
{
    public int Year { get; private set; }
    public IReadOnlyList<SurveyImportDto> Imports { get; private set; } = [];

    /// <summary>The import just made (shown with its summary).</summary>
    public SurveyImportDto? Imported { get; private set; }

    /// <summary>The criteria sets' minimum respondents per group (a unit's group decides its minimum).</summary>
    public Dictionary<string, int> Minimum { get; } = [];

    /// <summary>Each unit's group and name.</summary>
    public Dictionary<string, UnitDto> Units { get; private set; } = [];

    public async Task OnGetAsync(int? year, int? imported)
    {
        await LoadAsync(year);
        if (imported is { } id) Imported = Imports.FirstOrDefault(i => i.Id == id);
    }

    public async Task<IActionResult> OnPostImportAsync(int year)
    {
        var upload = await ReadAsync(UploadLimit.Survey);
        SurveyImportDto? done = null;
        if (upload is not null && await TryAsync(async () => done = await Mediator.Send(new ImportSurvey(Actor, year, upload.FileName, upload.Content))))
            return Done($"Đã nhập tệp khảo sát {done!.FileName}: {done.Questionnaires} phiếu.", new { year, imported = done.Id });
        await LoadAsync(year);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int year, int id, string? reason)
    {
        SurveyImportDto? done = null;
        if (await TryAsync(async () => done = await Mediator.Send(new WithdrawSurvey(Actor, id, reason ?? ""))))
            return Done($"Đã rút tệp khảo sát {done!.FileName}.", new { year });
        await LoadAsync(year);
        return Page();
    }

    /// <summary>The units of an import under their group's minimum respondents (assessed units with no questionnaire included).</summary>
    public IEnumerable<(string Code, int Count, int Minimum)> UnderMinimum(SurveyImportDto import) =>
        Units.Values.Where(u => Minimum.ContainsKey(u.Group) && (u.From ?? int.MinValue) <= Year && (u.Until ?? int.MaxValue) >= Year)
            .Select(u => (u.Code, Count: import.PerUnit.TryGetValue(u.Code, out var n) ? n : 0, Minimum: Minimum[u.Group]))
            .Where(x => x.Count < x.Minimum).OrderBy(x => x.Code, StringComparer.Ordinal);

    private async Task LoadAsync(int? year)
    {
        var rounds = await Mediator.Send(new ListRounds(Actor));
        Year = year ?? rounds.Select(r => r.Year).DefaultIfEmpty(Clock.Today.Year).Max();
        await TryAsync(async () => Imports = await Mediator.Send(new ListSurveyImports(Actor, Year)));
        Units = (await Mediator.Send(new ListUnits(Actor))).ToDictionary(u => u.Code);
        foreach (var set in (await Mediator.Send(new ListCriteriaSets(Actor))).Where(s => s.Year == Year))
        {
            if ((await Mediator.Send(new GetCriteriaSet(Actor, set.Year, set.Group))).Survey is { } survey)
                Minimum[set.Group] = survey.MinRespondents;
        }
    }
}
