namespace TrainingJobs.Sdk.Testing;

/// <summary>Marks the testing package; the fake client and emulator arrive with the backends they imitate.</summary>
public static class TestingAssembly
{
    /// <summary>The package name.</summary>
    public const string Name = "TrainingJobs.Sdk.Testing";
}
