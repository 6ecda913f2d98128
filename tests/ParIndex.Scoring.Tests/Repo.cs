namespace ParIndex.Scoring.Tests;

/// <summary>Finds the repository's folders from the test's output folder.</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("ParIndex.sln not found above the test folder");
        }
    }

    public static string Criteria => Path.Combine(Root, "scoring-criteria");
}
