using MediatR;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Application.Features;
using ParIndex.Scoring;

namespace ParIndex.Web.Pages.Office;

/// <summary>
/// A published annex (phụ lục kết quả đã công bố) imported as a year's baseline (practice.md §3): the previous year of
/// the next one for a group ParIndex did not assess that year. A refused annex lists every problem and stores nothing.
/// </summary>
[StreamedUpload("Import", UploadLimit.SelfAssessment)]
public sealed class BaselinesModel(IMediator mediator) : OfficePageModel(mediator)
{
    /// <summary>The year proposed in the form.</summary>
    public int Year { get; private set; }

    /// <summary>The groups units belong to, with their names.</summary>
    public IReadOnlyList<(string Code, string Name)> Groups { get; private set; } = [];

    /// <summary>The annexes already imported.</summary>
    public IReadOnlyList<BaselineDto> Imported { get; private set; } = [];

    public Task OnGetAsync(int? year) => LoadAsync(year);

    public async Task<IActionResult> OnPostImportAsync()
    {
        // The form is streamed (StreamedUpload): the year and the group are the fields sent before the file.
        var upload = await ReadAsync(UploadLimit.SelfAssessment);
        var fields = upload?.Fields ?? new Dictionary<string, string>();
        var year = int.TryParse(fields.GetValueOrDefault("year") ?? Request.Query["year"].FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
        var group = fields.GetValueOrDefault("group") ?? Request.Query["group"].FirstOrDefault() ?? "";
        BaselineDto? done = null;
        if (upload is not null && year is null) Errors.Add("Chưa ghi năm của phụ lục.");
        else if (upload is not null && await TryAsync(async () => done = await Mediator.Send(new ImportBaseline(Actor, year!.Value, group, upload.FileName, upload.Content))))
            return Done($"Đã nhập phụ lục {done!.FileName}: kết quả đã công bố năm {done.Year} của {Labels.Lower(done.GroupName)}, " +
                $"{done.Units} đơn vị; dùng làm kết quả năm trước của năm {done.Year + 1}.", new { year = done.Year });
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
