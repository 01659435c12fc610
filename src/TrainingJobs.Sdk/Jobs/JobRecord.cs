using System.Collections.ObjectModel;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// The evidence kept for a job: what was asked (the <see cref="Job"/>), what was resolved (code digest, inputs,
/// the command that actually ran, the environment mapping) and what came out (metrics, params, MLflow tags,
/// outputs).
/// </summary>
public sealed class JobRecord
{
    internal JobRecord(Job job) => Job = job;

    /// <summary>The job, with its status timeline and outcome.</summary>
    public Job Job { get; }

    /// <summary>The content digest of the code snapshot (in-toto <c>dirHash1</c>, SHA-256 hex), or null without code.</summary>
    public string? CodeDigest { get; internal init; }

    /// <summary>The command line after binding inputs and outputs, before any environment prefix.</summary>
    public string? BoundCommand { get; internal init; }

    /// <summary>The exact shell command line that ran (environment prefix included).</summary>
    public string? ExecutedCommand { get; internal init; }

    /// <summary>How the job's environment was mapped to this machine, in words.</summary>
    public string? EnvironmentResolution { get; internal init; }

    /// <summary>The inputs as resolved at submission.</summary>
    public IReadOnlyList<ResolvedInput> Inputs { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<ResolvedInput>.Empty;

    /// <summary>The named outputs and where they are in the workspace.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; internal init => field = ReadOnlyCopy.Map(value); } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>What each output held when the job ended: <c>dirHash1</c> (SHA-256), file count and bytes; <c>artifacts/outputs</c> is <c>./outputs</c>.</summary>
    public IReadOnlyDictionary<string, OutputDigest> OutputDigests { get; internal init => field = ReadOnlyCopy.Map(value); } = ReadOnlyDictionary<string, OutputDigest>.Empty;

    /// <summary>Who submitted the job (<c>user@host</c>).</summary>
    public string? SubmittedBy { get; internal init; }

    /// <summary>Every metric series logged through MLflow, by key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>> Metrics { get; internal init => field = ReadOnlyCopy.MapOfLists(value); } = ReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>.Empty;

    /// <summary>Parameters logged through MLflow.</summary>
    public IReadOnlyDictionary<string, string> Params { get; internal init => field = ReadOnlyCopy.Map(value); } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Tags set through MLflow (system tags such as <c>mlflow.user</c> included).</summary>
    public IReadOnlyDictionary<string, string> MlflowTags { get; internal init => field = ReadOnlyCopy.Map(value); } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Datasets the script declared with <c>mlflow.log_input</c> (MLflow <c>DatasetInput</c> JSON, as sent).</summary>
    public IReadOnlyList<string> MlflowDatasetInputs { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<string>.Empty;

    /// <summary>Models the script described with MLflow's <c>runs/log-model</c> (<c>MLmodel</c> JSON, as sent).</summary>
    public IReadOnlyList<string> MlflowModels { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<string>.Empty;

    /// <summary>The environment the definition asked for (e.g. <c>azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest</c>), or null.</summary>
    public string? EnvironmentRequested { get; internal init; }

    /// <summary>Where the job ran.</summary>
    public ComputeInfo? Compute { get; internal init; }

    /// <summary>The git state of the code folder at submission, or null when it is not in a git work tree (or the job has no code).</summary>
    public GitState? Git { get; internal init; }

    /// <summary>Every file of the code snapshot with its SHA-256 (the list <see cref="CodeDigest"/> digests), in <c>dirHash1</c> order.</summary>
    public IReadOnlyList<FileDigest> CodeFiles { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<FileDigest>.Empty;

    /// <summary>Every file of each asset input as the job was given it, with its SHA-256, by input name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FileDigest>> InputFiles { get; internal init => field = ReadOnlyCopy.MapOfLists(value); } =
        ReadOnlyDictionary<string, IReadOnlyList<FileDigest>>.Empty;

    /// <summary>Every file of each output when the job ended, with its SHA-256, by output name (<c>artifacts/outputs</c> is <c>./outputs</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FileDigest>> OutputFiles { get; internal init => field = ReadOnlyCopy.MapOfLists(value); } =
        ReadOnlyDictionary<string, IReadOnlyList<FileDigest>>.Empty;

    /// <summary>
    /// Where each part of the record came from, by part: <c>definition</c>, <c>status</c>, <c>code</c>, <c>git</c>, <c>inputs</c>,
    /// <c>outputs</c>, <c>environment</c>, <c>compute</c>, <c>submitter</c>, <c>metrics</c>, <c>params</c>, <c>tags</c>, <c>models</c>.
    /// A part the record does not hold is not listed.
    /// </summary>
    public IReadOnlyDictionary<string, FactSource> Sources { get; internal init => field = ReadOnlyCopy.Map(value); } = ReadOnlyDictionary<string, FactSource>.Empty;

    /// <summary>Warnings raised while planning the job (e.g. an environment with no local mapping).</summary>
    public IReadOnlyList<string> Warnings { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<string>.Empty;

    /// <summary>
    /// The record as JSON, in the documented form of <c>docs/schemas/job-record.schema.json</c>: deterministic (the same
    /// record always gives the same bytes), with each part's source (observed, service or reported).
    /// </summary>
    public string ToJson() => Lineage.RecordDocument.Write(this);
}

/// <summary>An input as the backend resolved it.</summary>
/// <param name="Name">The input name.</param>
/// <param name="Kind"><c>literal</c> or the asset type (<c>uri_file</c>, <c>uri_folder</c>, …).</param>
/// <param name="Value">The literal text, or the local path the job was given.</param>
/// <param name="Sha256">The content digest of a file (SHA-256) or folder (<c>dirHash1</c>); null for literals.</param>
public sealed record ResolvedInput(string Name, string Kind, string Value, string? Sha256);

/// <summary>One logged metric value.</summary>
/// <param name="Key">The metric name.</param>
/// <param name="Value">The value (NaN and infinities allowed, as MLflow allows them).</param>
/// <param name="Step">The step.</param>
/// <param name="LoggedOn">When the script logged it (MLflow's <c>timestamp</c>).</param>
public sealed record MetricPoint(string Key, double Value, long Step, DateTimeOffset LoggedOn);

/// <summary>The content of an output when its job ended.</summary>
/// <param name="Sha256">The in-toto <c>dirHash1</c> of the folder (SHA-256 hex).</param>
/// <param name="FileCount">How many files it held.</param>
/// <param name="Bytes">How many bytes it held.</param>
public sealed record OutputDigest(string Sha256, int FileCount, long Bytes);

/// <summary>One file of a code snapshot, an input or an output.</summary>
/// <param name="Path">The path relative to its folder, with <c>/</c> separators.</param>
/// <param name="Sha256">SHA-256 of its bytes (hex); for a link, of <c>symlink:</c> and its target, as <c>dirHash1</c> records links.</param>
/// <param name="Size">Its size in bytes (a link's: the length of its target).</param>
/// <param name="IsLink">Whether it is a symbolic link (kept as a link, never followed).</param>
public sealed record FileDigest(string Path, string Sha256, long Size, bool IsLink = false);

/// <summary>The git state of a job's code folder at submission.</summary>
/// <param name="Commit">The commit checked out (<c>HEAD</c>), or null in a repository with no commit yet.</param>
/// <param name="Branch">The branch checked out, or null on a detached <c>HEAD</c>.</param>
/// <param name="IsDirty">Whether the work tree had changes (tracked or untracked files) against the commit.</param>
/// <param name="RemoteUrl">The <c>origin</c> remote's URL with any user name, password or token removed, or null.</param>
public sealed record GitState(string? Commit, string? Branch, bool IsDirty, string? RemoteUrl);

/// <summary>Where a job ran.</summary>
/// <param name="Kind"><c>local</c>, or the compute type Azure ML reports.</param>
/// <param name="Target">The compute the definition named (<c>azureml:cpu-cluster</c>), or null.</param>
/// <param name="Host">The machine's name (local jobs).</param>
/// <param name="OperatingSystem">The operating system (local jobs).</param>
/// <param name="ProcessorCount">Logical processors of the machine (local jobs).</param>
public sealed record ComputeInfo(string Kind, string? Target, string? Host, string? OperatingSystem, int? ProcessorCount);

/// <summary>Where a fact in a <see cref="JobRecord"/> came from: auditors must tell measured facts from claimed ones.</summary>
public enum FactSource
{
    /// <summary>Measured by this SDK: the local runner, or the client at submission (digests, git state, the submitter).</summary>
    Observed,

    /// <summary>Returned by the Azure ML service.</summary>
    Service,

    /// <summary>Reported by the training script (through MLflow: metrics, params, tags, models).</summary>
    Reported,
}
