using Spectre.Console;

namespace ParIndex.Cli;

/// <summary>The console for tables and progress: wide enough for a ranking when output is redirected.</summary>
internal static class Terminal
{
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }
}
