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

    /// <summary>Warnings raised while planning the job (e.g. an environment with no local mapping).</summary>
    public IReadOnlyList<string> Warnings { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<string>.Empty;
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
