using System.Runtime.CompilerServices;

namespace TrainingJobs.Supervisor;

/// <summary>Hosts one local job until it ends: see <c>TrainingJobs.Sdk.Local.Supervision.Supervisor</c>.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        // First, before any TrainingJobs.Sdk type is touched: from the package, the supervisor runs from the app's
        // trainingjobs-supervisor/ folder, and the SDK and its dependencies are in the app's folder above it.
        // The native (NativeAOT) supervisor has nothing to load: its code is compiled in and SQLite is beside it.
        if (RuntimeFeature.IsDynamicCodeSupported) AppAssemblies.Install(AppContext.BaseDirectory);
        return Run(args);
    }

    // Not inlined, so that compiling Main does not load TrainingJobs.Sdk before the resolver is installed.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> Run(string[] args) => Sdk.Local.Supervision.Supervisor.RunAsync(args);
}
