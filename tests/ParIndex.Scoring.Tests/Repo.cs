namespace ParIndex.Scoring.Tests;

/// <summary>Finds the repository's folders from the test's output folder.</summary>
internal static class Repo
{
    public static string Root => ParIndex.Tests.Shared.RepositoryRoot.Path;

    public static string Criteria => Path.Combine(Root, "scoring-criteria");
}
