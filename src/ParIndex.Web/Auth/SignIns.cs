using Microsoft.AspNetCore.Identity;
using ParIndex.Application.Features;

namespace ParIndex.Web.Auth;

/// <summary>How Identity's sign-in result is recorded in the audit log.</summary>
internal static class SignIns
{
    public static SignInOutcome Outcome(SignInResult result) =>
        result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
}
