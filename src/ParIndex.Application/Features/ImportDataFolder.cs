using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;

namespace ParIndex.Application.Features;

/// <summary>What an import of a data folder did.</summary>
public sealed record ImportSummary(int Units, int CriteriaSets, int Rounds, int Submissions, int Rejected, int Surveys, IReadOnlyList<string> Problems);

/// <summary>
/// Imports a province's folders into the database (office only): the criteria sets of <paramref name="CriteriaFolder"/>,
/// <c>units.yaml</c>, and for every year of <paramref name="DataFolder"/> a round per group, the self-assessment
/// workbooks (with their appraisal columns, as appraisal round 1) and the survey workbooks. Used for the demo
/// province and by <c>parindex db import</c>. Rounds end in the appraisal-2 stage, ready to compute and publish.
/// The import is one transaction: a process killed half-way leaves the database as it was. A re-run is idempotent:
/// a criteria set, workbook or survey file already stored with the same content is not stored again.
/// </summary>
public sealed record ImportDataFolder(Actor Actor, string CriteriaFolder, string DataFolder) : IRequest<ImportSummary>;

internal sealed class ImportDataFolderHandlers(ParIndexDb db, MediatR.IMediator mediator) : IRequestHandler<ImportDataFolder, ImportSummary>
{
    public async Task<ImportSummary> Handle(ImportDataFolder request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        // All or nothing: the handlers' saves join this transaction (ParIndexDb.SaveChanges uses the current one).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var summary = await ImportAsync(request, ct);
        await transaction.CommitAsync(ct);
        return summary;
    }

    private async Task<ImportSummary> ImportAsync(ImportDataFolder request, CancellationToken ct)
    {
        var problems = new List<string>();
        var sets = 0;
        foreach (var file in Directory.EnumerateFiles(request.CriteriaFolder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = Path.GetRelativePath(request.CriteriaFolder, file).Replace('\\', '/');
            if (source.Count(c => c == '/') != 1) continue;
            var yaml = await File.ReadAllTextAsync(file, ct);
            sets++;
            var sha = Store.Sha256(yaml);
            if (await db.CriteriaSets.AnyAsync(c => c.Source == source && c.Sha256 == sha, ct)) continue;
            await mediator.Send(new ImportCriteriaSet(request.Actor, source, yaml), ct);
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
                    var content = await File.ReadAllBytesAsync(path, ct);
                    submissions++;
                    // Already stored as the unit's latest revision: a re-run adds no revision.
                    var sha = Store.Sha256(content);
                    var latest = await db.Submissions.AsNoTracking().Where(s => s.RoundId == round.Id && s.UnitCode == unit.Code)
                        .OrderByDescending(s => s.Revision).Select(s => new { s.Sha256, s.Accepted, s.ProblemsJson }).FirstOrDefaultAsync(ct);
                    if (latest is not null && latest.Sha256 == sha)
                    {
                        if (!latest.Accepted)
                        {
                            rejected++;
                            problems.AddRange(Submissions.Problems(latest.ProblemsJson).Where(p => p.Severity == Workbooks.Severity.Error)
                                .Select(p => $"{p.File}!{p.Sheet}!{p.Cell}: {p.Message}"));
                        }
                        continue;
                    }
                    SubmissionDto result;
                    try
                    {
                        result = await mediator.Send(new UploadSelfAssessment(request.Actor, round.Id, unit.Code, Path.GetFileName(path),
                            content, KeepAppraisal: true), ct);
                    }
                    catch (WorkbookRejectedException e)
                    {
                        // Refused before opening (a zip bomb, not a workbook): no revision, but counted and listed.
                        rejected++;
                        problems.AddRange(e.Problems.Where(p => p.IsError).Select(p => p.ToString()));
                        continue;
                    }
                    if (!result.Accepted)
                    {
                        rejected++;
                        problems.AddRange(result.Problems.Where(p => p.Severity == Workbooks.Severity.Error).Select(p => $"{p.File}!{p.Sheet}!{p.Cell}: {p.Message}"));
                    }
                }
                // Forward only: a re-run never moves a round back (from published, say).
                var tracked = await db.Rounds.SingleAsync(r => r.Id == round.Id, ct);
                if (tracked.Stage < RoundStage.Appraisal2)
                {
                    tracked.Stage = RoundStage.Appraisal2;
                    tracked.Version++;
                    await db.SaveChangesAsync(ct);
                }
            }
            foreach (var path in DataFolder.Workbooks(data.Surveys(year)))
            {
                var content = await File.ReadAllBytesAsync(path, ct);
                var name = Path.GetFileName(path);
                var sha = Store.Sha256(content);
                if (await db.SurveyImports.AnyAsync(s => s.Year == year && s.FileName == name && s.Active && s.Sha256 == sha, ct))
                {
                    surveys++;
                    continue;
                }
                try
                {
                    await mediator.Send(new ImportSurvey(request.Actor, year, name, content), ct);
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
