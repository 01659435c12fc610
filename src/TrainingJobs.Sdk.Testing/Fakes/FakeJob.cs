using System.Security.Cryptography;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Testing.Fakes;

/// <summary>
/// One job of a <see cref="FakeTrainingJobsClient"/>: its script, when it was submitted and canceled, and what a caller
/// has changed (archive, tags). Everything a caller sees is computed from these and the current time, so advancing a
/// fake clock is all it takes for the job to move on. Guarded by the client's lock.
/// </summary>
internal sealed class FakeJob
{
    public FakeJob(JobDefinition definition, FakeJobScript script, DateTimeOffset submittedOn, long order)
    {
        Definition = definition;
        Script = script;
        SubmittedOn = submittedOn;
        Order = order;
        Tags = definition.Tags.ToDictionary(StringComparer.Ordinal);
    }

    public string Name => Definition.Name!;

    public JobDefinition Definition { get; }

    public FakeJobScript Script { get; }

    public DateTimeOffset SubmittedOn { get; }

    /// <summary>Submission order: the tie-break for jobs submitted at the same instant (newest first in lists).</summary>
    public long Order { get; }

    public DateTimeOffset? CancelRequestedOn { get; set; }

    public bool IsArchived { get; set; }

    public Dictionary<string, string> Tags { get; }

    /// <summary>
    /// The whole timeline as it stands: <c>Queued</c> at the submission, the script's steps, then its outcome; a cancel
    /// cuts what comes after it and ends the job <c>CancelRequested</c> then <c>Canceled</c>. Entries are in time order;
    /// a caller sees those at or before now.
    /// </summary>
    public IReadOnlyList<TimelineEntry> Timeline()
    {
        var entries = new List<TimelineEntry> { new(SubmittedOn, ScriptStepKind.Status, JobStatus.Queued, null, null, 0, null, null) };
        foreach (var step in Script.Steps)
        {
            entries.Add(new(SubmittedOn + step.At, step.Kind, step.Status, step.Text, step.File, step.Number, step.Value, null));
        }
        DateTimeOffset? end = Script.Outcome is null ? null : SubmittedOn + Script.Duration;
        if (CancelRequestedOn is { } canceledOn && (end is null || canceledOn < end))
        {
            entries.RemoveAll(e => e.At > canceledOn);
            entries.Add(new(canceledOn, ScriptStepKind.Status, JobStatus.CancelRequested, null, null, 0, null, null));
            entries.Add(new(canceledOn + Script.CancelDelay, ScriptStepKind.Status, JobStatus.Canceled, null, null, 0, null,
                new JobError(JobErrorCode.Canceled, "The job was canceled by request.")));
        }
        else if (end is { } endedOn)
        {
            entries.Add(new(endedOn, ScriptStepKind.Status, Script.Outcome!.Value, null, null, 0, null, Script.Error));
        }
        // Stable: steps at the same instant keep their script order.
        return [.. entries.OrderBy(e => e.At)];
    }

    /// <summary>The job as it is at <paramref name="now"/>.</summary>
    public Job Snapshot(DateTimeOffset now)
    {
        var statuses = Timeline().Where(e => e.Kind == ScriptStepKind.Status && e.At <= now).ToList();
        var last = statuses[^1];
        var terminal = last.Status.IsTerminal ? last : null;
        return TrainingJobsModelFactory.Job(
            name: Name,
            definition: Definition,
            status: last.Status,
            experimentName: Definition.ExperimentName ?? "Default",
            tags: Tags,
            createdOn: SubmittedOn,
            startedOn: statuses.FirstOrDefault(s => s.Status == JobStatus.Running)?.At,
            endedOn: terminal?.At,
            exitCode: terminal is null || terminal.Status == JobStatus.Canceled ? null : Script.ExitCode,
            error: terminal?.Error,
            isArchived: IsArchived,
            statusHistory: statuses.Select(s => TrainingJobsModelFactory.JobStatusChange(s.Status, s.At)));
    }

    /// <summary>Where this job's named output is, in its record: a fully qualified path of the fake's own, never written.</summary>
    public static string OutputFolder(string job, string output) =>
        Path.Combine(Path.GetTempPath(), "trainingjobs-fake", job, "named-outputs", output).Replace('\\', '/');

    /// <summary>The record of the job at <paramref name="now"/>; outputs are in it once the job has ended.</summary>
    /// <param name="now">The time.</param>
    /// <param name="jobs">Every job of the fake, for inputs read from another job's output.</param>
    public JobRecord Record(DateTimeOffset now, IReadOnlyDictionary<string, FakeJob> jobs)
    {
        var job = Snapshot(now);
        var metrics = Timeline().Where(e => e.Kind == ScriptStepKind.Metric && e.At <= now)
            .GroupBy(e => e.Text!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<MetricPoint>)[.. g.Select(e => e.MetricPoint())], StringComparer.Ordinal);
        var outputFiles = job.IsTerminal
            ? Script.Outputs.GroupBy(o => o.Output, StringComparer.Ordinal).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<FileDigest>)[.. g.Select(f => TrainingJobsModelFactory.FileDigest(f.Path, Sha256(f.Content), f.Content.Length))],
                StringComparer.Ordinal)
            : [];
        var inputs = new List<ResolvedInput>();
        var inputFiles = new Dictionary<string, IReadOnlyList<FileDigest>>(StringComparer.Ordinal);
        foreach (var input in Script.Inputs)
        {
            string value = input.Value, sha256;
            if (input.Job is null)
            {
                sha256 = input.Sha256!;
            }
            else
            {
                // Read from another job's output: the path and digest of that file, as the real record would show them.
                value = OutputFolder(input.Job, input.Output!) + "/" + input.Value;
                var file = jobs.GetValueOrDefault(input.Job)?.Script.Outputs.FirstOrDefault(o => o.Output == input.Output && o.Path == input.Value)
                    ?? throw new InvalidOperationException($"The script of {Name} reads {input.Job}'s output {input.Output}/{input.Value}, which no fake job's script has.");
                sha256 = Sha256(file.Content);
            }
            inputs.Add(TrainingJobsModelFactory.ResolvedInput(input.Name, "uri_file", value, sha256));
            inputFiles[input.Name] = [TrainingJobsModelFactory.FileDigest(input.Value.Split('/')[^1], sha256)];
        }
        return TrainingJobsModelFactory.JobRecord(
            job,
            inputs: inputs,
            outputs: Script.Outputs.Select(o => o.Output).Concat(Definition.Outputs.Keys).Distinct(StringComparer.Ordinal)
                .ToDictionary(o => o, o => OutputFolder(Name, o), StringComparer.Ordinal),
            metrics: metrics,
            inputFiles: inputFiles,
            outputFiles: outputFiles);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>One entry of a job's timeline, at an absolute time. Log: Text/File/Number=rank. Metric: Text=key, Number=step, Value.</summary>
internal sealed record TimelineEntry(DateTimeOffset At, ScriptStepKind Kind, JobStatus Status, string? Text, string? File, long Number, double? Value, JobError? Error)
{
    public MetricPoint MetricPoint() => TrainingJobsModelFactory.MetricPoint(Text!, Value!.Value, Number, At);
}
