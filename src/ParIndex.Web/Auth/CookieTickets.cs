using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ParIndex.Web.Auth;

/// <summary>
/// What a signed-in request costs before it reaches a page: the sign-in cookie is decrypted and its ticket read once
/// per cookie (not once per request), and the security stamp is checked only when its interval has passed (not by
/// building the user manager on every request to find that out).
/// </summary>
internal static class CookieTickets
{
    /// <summary>How many decrypted cookies are kept at most, and for how long each.</summary>
    public const int Remembered = 10_000;
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddRememberedCookieTickets(this IServiceCollection services)
    {
        services.AddSingleton<RememberedTickets.Store>();
        // After the cookie handler's own post-configuration, which creates the ticket format from the data protector.
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, RememberTickets>();
        return services;
    }

    /// <summary>
    /// Identity's check of the security stamp, called only when it is due: the check itself compares the ticket's
    /// issue time with <see cref="SecurityStampValidatorOptions.ValidationInterval"/> before it reads the user, but
    /// resolving it builds the sign-in and user managers on every request.
    /// </summary>
    public static Task ValidateWhenDue(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && issued <= now && now - issued < options.ValidationInterval)
            return Task.CompletedTask;
        return SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private sealed class RememberTickets(RememberedTickets.Store store) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name != IdentityConstants.ApplicationScheme || options.TicketDataFormat is null or RememberedTickets) return;
            options.TicketDataFormat = new RememberedTickets(options.TicketDataFormat, store);
        }
    }
}

/// <summary>
/// A ticket format that keeps what it decrypted, by the exact protected text: the same cookie is the same ticket (the
/// text is authenticated), so decrypting it again on every request gives nothing but cost. Each caller gets its own
/// copy, since the cookie handler and the stamp check may change a ticket's properties and principal. Expiry is still
/// the handler's check on every request; a kept entry lives <see cref="CookieTickets.RememberFor"/> at most.
/// </summary>
internal sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner, RememberedTickets.Store store)
    : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>The kept tickets of the process, bounded in count.</summary>
    public sealed class Store : IDisposable
    {
        public MemoryCache Tickets { get; } = new(new MemoryCacheOptions { SizeLimit = CookieTickets.Remembered });
        public void Dispose() => Tickets.Dispose();
    }

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText)) return inner.Unprotect(protectedText, purpose);
        var key = (protectedText, purpose);
        if (!store.Tickets.TryGetValue(key, out AuthenticationTicket? kept))
        {
            kept = inner.Unprotect(protectedText, purpose);
            if (kept is null) return null; // a forged or expired-key cookie is not remembered
            store.Tickets.Set(key, kept, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CookieTickets.RememberFor });
        }
        return new AuthenticationTicket(kept!.Principal.Clone(), kept.Properties.Clone(), kept.AuthenticationScheme);
    }
}
