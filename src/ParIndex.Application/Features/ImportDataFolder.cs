using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;

namespace ParIndex.Application.Features;

/// <summary>What an import of a data folder did.</summary>
public sealed record ImportSummary(int Units, int CriteriaSets, int Rounds, int Submissions, int Rejected, int Surveys, IReadOnlyList<string> Problems);

/// <summary>
/// Imports a province's folders into the database (office only): the criteria sets of <paramref name="CriteriaFolder"/>,
/// <c>units.yaml</c>, and for every year of <paramref name="DataFolder"/> a round per group, the self-assessment
/// workbooks (with their appraisal columns, as appraisal round 1) and the survey workbooks. Used for the demo
/// province and by <c>parindex db import</c>. Rounds end in the appraisal-2 stage, ready to compute and publish.
/// </summary>
public sealed record ImportDataFolder(Actor Actor, string CriteriaFolder, string DataFolder) : IRequest<ImportSummary>;

internal sealed class ImportDataFolderHandler(ParIndexDb db, MediatR.IMediator mediator) : IRequestHandler<ImportDataFolder, ImportSummary>
{
    public async Task<ImportSummary> Handle(ImportDataFolder request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var problems = new List<string>();
        var sets = 0;
        foreach (var file in Directory.EnumerateFiles(request.CriteriaFolder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = Path.GetRelativePath(request.CriteriaFolder, file).Replace('\\', '/');
            if (source.Count(c => c == '/') != 1) continue;
            await mediator.Send(new ImportCriteriaSet(request.Actor, source, await File.ReadAllTextAsync(file, ct)), ct);
            sets++;
        }
        var data = new DataFolder(request.DataFolder);
        var units = await mediator.Send(new ImportUnits(request.Actor, await File.ReadAllTextAsync(data.UnitsFile, ct)), ct);

        int rounds = 0, submissions = 0, rejected = 0, surveys = 0;
        var years = Directory.EnumerateDirectories(request.DataFolder)
            .Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(n => int.Parse(n!, System.Globalization.CultureInfo.InvariantCulture)).Order();
        foreach (var year in years)
        {
            foreach (var group in units.Where(u => (u.From ?? year) <= year && year <= (u.Until ?? year)).Select(u => u.Group).Distinct().Order(StringComparer.Ordinal))
            {
                if (!await db.CriteriaSets.AnyAsync(c => c.Year == year && c.Group == group, ct)) continue;
                var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Year == year && r.Group == group, ct)
                    is { } existing ? RoundsHandlers.Dto(existing) : await mediator.Send(new OpenRound(request.Actor, year, group), ct);
                rounds++;
                foreach (var unit in units.Where(u => u.Group == group))
                {
                    var path = data.SelfAssessment(year, unit.Code);
                    if (!File.Exists(path)) continue;
                    var result = await mediator.Send(new UploadSelfAssessment(request.Actor, round.Id, unit.Code, Path.GetFileName(path),
                        await File.ReadAllBytesAsync(path, ct), KeepAppraisal: true), ct);
                    submissions++;
                    if (!result.Accepted)
                    {
                        rejected++;
                        problems.AddRange(result.Problems.Where(p => p.Severity == Workbooks.Severity.Error).Select(p => $"{p.File}!{p.Sheet}!{p.Cell}: {p.Message}"));
                    }
                }
                var tracked = await db.Rounds.SingleAsync(r => r.Id == round.Id, ct);
                tracked.Stage = RoundStage.Appraisal2;
                tracked.Version++;
                await db.SaveChangesAsync(ct);
            }
            foreach (var path in DataFolder.Workbooks(data.Surveys(year)))
            {
                try
                {
                    await mediator.Send(new ImportSurvey(request.Actor, year, Path.GetFileName(path), await File.ReadAllBytesAsync(path, ct)), ct);
                    surveys++;
                }
                catch (WorkbookRejectedException e)
                {
                    problems.AddRange(e.Problems.Where(p => p.IsError).Select(p => p.ToString()));
                }
            }
        }
        return new ImportSummary(units.Count, sets, rounds, submissions, rejected, surveys, problems);
    }
}
