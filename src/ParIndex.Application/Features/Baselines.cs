using MediatR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Data;
using ParIndex.Scoring;
using ParIndex.Workbooks.Safety;

namespace ParIndex.Application.Features;

/// <summary>An imported annex as the API and the pages show it.</summary>
public sealed record BaselineDto(int Id, int Year, string Group, string GroupName, string FileName, int Units,
    DateTime ImportedAt, string ImportedBy);

/// <summary>
/// Imports the annex a province published for <paramref name="Year"/> and <paramref name="Group"/> as that group's
/// baseline (practice.md §3; office only): the previous year of Y+1, exactly as <c>&lt;Y&gt;/published/&lt;group&gt;.xlsx</c>
/// is in a data folder. Every unmatched row and every unit without a row is listed (file, sheet, cell) and nothing
/// is stored while any fails. Refused for a group the year has a round of: that year is computed from its own
/// inputs, and an annex never changes a computed year. A second import for the same year and group replaces the first.
/// </summary>
public sealed record ImportBaseline(Actor Actor, int Year, string Group, string FileName, byte[] Content) : IRequest<BaselineDto>;

/// <summary>The imported annexes (office and leadership).</summary>
public sealed record ListBaselines(Actor Actor) : IRequest<IReadOnlyList<BaselineDto>>;

internal sealed class BaselineHandlers(ParIndexDb db, WorkbookSettings limits, TimeProvider clock) :
    IRequestHandler<ImportBaseline, BaselineDto>,
    IRequestHandler<ListBaselines, IReadOnlyList<BaselineDto>>
{
    private static BaselineDto Dto(BaselineRecord r) => new(r.Id, r.Year, r.Group, Labels.Group(r.Group, Labels.Vietnamese), r.FileName, r.Units,
        r.ImportedAt, r.ImportedBy);

    public async Task<BaselineDto> Handle(ImportBaseline request, CancellationToken ct)
    {
        request.Actor.RequireOffice();
        var group = request.Group.Trim();
        var units = await Store.UnitsAsync(db, ct);
        if (!units.Any(u => u.Group == group))
            throw new InvalidRequestException($"Không có đơn vị nào thuộc khối «{group}»; phụ lục phải là của một khối đã có trong danh sách đơn vị.");
        if (!units.Any(u => u.Group == group && u.IsAssessedIn(request.Year)))
            throw new InvalidRequestException($"Năm {request.Year} không có đơn vị nào của {Labels.Lower(Labels.Group(group, Labels.Vietnamese))} được đánh giá.");
        if (await db.Rounds.AnyAsync(r => r.Year == request.Year && r.Group == group, ct))
            throw new ConflictException($"Năm {request.Year} đã có vòng đánh giá {Labels.Lower(Labels.Group(group, Labels.Vietnamese))} trong ParIndex: " +
                "kết quả năm đó được tính từ dữ liệu đã nhập, phụ lục đã công bố không thay thế được.");

        var fileName = Path.GetFileName(request.FileName);
        // An annex is a small workbook, as a self-assessment is: the same limits before it is opened.
        if (WorkbookGuard.Check(new MemoryStream(request.Content, writable: false), fileName, limits.SelfAssessment) is { } refused)
            throw new WorkbookRejectedException($"Tệp phụ lục {fileName} bị từ chối; chưa lưu gì.", [refused]);
        var set = await db.CriteriaSets.AsNoTracking().SingleOrDefaultAsync(c => c.Year == request.Year && c.Group == group, ct);
        var annex = new AnnexInput(request.Year, group, fileName, request.Content,
            set is null ? null : new CriteriaInput(set.Group, set.Source, set.Yaml));
        var (read, _) = ComputeYear.ReadAnnex(annex, units);
        if (!read.Accepted)
            throw new WorkbookRejectedException($"Phụ lục {fileName} có {read.Problems.Count} lỗi; chưa lưu gì.", read.Problems);

        var record = await db.Baselines.SingleOrDefaultAsync(b => b.Year == request.Year && b.Group == group, ct);
        var replaced = record is not null;
        if (record is null)
        {
            record = new BaselineRecord { Year = request.Year, Group = group };
            db.Baselines.Add(record);
        }
        record.FileName = fileName;
        record.Content = request.Content;
        record.Sha256 = Store.Sha256(request.Content);
        record.Units = read.Results.Count;
        record.ImportedAt = clock.GetUtcNow().UtcDateTime;
        record.ImportedBy = request.Actor.Name;
        db.AuditContext.Reason ??= (replaced ? "Thay" : "Nhập") +
            $" phụ lục kết quả đã công bố năm {request.Year} của {Labels.Lower(Labels.Group(group, Labels.Vietnamese))} làm kết quả năm trước của năm {request.Year + 1}";
        await db.SaveChangesAsync(ct);
        return Dto(record);
    }

    public async Task<IReadOnlyList<BaselineDto>> Handle(ListBaselines request, CancellationToken ct)
    {
        if (request.Actor.Role == ActorRole.FocalPoint)
            throw new ForbiddenException("Danh sách phụ lục đã công bố dành cho Phòng CCHC và lãnh đạo.");
        return (await db.Baselines.AsNoTracking().OrderBy(b => b.Year).ThenBy(b => b.Group).ToListAsync(ct)).Select(Dto).ToList();
    }
}
