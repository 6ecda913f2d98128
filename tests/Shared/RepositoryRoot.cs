namespace ParIndex.Tests.Shared;

/// <summary>The repository's root: the folder above the test's output folder that holds ParIndex.sln.</summary>
internal static class RepositoryRoot
{
    /// <summary>The solution file that marks the root.</summary>
    public const string Marker = "ParIndex.sln";

    public static string Path { get; } = Find(AppContext.BaseDirectory);

    private static string Find(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, Marker))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException($"{Marker} not found above {start}");
    }
}
