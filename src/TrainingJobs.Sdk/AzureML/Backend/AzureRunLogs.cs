using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Streaming;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// Which log files an Azure ML run has and where each is read: the one listing behind both the stream
/// (<see cref="AzureJobStream"/>, which follows them by ranges) and an evidence bundle's copy (which reads each whole,
/// streamed). The files are run history's <c>logFiles</c> (SAS URLs); when it lists none, the blobs under the run's log
/// prefix on its datastore, as azure-ai-ml lists them (<see cref="DatastoreLogsAsync"/>). Of those, the
/// <c>user_logs/</c> files by the local backend's rule (<see cref="LogFileNames"/>); when there are none, azure-ai-ml's
/// legacy file of the run's type (<see cref="LegacyLog"/>), rank 0.
/// </summary>
/// <param name="history">Run history (the <c>logFiles</c> of a run).</param>
/// <param name="sas">A pipeline without bearer authentication, for the SAS URLs (a bearer token there would be refused).</param>
internal sealed partial class AzureRunLogs(RunHistory history, HttpPipeline sas)
{
    private const string UserLogs = "user_logs/";

    /// <summary>
    /// The run of a job that is not a pipeline: its logs lie where its <c>default</c> output says, and print the secrets
    /// of its definition.
    /// </summary>
    public static AzureLogRun OwnRun(Job job) => new(job.Name, null, job.Definition.Kind,
        LogPlace(job.Name, job.Definition.Outputs.TryGetValue("default", out var output) ? output.Path : null), SecretsOf(job.Definition));

    /// <summary>A pipeline's step run (a command; its secrets those of the step's definition and component body, when known).</summary>
    public static AzureLogRun StepRun(PipelineJob pipeline, RunChild child)
    {
        var definition = pipeline.Steps.TryGetValue(child.Step, out var declared) ? declared : null;
        return new AzureLogRun(child.RunId, child.Step, JobKind.Command, LogPlace(child.RunId, null),
            definition is null ? SecretValues.None : SecretsOf(definition.Job, definition.Component?.Definition?.Body));
    }

    /// <summary>
    /// The secrets a run's logs may print: the values of its definition's environment variables that are secret by name
    /// or value (a sweep's, its trial's), as the service returns them. Whatever <see cref="SecretScanner"/> recognises
    /// is redacted besides. A component's variables are known when its body came with the definition.
    /// </summary>
    internal static SecretValues SecretsOf(params JobDefinition?[] definitions) =>
        SecretValues.Of(definitions.SelectMany(d => d switch
        {
            CommandJob command => command.EnvironmentVariables,
            SweepJob sweep => sweep.Trial.EnvironmentVariables,
            _ => ValueMap<string>.Empty,
        }));

    /// <summary>
    /// A run's log files, in order: the <c>user_logs/</c> files the local backend's rule follows, else the legacy file
    /// of its type. Each is named as run history names it (<c>user_logs/std_log.txt</c>).
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="datastores">The datastore clients, made at the first datastore listing.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async Task<IReadOnlyList<AzureLogFile>> ListAsync(AzureLogRun run, Lazy<DatastoreContainers> datastores, CancellationToken cancellationToken)
    {
        var listed = await LogFilesAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        if (listed.Count == 0) listed = await DatastoreLogsAsync(run.LogPlace, datastores, cancellationToken).ConfigureAwait(false);
        var userLogs = listed.Keys
            .Where(k => k.StartsWith(UserLogs, StringComparison.Ordinal) && k.IndexOf('/', UserLogs.Length) < 0)
            .Select(k => k[UserLogs.Length..])
            .ToList();
        var followed = LogFileNames.Followed(userLogs).Select(f => new AzureLogFile(UserLogs + f, LogFileNames.RankOf(f), listed[UserLogs + f])).ToList();
        if (followed.Count == 0)
        {
            followed = [.. listed.Keys.Where(k => LegacyLog(run.Kind).IsMatch(k)).Order(StringComparer.Ordinal).Select(k => new AzureLogFile(k, 0, listed[k]))];
        }
        return followed;
    }

    /// <summary>
    /// Opens a log file for reading from its first byte, streamed (nothing is buffered whole): a SAS URL through the
    /// unauthenticated pipeline, a datastore blob through its client. A file listed but not there (404: the run never
    /// wrote it, or it was removed) is refused with the reason; any other failure throws.
    /// </summary>
    public async Task<(Stream? Stream, string? Refusal)> OpenAsync(LogSource source, CancellationToken cancellationToken)
    {
        if (source.Blob is { } blob)
        {
            try
            {
                return ((await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Content, null);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return (null, $"listed on datastore blob {blob.BlobContainerName}/{blob.Name} but not found there (404)");
            }
        }
        using var message = sas.CreateMessage();
        message.BufferResponse = false;
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(source.Url!);
        await sas.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        // The SAS query is a credential: the refusal names the blob without it.
        if (response.Status == 404) return (null, $"listed by run history but not found at {source.Url!.GetLeftPart(UriPartial.Path)} (404)");
        if (response.Status != 200) throw new RequestFailedException(response);
        // Taken from the response, so disposing the message leaves it open for the reader (who disposes it).
        var body = response.ContentStream;
        response.ContentStream = null;
        return (body ?? new MemoryStream([]), null);
    }

    /// <summary>
    /// azure-ai-ml's fallback log names when a run has no <c>user_logs/</c> (older runtimes): a command's
    /// <c>azureml-logs/NN_….txt</c>, a sweep's <c>azureml-logs/hyperdrive.txt</c>. (A pipeline's own
    /// <c>logs/azureml/executionlogs.txt</c> is not among them: a pipeline's logs are its steps'.)
    /// </summary>
    internal static Regex LegacyLog(JobKind kind) => kind == JobKind.Sweep ? SweepLegacyLog() : CommandLegacyLog();

    [GeneratedRegex(@"^azureml-logs/[0-9]{2}.+\.txt$")]
    private static partial Regex CommandLegacyLog();

    [GeneratedRegex(@"^azureml-logs/hyperdrive\.txt$")]
    private static partial Regex SweepLegacyLog();

    /// <summary>
    /// Where a run's logs lie on a datastore: its <c>default</c> output's datastore path when it names one (as
    /// azure-ai-ml reads it), else Azure ML's default artifact path, <c>ExperimentRun/dcid.{run}</c> of
    /// <c>workspaceartifactstore</c>.
    /// </summary>
    private static (string Store, string Prefix) LogPlace(string run, string? defaultOutput) =>
        OutputDownloader.Place(defaultOutput, run, "default") ?? (OutputDownloader.ArtifactDatastore, $"ExperimentRun/dcid.{run}");

    /// <summary>
    /// The log blobs under a run's log prefix, named relative to it as run history names them: those under
    /// <c>user_logs/</c> and under the legacy folder <c>azureml-logs/</c>, as azure-ai-ml's <c>list_logs_in_datastore</c>
    /// lists them for a command or sweep. They are read through the datastore's client, not a SAS.
    /// </summary>
    private static async Task<Dictionary<string, LogSource>> DatastoreLogsAsync((string Store, string Prefix) place, Lazy<DatastoreContainers> datastores,
        CancellationToken cancellationToken)
    {
        var (store, prefix) = place;
        var container = await datastores.Value.GetAsync(store, cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, LogSource>(StringComparer.Ordinal);
        var root = prefix.TrimEnd('/') + "/";
        foreach (var folder in new[] { UserLogs, "azureml-logs/" })
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, root + folder, cancellationToken).ConfigureAwait(false))
            {
                if (item.Name.EndsWith('/')) continue;
                files[item.Name[root.Length..]] = new LogSource(null, container.GetBlobClient(item.Name));
            }
        }
        return files;
    }

    /// <summary>Run history's <c>logFiles</c> of a run: relative name → SAS URL.</summary>
    private async Task<Dictionary<string, LogSource>> LogFilesAsync(string name, CancellationToken cancellationToken)
    {
        var details = await history.DetailsAsync(name, cancellationToken).ConfigureAwait(false);
        return details.LogFiles.ToDictionary(f => f.Key, f => new LogSource(f.Value, null), StringComparer.Ordinal);
    }
}

/// <summary>A run whose logs are listed: a job itself (<see cref="Step"/> null) or a pipeline's step run.</summary>
/// <param name="RunId">Its run id.</param>
/// <param name="Step">The step it runs, for a pipeline's child run.</param>
/// <param name="Kind">Its job type, which names its legacy log file.</param>
/// <param name="LogPlace">Where its logs lie on a datastore, read when run history lists none.</param>
/// <param name="Secrets">What its log lines have redacted.</param>
internal sealed record AzureLogRun(string RunId, string? Step, JobKind Kind, (string Store, string Prefix) LogPlace, SecretValues Secrets);

/// <summary>One log file of a run.</summary>
/// <param name="Name">Its name as run history gives it, relative to the run's logs (<c>user_logs/std_log.txt</c>).</param>
/// <param name="Rank">The rank that wrote it (0 for a legacy file).</param>
/// <param name="Source">Where it is read.</param>
internal sealed record AzureLogFile(string Name, int Rank, LogSource Source);

/// <summary>Where a log file is read: a SAS URL from run history, or a blob listed on a datastore.</summary>
/// <param name="Url">The SAS URL, when run history listed it.</param>
/// <param name="Blob">The blob, when a datastore listing found it.</param>
internal sealed record LogSource(Uri? Url, BlobClient? Blob);
