namespace TrainingJobs.Sdk.Testing;

/// <summary>Marks the testing package (its name and version are kept in line with TrainingJobs.Sdk); the helpers live in sub-namespaces such as <c>Emulator</c>.</summary>
public static class TestingAssembly
{
    /// <summary>The package name.</summary>
    public const string Name = "TrainingJobs.Sdk.Testing";
}
