using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Starts a job's supervisor detached from the caller: through <c>sh</c>, in the background, with its standard
/// streams on a log file (so it holds none of the caller's pipes), in a new session it creates itself. Returns its pid.
/// </summary>
internal static class SupervisorLauncher
{
    /// <summary>The file name of the supervisor program.</summary>
    public const string SupervisorFileName = "TrainingJobs.Supervisor.dll";

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
        foreach (var argument in new[]
                 {
                     "-c", script, "sh", logPath, DotnetHost(), "exec", supervisorPath, "--home", home, "--job", job,
                     "--limit", limit.ToString(CultureInfo.InvariantCulture), "--grace-ms", ((long)grace.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                     "--containment", containment.ToString(),
                 })
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

    /// <summary>
    /// Finds the supervisor program, in this order: the explicit path (<see cref="LocalWorkspaceOptions.SupervisorPath"/>),
    /// <c>$TRAININGJOBS_SUPERVISOR</c>, next to the application (a project reference to TrainingJobs.Supervisor),
    /// then <c>trainingjobs-supervisor/</c> under the application's folder (a package reference to TrainingJobs.Sdk).
    /// A path given explicitly that does not exist is an error, not a reason to look elsewhere: a supervisor from
    /// another place would be a silent surprise.
    /// </summary>
    /// <param name="explicitPath">The path the options give, if any.</param>
    /// <param name="getEnvironment">Reads an environment variable (tests replace it).</param>
    /// <param name="appDirectory">The application's folder; default <see cref="AppContext.BaseDirectory"/> (tests replace it).</param>
    public static string Locate(string? explicitPath, Func<string, string?>? getEnvironment = null, string? appDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Given(explicitPath, $"{nameof(LocalWorkspaceOptions)}.{nameof(LocalWorkspaceOptions.SupervisorPath)}");
        if ((getEnvironment ?? Environment.GetEnvironmentVariable)(SupervisorVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Given(fromEnvironment, "$" + SupervisorVariable);
        }
        var app = appDirectory ?? AppContext.BaseDirectory;
        foreach (var candidate in new[] { Path.Combine(app, SupervisorFileName), Path.Combine(app, PackagedFolder, SupervisorFileName) })
        {
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new InvalidOperationException(
            $"The local backend's supervisor ({SupervisorFileName}) was not found next to the application ({app}) nor in its {PackagedFolder}/ folder. "
            + $"An app that references the TrainingJobs.Sdk package gets it there when it is built or published; otherwise reference the TrainingJobs.Supervisor project, or set {SupervisorVariable}.");
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
