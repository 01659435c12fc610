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

    /// <summary>Finds the supervisor program: the explicit path, <c>$TRAININGJOBS_SUPERVISOR</c>, next to the app, or next to this assembly.</summary>
    public static string Locate(string? explicitPath)
    {
        foreach (var candidate in new[]
                 {
                     explicitPath, Environment.GetEnvironmentVariable(SupervisorVariable), Path.Combine(AppContext.BaseDirectory, SupervisorFileName),
                     Path.Combine(Path.GetDirectoryName(typeof(SupervisorLauncher).Assembly.Location) ?? "", SupervisorFileName),
                 })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new InvalidOperationException(
            $"The local backend's supervisor ({SupervisorFileName}) was not found next to the application. Reference the TrainingJobs.Supervisor project, or set {SupervisorVariable}.");
    }

    /// <summary>The <c>dotnet</c> host that runs this process's runtime (<c>&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;v&gt;/</c> → <c>&lt;root&gt;/dotnet</c>).</summary>
    private static string DotnetHost()
    {
        var fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        if (File.Exists(fromRuntime)) return fromRuntime;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        return "dotnet";
    }
}
