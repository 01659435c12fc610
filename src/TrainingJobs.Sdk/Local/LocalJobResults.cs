using System.Text.Json;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local;

/// <summary>
/// A job's results, read from the workspace: its outputs downloaded, and its record (what it ran with, what it logged
/// to MLflow, what it produced). Reads through the backend, which checks the job's supervisor is alive first.
/// </summary>
internal sealed class LocalJobResults(LocalJobBackend backend, TimeProvider time)
{
    /// <summary>Copies a finished job's outputs (the default artifacts, named outputs, or both) under the download path.</summary>
    public DownloadResult Download(string name, DownloadOptions options, CancellationToken cancellationToken)
    {
        using var activity = LocalJobBackend.Activity.StartActivity("Download");
        activity?.SetTag("job.name", name);
        var row = backend.Read(name);
        var status = JobStatus.Parse(row.Status);
        if (!status.IsTerminal)
        {
            throw new RequestFailedException(409, $"Job '{name}' is {status}; download is allowed only once it is Completed, Failed or Canceled.", JobErrorCode.UserError.ToString(), null);
        }
        // A reused step's outputs are the original's: download follows the pointer, as azure-ai-ml does.
        if (row.ReusedFrom is { } original) return Download(original, options, cancellationToken);
        // A sweep's outputs are its best trial's, as az ml job download gives them.
        if (row.Kind == StoredJobKinds.Sweep)
        {
            return backend.ToJob(row).Definition.Properties.TryGetValue(Sweeps.SweepDriver.BestTrialProperty, out var best) && best is not null
                ? Download(best, options, cancellationToken)
                : throw new RequestFailedException(404, $"Sweep '{name}' has no best trial to download: no trial completed with its primary metric logged.",
                    JobErrorCode.UserError.ToString(), null);
        }
        var outputs = OutputFolders(row);
        if (options.OutputName is { } asked && !outputs.ContainsKey(asked) && asked != "default")
        {
            var known = outputs.Count == 0 ? "it has none" : "it has " + string.Join(", ", outputs.Keys);
            throw new RequestFailedException(400, $"Job '{name}' has no output named '{asked}' ({known}).", JobErrorCode.UserError.ToString(), null);
        }
        var root = Path.GetFullPath(options.DownloadPath ?? Directory.GetCurrentDirectory());
        var downloaded = new List<DownloadedOutput>();
        var missing = new List<string>();
        var skipped = new List<SkippedItem>();
        void Fetch(string outputName, string owner, string from, string to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (OutputDownload.Fetch(backend.Layout.JobFolder(owner), from, root, to, time) is not { } fetched)
            {
                missing.Add(outputName);
                return;
            }
            downloaded.Add(new DownloadedOutput(outputName, Path.Combine(root, to), fetched.Files, fetched.Bytes));
            skipped.AddRange(fetched.Skipped);
        }
        var wantsDefault = options.All || options.OutputName is null or "default";
        if (wantsDefault) Fetch("artifacts", name, backend.Layout.ArtifactsFolder(name), "artifacts");
        foreach (var (output, (owner, folder)) in outputs)
        {
            if (options.All || options.OutputName == output) Fetch(output, owner, folder, Path.Combine("named-outputs", output));
        }
        return new DownloadResult(downloaded, missing, skipped);
    }

    /// <summary>
    /// A job's named outputs: output → the job whose folder holds it and that folder. A pipeline's outputs are its steps'
    /// (the original's, for a reused step); a step not planned yet has none.
    /// </summary>
    private Dictionary<string, (string Owner, string Folder)> OutputFolders(JobRow row)
    {
        var layout = backend.Layout;
        if (row.Kind == StoredJobKinds.Pipeline)
        {
            var pipeline = JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.PipelinePlan)!;
            return pipeline.Outputs.ToDictionary(o => o.Key, o =>
            {
                var child = pipeline.Steps.First(s => s.Step == o.Value.Step).Child;
                var owner = backend.Store.Jobs.Get(child)?.ReusedFrom ?? child;
                return (owner, layout.NamedOutputFolder(owner, o.Value.Port));
            }, StringComparer.Ordinal);
        }
        return PlanOf(row) is { } plan
            ? plan.Outputs.Keys.ToDictionary(o => o, o => (row.Name, layout.NamedOutputFolder(row.Name, o)), StringComparer.Ordinal)
            : [];
    }

    /// <summary>A command job's plan; null for a pipeline, or a step whose upstream steps have not ended yet (it is planned then).</summary>
    private static LocalJobPlan? PlanOf(JobRow row) =>
        row.Kind == StoredJobKinds.Command && row.PlanJson != "{}" ? JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.LocalJobPlan) : null;

    /// <summary>Where each part of a local command job's record comes from: the runner measured all but what the script logged.</summary>
    private static readonly Dictionary<string, FactSource> LocalSources = new(StringComparer.Ordinal)
    {
        ["definition"] = FactSource.Observed, ["status"] = FactSource.Observed, ["code"] = FactSource.Observed, ["git"] = FactSource.Observed,
        ["inputs"] = FactSource.Observed, ["outputs"] = FactSource.Observed, ["environment"] = FactSource.Observed, ["compute"] = FactSource.Observed,
        ["submitter"] = FactSource.Observed, ["metrics"] = FactSource.Reported, ["params"] = FactSource.Reported, ["tags"] = FactSource.Reported,
        ["models"] = FactSource.Reported,
    };

    /// <summary>The folders of a job's artifacts that hold logs, as a bundle names them.</summary>
    private static readonly string[] LogFolders = ["user_logs", "system_logs"];

    /// <summary>
    /// A job's log files (every regular file of <c>artifacts/user_logs</c> and <c>artifacts/system_logs</c>) and its
    /// secrets. The job can write in its artifacts, so nothing is opened through a link and only regular files count.
    /// </summary>
    public JobLogFiles GetLogFiles(string name)
    {
        var row = backend.Read(name);
        var jobFolder = backend.Layout.JobFolder(name);
        var files = new List<JobLogFile>();
        foreach (var folder in LogFolders)
        {
            var full = Path.Combine(backend.Layout.ArtifactsFolder(name), folder);
            using var handle = DirectoryHandle.TryOpenBelow(jobFolder, full, out _);
            if (handle is null) continue;
            foreach (var entry in handle.ReadNames(TreeLimits.Default.MaxEntries, out _))
            {
                // A name that is not plain UTF-8 text could not be named in the bundle as it is: the supervisor writes none.
                var fileName = PathBytes.Display(entry);
                if (!System.Text.Encoding.UTF8.GetBytes(fileName).AsSpan().SequenceEqual(entry)) continue;
                if (handle.Status(PathBytes.Terminated(entry)).Kind != EntryKind.File) continue;
                var path = Path.Combine(full, fileName);
                files.Add(new JobLogFile($"{folder}/{fileName}", _ => Task.FromResult(OpenLog(jobFolder, path))));
            }
        }
        return new JobLogFiles(files, JobSecrets.Read(backend.Store, row.Name), null);
    }

    /// <summary>A log file, opened below the job's folder and never through a link (a local open is immediate).</summary>
    private static (Stream? Stream, string? Refusal) OpenLog(string jobFolder, string path) =>
        (DirectoryHandle.TryOpenFileBelow(jobFolder, path, out var refusal), refusal);

    /// <summary>The job's record: what it ran with (from its plan), what it logged to MLflow, and what it produced.</summary>
    /// <summary>
    /// A job's warnings alone, as its record lists them (<see cref="JobRecord.Warnings"/>): what <c>tj job create</c>
    /// prints after a submit, without reading the rest of the record (its definition, metrics, files).
    /// </summary>
    public IReadOnlyList<string> GetWarnings(string name)
    {
        var row = backend.Read(name);
        return PlanOf(row) is { } plan ? WarningsOf(name, plan, JobSecrets.Of(plan)) : backend.Store.Jobs.GetWarnings(name);
    }

    /// <summary>The planner's warnings, then those the job's supervisor recorded; redacted as the record is.</summary>
    private IReadOnlyList<string> WarningsOf(string name, LocalJobPlan plan, SecretValues secrets) =>
        [.. plan.Warnings.Select(secrets.Redact), .. backend.Store.Jobs.GetWarnings(name).Select(secrets.Redact)];

    public JobRecord GetRecord(string name)
    {
        var row = backend.Read(name);
        if (PlanOf(row) is not { } plan)
        {
            // A pipeline (or a step not started): what it is and where its outputs are; its steps have their own records.
            var parent = backend.ToJob(row);
            return new JobRecord(parent)
            {
                Outputs = OutputFolders(row).ToDictionary(o => o.Key, o => o.Value.Folder, StringComparer.Ordinal),
                Warnings = backend.Store.Jobs.GetWarnings(name),
                EnvironmentRequested = Lineage.RecordNames.RequestedEnvironment(parent.Definition),
                Sources = new Dictionary<string, FactSource>(StringComparer.Ordinal) { ["definition"] = FactSource.Observed, ["status"] = FactSource.Observed },
            };
        }
        var metrics = backend.Store.Metrics.OfJob(name)
            .GroupBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MetricPoint>)g.Select(m => new MetricPoint(m.Key, m.Value, m.Step, DateTimeOffset.FromUnixTimeMilliseconds(m.Timestamp))).ToList(),
                StringComparer.Ordinal);
        var job = backend.ToJob(row);
        // What the script reported and what the plan holds may carry the job's secrets (its secret variables' values, its
        // MLflow token, text the scanner recognises): the record never does.
        var secrets = JobSecrets.Of(plan);
        var record = new JobRecord(job)
        {
            CodeDigest = plan.CodeDigest,
            // The plan holds the values the job received; the record, like the stored definition, shows secrets redacted.
            BoundCommand = secrets.Redact(plan.BoundCommand),
            ExecutedCommand = secrets.Redact(plan.ExecutedCommand),
            EnvironmentResolution = plan.EnvironmentResolution,
            Inputs = plan.Inputs.Select(i => new ResolvedInput(i.Name, i.Kind.ToString(), secrets.Redact(i.Value), i.Sha256)).ToList(),
            Outputs = plan.Outputs,
            Metrics = metrics,
            Params = backend.Store.Runs.GetParams(name).ToDictionary(p => p.Key, p => secrets.Redact(p.Value), StringComparer.Ordinal),
            MlflowTags = backend.Store.Runs.GetTags(name).ToDictionary(t => t.Key, t => secrets.Redact(t.Value), StringComparer.Ordinal),
            Warnings = WarningsOf(name, plan, secrets),
            SubmittedBy = plan.SubmittedBy,
            MlflowDatasetInputs = [.. backend.Store.Runs.GetInputs(name).Select(secrets.Redact)],
            MlflowModels = [.. backend.Store.Runs.GetModels(name).Select(secrets.Redact)],
            OutputDigests = backend.Store.Jobs.GetOutputDigests(name).ToDictionary(d => d.Key, d => new OutputDigest(d.Value.Digest, d.Value.Files, d.Value.Bytes), StringComparer.Ordinal),
            EnvironmentRequested = Lineage.RecordNames.RequestedEnvironment(job.Definition),
            Compute = plan.Compute,
            Git = plan.Git,
            CodeFiles = backend.Store.Files.Of(name, FileTable.Code).GetValueOrDefault("") ?? [],
            InputFiles = backend.Store.Files.Of(name, FileTable.Input),
            OutputFiles = backend.Store.Files.Of(name, FileTable.Output),
            Sources = LocalSources,
        };
        return record;
    }
}
