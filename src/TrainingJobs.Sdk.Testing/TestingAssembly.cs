namespace TrainingJobs.Sdk.Testing;

/// <summary>Marks the testing package, which holds no test helpers yet (it keeps the package name and version in line with TrainingJobs.Sdk).</summary>
public static class TestingAssembly
{
    /// <summary>The package name.</summary>
    public const string Name = "TrainingJobs.Sdk.Testing";
}
