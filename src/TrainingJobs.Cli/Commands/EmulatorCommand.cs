using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Cli.Commands;

/// <summary>
/// <c>tj emulator start</c>: runs the Azure ML emulator (<see cref="AzureMLEmulator"/>) in the foreground until
/// SIGINT or SIGTERM, and writes an env file that points every <c>tj job</c> verb, and curl or Python clients, at it.
/// </summary>
internal static class EmulatorCommand
{
    /// <summary>Builds the <c>emulator</c> command and its verbs.</summary>
    /// <param name="context">Where output goes.</param>
    public static Command Build(CliContext context)
    {
        var emulator = new Command("emulator", "Run the Azure ML emulator: the ARM job protocol (2025-12-01) over HTTPS on loopback, for tests and offline use.");
        emulator.Subcommands.Add(BuildStart(context));
        return emulator;
    }

    private static Command BuildStart(CliContext context)
    {
        var command = new Command("start",
            "Start the emulator in the foreground until Ctrl+C or SIGTERM. When it is ready it writes --env-file: after `set -a; . FILE`, every `tj job` verb targets the emulator's workspace.");
        var envFile = new Option<string>("--env-file") { Description = "The KEY=VALUE file to write when ready (shell- and dotenv-compatible); deleted when the emulator stops.", Required = true };
        var port = new Option<int>("--port") { Description = "The HTTPS port of the ARM endpoint (0, the default: a free port)." };
        var data = new Option<string>("--data") { Description = "The folder for Azurite's data and the jobs' working folders (kept after it stops); a temporary folder, deleted when it stops, by default." };
        var blobEndpoint = new Option<string>("--blob-endpoint") { Description = "Use this running Azurite (e.g. http://127.0.0.1:10000/devstoreaccount1) instead of starting one." };
        var requestLog = new Option<string>("--request-log") { Description = "Append one JSON line per request to this file (tokens, keys and SAS signatures redacted)." };
        var faultRate = new Option<double>("--fault-rate") { Description = "The share of ARM requests answered with an injected fault (429 with Retry-After, 500, 503), 0 to 1." };
        var faultSeed = new Option<int>("--fault-seed") { Description = "The seed of the fault sequence, so a run can be repeated." };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535) result.AddError("--port must lie between 0 and 65535.");
        });
        faultRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var rate && (rate is < 0 or > 1 || double.IsNaN(rate))) result.AddError("--fault-rate must lie between 0 and 1.");
        });
        blobEndpoint.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                result.AddError($"--blob-endpoint: {TerminalText.Quote(value)} is not an absolute http(s) URL.");
            }
        });
        foreach (var option in new Option[] { envFile, port, data, blobEndpoint, requestLog, faultRate, faultSeed }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var envPath = Path.GetFullPath(parse.GetValue(envFile)!, context.WorkingDirectory);
            var options = new AzureMLEmulatorOptions
            {
                Port = parse.GetValue(port),
                DataDirectory = parse.GetValue(data) is { Length: > 0 } folder ? Path.GetFullPath(folder, context.WorkingDirectory) : null,
                BlobEndpoint = parse.GetValue(blobEndpoint) is { Length: > 0 } endpoint ? new Uri(endpoint) : null,
                RequestLogPath = parse.GetValue(requestLog) is { Length: > 0 } log ? Path.GetFullPath(log, context.WorkingDirectory) : null,
                FaultRate = parse.GetValue(faultRate),
                FaultSeed = parse.GetValue(faultSeed),
            };
            return await RunAsync(context, envPath, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string envPath, AzureMLEmulatorOptions options, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(envPath) is { } folder && !Directory.Exists(folder))
        {
            await context.Error.WriteLineAsync(TerminalText.Neutralize($"error: --env-file: the folder '{folder}' does not exist.")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SIGINT arrives through the cancellation token (Program handles Ctrl+C); SIGTERM, what service managers and
        // `kill` send, must stop it the same way, so that the env file is removed.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        var certificatePath = envPath + ".pem";
        AzureMLEmulator emulator;
        try
        {
            emulator = await AzureMLEmulator.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Kestrel reports a port in use as an IOException (AddressInUseException); Azurite that cannot be found or
            // started is a FileNotFoundException (an IOException), InvalidOperationException, TimeoutException or
            // Win32Exception, each with a message that says what to do.
            await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"error: the emulator could not start: {e.Message}")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        await using (emulator.ConfigureAwait(false))
        {
            try
            {
                emulator.WriteCertificatePem(certificatePath);
                WriteAtomically(envPath, EnvFile(emulator, certificatePath));
                var workspace = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}";
                await context.Out.WriteLineAsync($"Azure ML emulator ready: ARM endpoint {emulator.ArmEndpoint}, workspace {workspace}").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"Env file: {envPath} (use it with: set -a; . {envPath}; set +a). Stop with Ctrl+C.").ConfigureAwait(false);
                await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped by a signal: the normal way out.
            }
            finally
            {
                // A stale env file would point the next shell at a port nobody serves.
                File.Delete(envPath);
                File.Delete(certificatePath);
            }
        }
        await context.Out.WriteLineAsync("Azure ML emulator stopped.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The env file: the <c>TRAININGJOBS_*</c> workspace selection (<see cref="WorkspaceTarget"/>), the managed-identity
    /// endpoint an unchanged <c>DefaultAzureCredential</c> (.NET or Python) signs in with, and the CA file for Python
    /// requests and curl.
    /// </summary>
    internal static string EnvFile(AzureMLEmulator emulator, string certificatePath)
    {
        var lines = new (string Key, string Value)[]
        {
            (WorkspaceTarget.SubscriptionVariable, emulator.SubscriptionId),
            (WorkspaceTarget.ResourceGroupVariable, emulator.ResourceGroupName),
            (WorkspaceTarget.WorkspaceVariable, emulator.WorkspaceName),
            (WorkspaceTarget.ArmEndpointVariable, emulator.ArmEndpoint.ToString()),
            (WorkspaceTarget.ArmCertificateVariable, certificatePath),
            (WorkspaceTarget.BlobEndpointVariable, emulator.BlobServiceUri.ToString()),
            ("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.ToString()),
            ("IDENTITY_HEADER", emulator.IdentityHeader),
            ("REQUESTS_CA_BUNDLE", certificatePath),
            ("CURL_CA_BUNDLE", certificatePath),
        };
        var text = new StringBuilder("# Written by `tj emulator start`; valid while it runs. Use: set -a; . THIS_FILE; set +a\n");
        foreach (var (key, value) in lines) text.Append(CultureInfo.InvariantCulture, $"{key}={Quote(key, value)}\n");
        return text.ToString();
    }

    /// <summary>Single quotes: literal in POSIX shells and in dotenv parsers alike; a value that needs escaping inside them is refused, as the two disagree on how.</summary>
    private static string Quote(string key, string value) =>
        value.IndexOfAny(['\'', '\n', '\r']) >= 0
            ? throw new IOException($"The value of {key} ('{value}') holds a quote or a line break, which an env file cannot carry for both shells and dotenv; choose another path.")
            : $"'{value}'";

    /// <summary>Writes the file whole or not at all (temp file in the same folder, then rename), so a reader never sources half of it.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
