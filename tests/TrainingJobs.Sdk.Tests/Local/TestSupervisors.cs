using System.Runtime.InteropServices;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The two supervisors the local tests run: the JIT one (TrainingJobs.Supervisor.dll, beside the tests through the
/// project reference) and the native one test.sh publishes (artifacts/supervisor/&lt;rid&gt;/TrainingJobs.Supervisor).
/// </summary>
internal static class TestSupervisors
{
    /// <summary>
    /// The variable test.sh sets to the native supervisor it has just published, so that every <see cref="TempWorkspace"/>
    /// runs it; unset (a plain <c>dotnet test</c>) the workspaces run the JIT supervisor found beside the tests.
    /// Never a guess at the artifacts folder: a native build left from an older checkout would test old code.
    /// </summary>
    public const string Variable = "TRAININGJOBS_TEST_SUPERVISOR";

    /// <summary>What <see cref="TempWorkspace"/> puts in <c>SupervisorPath</c>: the variable's supervisor, or null (the SDK's own search).</summary>
    public static string? Default => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    /// <summary>The JIT supervisor beside the tests.</summary>
    public static string Jit => Path.Combine(AppContext.BaseDirectory, SupervisorLauncher.SupervisorFileName);

    /// <summary>The native supervisor test.sh published for this machine, when <see cref="Variable"/> names one; null otherwise.</summary>
    public static string? Native => Default is { } path && !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? path : null;

    /// <summary>This machine's runtime identifier, as the SDK's search uses it.</summary>
    public static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;
}
