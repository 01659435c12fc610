using System.Text.Json;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local;

/// <summary>Downloads and lineage records.</summary>
internal sealed partial class LocalJobBackend
{
    public override Task<DownloadResult> DownloadAsync(string name, DownloadOptions options, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("Download");
        activity?.SetTag("job.name", name);
        var row = Read(name);
        var status = JobStatus.Parse(row.Status);
        if (!status.IsTerminal)
        {
            throw new RequestFailedException(409, $"Job '{name}' is {status}; download is allowed only once it is Completed, Failed or Canceled.", JobErrorCode.UserError.ToString(), null);
        }
        var plan = JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.LocalJobPlan)!;
        if (options.OutputName is { } asked && !plan.Outputs.ContainsKey(asked) && asked != "default")
        {
            var known = plan.Outputs.Count == 0 ? "it has none" : "it has " + string.Join(", ", plan.Outputs.Keys);
            throw new RequestFailedException(400, $"Job '{name}' has no output named '{asked}' ({known}).", JobErrorCode.UserError.ToString(), null);
        }
        var root = Path.GetFullPath(options.DownloadPath ?? Directory.GetCurrentDirectory());
        var downloaded = new List<DownloadedOutput>();
        var missing = new List<string>();
        var skipped = new List<SkippedItem>();
        void Fetch(string outputName, string from, string to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (OutputDownload.Fetch(Layout.JobFolder(name), from, root, to, _time) is not { } fetched)
            {
                missing.Add(outputName);
                return;
            }
            downloaded.Add(new DownloadedOutput(outputName, Path.Combine(root, to), fetched.Files, fetched.Bytes));
            skipped.AddRange(fetched.Skipped);
        }
        var wantsDefault = options.All || options.OutputName is null or "default";
        if (wantsDefault) Fetch("artifacts", Layout.ArtifactsFolder(name), "artifacts");
        foreach (var output in plan.Outputs.Keys)
        {
            if (options.All || options.OutputName == output) Fetch(output, Layout.NamedOutputFolder(name, output), Path.Combine("named-outputs", output));
        }
        return Task.FromResult(new DownloadResult(downloaded, missing, skipped));
    }

    public override Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken)
    {
        var row = Read(name);
        var plan = JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.LocalJobPlan)!;
        var metrics = Store.Metrics.OfJob(name)
            .GroupBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MetricPoint>)g.Select(m => new MetricPoint(m.Key, m.Value, m.Step, DateTimeOffset.FromUnixTimeMilliseconds(m.Timestamp))).ToList(),
                StringComparer.Ordinal);
        var record = new JobRecord(ToJob(row))
        {
            CodeDigest = plan.CodeDigest,
            // The plan holds the values the job received; the record, like the stored definition, shows secrets redacted.
            BoundCommand = SecretScanner.Redact(plan.BoundCommand),
            ExecutedCommand = SecretScanner.Redact(plan.ExecutedCommand),
            EnvironmentResolution = plan.EnvironmentResolution,
            Inputs = plan.Inputs.Select(i => new ResolvedInput(i.Name, i.Kind, SecretScanner.Redact(i.Value), i.Sha256)).ToList(),
            Outputs = plan.Outputs,
            Metrics = metrics,
            Params = Store.Runs.GetParams(name).ToDictionary(StringComparer.Ordinal),
            MlflowTags = Store.Runs.GetTags(name).ToDictionary(StringComparer.Ordinal),
            Warnings = [.. plan.Warnings, .. Store.Jobs.GetWarnings(name)],
            SubmittedBy = plan.SubmittedBy,
            MlflowDatasetInputs = Store.Runs.GetInputs(name),
            MlflowModels = Store.Runs.GetModels(name),
            OutputDigests = Store.Jobs.GetOutputDigests(name).ToDictionary(d => d.Key, d => new OutputDigest(d.Value.Digest, d.Value.Files, d.Value.Bytes), StringComparer.Ordinal),
        };
        return Task.FromResult(record);
    }
}
