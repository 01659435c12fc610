namespace TrainingJobs.Sdk.Tests;

/// <summary>Locations of the repository and of the shared corpus beside it.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding TrainingJobs.Sdk.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The shared folder next to the repository (<c>../shared</c>).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The corpus of real files to test against.</summary>
    public static string Corpus => Path.Combine(Shared, "corpus");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainingJobs.Sdk.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("TrainingJobs.Sdk.sln not found above the test folder.");
    }
}
