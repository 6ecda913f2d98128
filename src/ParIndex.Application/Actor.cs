namespace ParIndex.Application;

/// <summary>
/// Who is asking (người dùng): their name, role and, for a focal point, their unit. Handlers check it
/// themselves, so the command line and the web get the same rules.
/// </summary>
/// <param name="Name">The user's name, written to the audit log.</param>
/// <param name="Role">The role (vai trò); batch work acts as the office.</param>
/// <param name="UnitCode">The focal point's or the appraiser's unit.</param>
public sealed record Actor(string Name, ActorRole Role, string? UnitCode = null)
{
    /// <summary>The command line and seeding: full rights.</summary>
    public static Actor System { get; } = new("system", ActorRole.Office);

    /// <summary>Anyone reading the public results page without signing in.</summary>
    public static Actor Public { get; } = new("công chúng", ActorRole.Public);

    /// <summary>True for the reform office.</summary>
    public bool IsOffice => Role == ActorRole.Office;

    /// <summary>True for a specialist department's appraiser.</summary>
    public bool IsAppraiser => Role == ActorRole.Appraiser;

    /// <summary>True for a unit's focal point.</summary>
    public bool IsFocalPoint => Role == ActorRole.FocalPoint;

    /// <summary>Refuses anyone but the office.</summary>
    public void RequireOffice()
    {
        if (!IsOffice) throw new ForbiddenException("Chỉ Phòng CCHC (Sở Nội vụ) được thực hiện thao tác này.");
    }

    /// <summary>Refuses anyone who may not read a unit's data: the office and leadership read all, a focal point only their own unit.</summary>
    public void RequireRead(string unitCode)
    {
        if (Role == ActorRole.FocalPoint && UnitCode != unitCode)
            throw new ForbiddenException($"Tài khoản đầu mối của đơn vị {UnitCode} không được xem dữ liệu của đơn vị {unitCode}.");
    }

    /// <summary>Refuses anyone who may not change a unit's submission: the office, or the unit's own focal point.</summary>
    public void RequireWrite(string unitCode)
    {
        if (IsOffice) return;
        if (Role == ActorRole.FocalPoint && UnitCode == unitCode) return;
        throw new ForbiddenException(Role switch
        {
            ActorRole.FocalPoint => $"Tài khoản đầu mối của đơn vị {UnitCode} không được thay đổi dữ liệu của đơn vị {unitCode}.",
            ActorRole.Appraiser => "Tài khoản thẩm định chỉ ghi điểm thẩm định các tiêu chí được giao, không thay đổi dữ liệu của đơn vị.",
            _ => "Tài khoản lãnh đạo chỉ được xem, không được thay đổi dữ liệu.",
        });
    }
}
