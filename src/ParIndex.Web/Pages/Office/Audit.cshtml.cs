using MediatR;
using ParIndex.Application.Features;

namespace ParIndex.Web.Pages.Office;

/// <summary>The audit log, newest first, filtered by entity and user, a page at a time.</summary>
public sealed class AuditModel(IMediator mediator) : OfficePageModel(mediator)
{
    public const int PageSize = 50;

    public IReadOnlyList<AuditDto> Rows { get; private set; } = [];
    public string? Entity { get; private set; }
    public string? UserName { get; private set; }
    public long? BeforeId { get; private set; }

    /// <summary>The next page's first id, when there is more.</summary>
    public long? Next => Rows.Count == PageSize ? Rows[^1].Id : null;

    public async Task OnGetAsync(string? entity, string? user, long? beforeId)
    {
        Entity = string.IsNullOrWhiteSpace(entity) ? null : entity.Trim();
        UserName = string.IsNullOrWhiteSpace(user) ? null : user.Trim();
        BeforeId = beforeId;
        await TryAsync(async () => Rows = await Mediator.Send(new ListAudit(Actor, Entity, UserName, PageSize, beforeId)));
    }
}
