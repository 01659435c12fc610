namespace TrainingJobs.Supervisor;

/// <summary>Hosts one local job until it ends: see <c>TrainingJobs.Sdk.Local.Supervision.Supervisor</c>.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => Sdk.Local.Supervision.Supervisor.RunAsync(args);
}
