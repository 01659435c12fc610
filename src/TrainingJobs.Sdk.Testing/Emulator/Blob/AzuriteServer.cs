using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Testing.Emulator.Blob;

/// <summary>
/// A real Azurite Blob service (the npm package <c>azurite</c>, installed into <c>tools/azurite</c> by the test command)
/// run as a child process on loopback; disposing it kills the whole process tree.
/// </summary>
internal sealed partial class AzuriteServer : IAsyncDisposable
{
    /// <summary>The environment variable that names the <c>azurite-blob</c> executable when it is not found under <c>tools/azurite</c>.</summary>
    public const string ExecutableVariable = "TRAININGJOBS_AZURITE";

    /// <summary>The well-known Azurite development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known (public) key of <see cref="AccountName"/>, documented by Azurite.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string ExecutableName = OperatingSystem.IsWindows() ? "azurite-blob.cmd" : "azurite-blob";
    private static readonly string RelativePath = Path.Combine("tools", "azurite", "node_modules", ".bin", ExecutableName);

    private readonly Process _process;

    private AzuriteServer(Process process, Uri serviceUri)
    {
        _process = process;
        ServiceUri = serviceUri;
    }

    /// <summary>The blob service URL of the development account (<c>http://127.0.0.1:port/devstoreaccount1</c>).</summary>
    public Uri ServiceUri { get; }

    [GeneratedRegex(@"successfully listens on (http://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Finds <c>azurite-blob</c>: <see cref="ExecutableVariable"/>, then <c>tools/azurite</c> in or above the app's and the current folder.</summary>
    /// <returns>The executable's path.</returns>
    /// <exception cref="FileNotFoundException">Azurite is not installed where it is looked for.</exception>
    public static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{ExecutableVariable} names '{configured}', which does not exist.", configured);
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new FileNotFoundException(
            $"Azurite (azurite-blob) was not found: not in {ExecutableVariable}, nor at {RelativePath} in or above '{AppContext.BaseDirectory}' or "
            + $"'{Directory.GetCurrentDirectory()}'. Run ./test.sh once (it installs Azurite with `npm ci --prefix tools/azurite`), set {ExecutableVariable} "
            + "to an azurite-blob executable, or give the emulator an existing Blob endpoint (AzureMLEmulatorOptions.BlobEndpoint).");
    }

    /// <summary>Starts Azurite on a free loopback port and returns when it accepts requests.</summary>
    /// <param name="location">The folder Azurite keeps its data in.</param>
    /// <param name="executable">The <c>azurite-blob</c> to run; found by <see cref="FindExecutable"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start (the process is killed).</param>
    public static async Task<AzuriteServer> StartAsync(string location, string? executable = null, CancellationToken cancellationToken = default)
    {
        executable ??= FindExecutable();
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Port 0: the system picks a free port, which Azurite prints (--silent turns off only the access log); telemetry
        // off, as nothing outside may be reached.
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", "0", "--location", location, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"'{executable}' did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"Azurite exited before it listened. Its output:\n{Snapshot(output)}"));
                return;
            }
            // Only the start is kept, for the error above: a long-running emulator must not buffer Azurite's output.
            if (listening.Task.IsCompleted)
            {
                return;
            }
            Append(output, e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && !listening.Task.IsCompleted)
            {
                Append(output, e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var root = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return new AzuriteServer(process, new Uri(root, AccountName));
        }
        catch (Exception e)
        {
            Kill(process);
            process.Dispose();
            if (e is TimeoutException)
            {
                throw new TimeoutException($"Azurite did not say it listens within 60 s. Its output:\n{Snapshot(output)}", e);
            }
            throw;
        }
    }

    private static void Append(System.Text.StringBuilder output, string line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            // The whole tree: azurite-blob is a node script that may run under a shell wrapper.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Kills Azurite and its children and waits for it to exit.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
