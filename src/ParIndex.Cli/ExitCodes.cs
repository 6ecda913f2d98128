namespace ParIndex.Cli;

/// <summary>The command line's exit codes, a contract for the office's scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int InputErrors = 1;
    public const int Usage = 2;
}
