using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Starts a job's supervisor detached from the caller: through <c>sh</c>, in the background, with its standard
/// streams on a log file (so it holds none of the caller's pipes), in a new session it creates itself. Returns its pid.
/// The native supervisor (NativeAOT, one executable per runtime identifier) is run directly; the JIT one through
/// <c>dotnet exec</c>.
/// </summary>
/// <remarks>
/// The short-lived <c>sh</c> stays on purpose: the supervisor must not be a child of the submitting process (a
/// .NET process reaps only the children it started with <see cref="Process"/>, so a spawned supervisor would stay a
/// zombie after it ends, and a zombie answers <c>kill(pid, 0)</c> as if it were alive). Backgrounded by a shell that
/// exits at once, it is re-parented to init (or the nearest subreaper), which reaps it.
/// </remarks>
internal static class SupervisorLauncher
{
    /// <summary>The file name of the supervisor program.</summary>
    public const string SupervisorFileName = "TrainingJobs.Supervisor.dll";

    /// <summary>The file name of the native (NativeAOT) supervisor, under <c>trainingjobs-supervisor/native/&lt;rid&gt;/</c>.</summary>
    public const string NativeFileName = "TrainingJobs.Supervisor";

    /// <summary>The folder, under <see cref="PackagedFolder"/>, that holds one folder of native supervisor files per runtime identifier.</summary>
    public const string NativeFolder = "native";

    /// <summary>The variable that can point at the supervisor program.</summary>
    public const string SupervisorVariable = "TRAININGJOBS_SUPERVISOR";

    public static async Task<int> LaunchAsync(string supervisorPath, string home, string job, int limit, TimeSpan grace, string logPath, CancellationToken cancellationToken,
        ContainmentPreference containment = ContainmentPreference.Automatic)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        const string script = "log=\"$1\"; shift; \"$@\" </dev/null >>\"$log\" 2>&1 & echo $!";
        string[] arguments =
        [
            "-c", script, "sh", logPath, .. Program(supervisorPath), "--home", home, "--job", job,
            "--limit", limit.ToString(CultureInfo.InvariantCulture), "--grace-ms", ((long)grace.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--containment", containment.ToString(),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh to launch the supervisor.");
        shell.StandardInput.Close();
        var output = await shell.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var error = await shell.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await shell.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (!int.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw new InvalidOperationException($"Could not launch the supervisor: {error.Trim()}");
        }
        return pid;
    }

    /// <summary>
    /// The folder, under the application's folder, where the TrainingJobs.Sdk package's build targets copy the
    /// supervisor (<c>buildTransitive/TrainingJobs.Sdk.targets</c>). A folder of its own, because the supervisor
    /// ships without a <c>.deps.json</c> and must not be confused with the application's own files.
    /// </summary>
    public const string PackagedFolder = "trainingjobs-supervisor";

    /// <summary>How a supervisor program is started: a <c>.dll</c> through the <c>dotnet</c> host, anything else (the native one) as itself.</summary>
    internal static IReadOnlyList<string> Program(string supervisorPath) =>
        IsJit(supervisorPath) ? [DotnetHost(), "exec", supervisorPath] : [supervisorPath];

    private static bool IsJit(string supervisorPath) => supervisorPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Finds the supervisor program, in this order: the explicit path (<see cref="LocalWorkspaceOptions.SupervisorPath"/>),
    /// <c>$TRAININGJOBS_SUPERVISOR</c>, the native supervisor for this runtime identifier in
    /// <c>trainingjobs-supervisor/native/&lt;rid&gt;/</c> (a package reference to TrainingJobs.Sdk, where the package has
    /// one for this machine), the JIT one next to the application (a project reference to TrainingJobs.Supervisor),
    /// then the JIT one in <c>trainingjobs-supervisor/</c> (a package reference: the fallback on every platform).
    /// A path given explicitly that does not exist is an error, not a reason to look elsewhere: a supervisor from
    /// another place would be a silent surprise. A native file that is not executable is passed over.
    /// </summary>
    /// <param name="explicitPath">The path the options give, if any.</param>
    /// <param name="getEnvironment">Reads an environment variable (tests replace it).</param>
    /// <param name="appDirectory">The application's folder; default <see cref="AppContext.BaseDirectory"/> (tests replace it).</param>
    /// <param name="runtimeIdentifier">This machine's runtime identifier; default <see cref="RuntimeInformation.RuntimeIdentifier"/> (tests replace it).</param>
    public static string Locate(string? explicitPath, Func<string, string?>? getEnvironment = null, string? appDirectory = null, string? runtimeIdentifier = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Given(explicitPath, $"{nameof(LocalWorkspaceOptions)}.{nameof(LocalWorkspaceOptions.SupervisorPath)}");
        if ((getEnvironment ?? Environment.GetEnvironmentVariable)(SupervisorVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Given(fromEnvironment, "$" + SupervisorVariable);
        }
        var app = appDirectory ?? AppContext.BaseDirectory;
        var native = Path.Combine(app, PackagedFolder, NativeFolder, runtimeIdentifier ?? RuntimeInformation.RuntimeIdentifier, NativeFileName);
        if (IsExecutable(native)) return Path.GetFullPath(native);
        foreach (var candidate in new[] { Path.Combine(app, SupervisorFileName), Path.Combine(app, PackagedFolder, SupervisorFileName) })
        {
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new InvalidOperationException(
            $"The local backend's supervisor ({SupervisorFileName}) was not found next to the application ({app}) nor in its {PackagedFolder}/ folder. "
            + $"An app that references the TrainingJobs.Sdk package gets it there when it is built or published; otherwise reference the TrainingJobs.Supervisor project, or set {SupervisorVariable}.");
    }

    /// <summary>
    /// Whether a file exists and its owner may run it. A package restore does not always keep the execute bit
    /// (the package's build targets set it again when they copy the file); without it the JIT supervisor runs.
    /// </summary>
    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
    }

    private static string Given(string path, string source) =>
        File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new InvalidOperationException($"The supervisor program that {source} names ({path}) does not exist.");

    /// <summary>The <c>dotnet</c> host that runs this process's runtime (<c>&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;v&gt;/</c> → <c>&lt;root&gt;/dotnet</c>).</summary>
    private static string DotnetHost()
    {
        var fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        if (File.Exists(fromRuntime)) return fromRuntime;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        return "dotnet";
    }
}
