using System.Collections.Immutable;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Testing.Fakes;

/// <summary>
/// What a job submitted to a <see cref="FakeTrainingJobsClient"/> does, as time passes: its status changes, log lines,
/// metric points and outputs, and how it ends. Immutable: every method returns a new script, so a base script can be
/// shared and branched.
/// </summary>
/// <remarks>
/// A script has a cursor that starts at the submission (offset zero, where the job is <see cref="JobStatus.Queued"/>).
/// <see cref="After"/> moves the cursor on; <see cref="Status"/>, <see cref="Log"/> and <see cref="Metric"/> happen at
/// the cursor. The outcome chosen by the factory method (<see cref="Completes"/>, <see cref="Fails"/>) happens at the
/// cursor's final place; a <see cref="RunsUntilCanceled"/> job stays in its last status until it is canceled.
/// </remarks>
/// <example>
/// <code>
/// var script = FakeJobScript.Completes()
///     .After(TimeSpan.FromSeconds(10)).Running()
///     .Log("epoch 1").Metric("loss", 0.9, step: 1)
///     .After(TimeSpan.FromMinutes(5)).Log("epoch 2").Metric("loss", 0.4, step: 2)
///     .Output("model", "model.onnx", "weights");
/// </code>
/// </example>
public sealed class FakeJobScript
{
    /// <summary>The log file a line goes to unless told otherwise (the Azure ML command job's standard log).</summary>
    public const string DefaultLogFile = "user_logs/std_log.txt";

    private FakeJobScript(JobStatus? outcome, JobError? error, int? exitCode)
    {
        Outcome = outcome;
        Error = error;
        ExitCode = exitCode;
    }

    /// <summary>The terminal status the job ends in by itself; null for a job that runs until canceled.</summary>
    public JobStatus? Outcome { get; }

    /// <summary>The error of a failing job; null otherwise.</summary>
    public JobError? Error { get; }

    /// <summary>The exit code the job ends with; 0 for a completing job, 1 for a failing one unless set, null for one that is canceled.</summary>
    public int? ExitCode { get; }

    /// <summary>Where the cursor is: the offset from the submission of the next step, and of the outcome.</summary>
    public TimeSpan Duration { get; private init; }

    /// <summary>How long a canceled job stays <see cref="JobStatus.CancelRequested"/> before it is <see cref="JobStatus.Canceled"/>; default zero.</summary>
    public TimeSpan CancelDelay { get; private init; }

    internal ImmutableList<ScriptStep> Steps { get; private init; } = [];

    internal ImmutableList<ScriptOutputFile> Outputs { get; private init; } = [];

    internal ImmutableList<ScriptInput> Inputs { get; private init; } = [];

    /// <summary>A job that completes (exit code 0) once every step has happened; with no steps, at its submission.</summary>
    public static FakeJobScript Completes() => new(JobStatus.Completed, null, 0);

    /// <summary>A job that fails with <paramref name="error"/> (exit code 1 unless <see cref="WithExitCode"/>) once every step has happened.</summary>
    /// <param name="error">Why it failed, e.g. <c>TrainingJobsModelFactory.JobError(JobErrorCode.UserError, "exit code 1")</c>.</param>
    public static FakeJobScript Fails(JobError error) =>
        new(JobStatus.Failed, error ?? throw new ArgumentNullException(nameof(error)), 1);

    /// <summary>A job that never ends by itself: after its steps it stays in its last status until <see cref="TrainingJobsClient.CancelAsync"/>.</summary>
    public static FakeJobScript RunsUntilCanceled() => new(null, null, null);

    /// <summary>Moves the cursor on: what follows happens <paramref name="delay"/> later.</summary>
    /// <param name="delay">How long; not negative.</param>
    public FakeJobScript After(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Change(duration: Duration + delay);
    }

    /// <summary>The job enters <paramref name="status"/> at the cursor.</summary>
    /// <param name="status">A status that is not terminal (the outcome is the script's own: <see cref="Completes"/>, <see cref="Fails"/>, or a cancel).</param>
    /// <exception cref="ArgumentException"><paramref name="status"/> is terminal or <see cref="JobStatus.CancelRequested"/>.</exception>
    public FakeJobScript Status(JobStatus status)
    {
        if (status.IsTerminal || status == JobStatus.CancelRequested)
        {
            throw new ArgumentException($"'{status}' is how a job ends; choose it with FakeJobScript.Completes, Fails or a cancel, not Status.", nameof(status));
        }
        return With(new ScriptStep(Duration, ScriptStepKind.Status, status, null, null, 0, null));
    }

    /// <summary>The job enters <see cref="JobStatus.Running"/> at the cursor.</summary>
    public FakeJobScript Running() => Status(JobStatus.Running);

    /// <summary>The job writes a log line at the cursor.</summary>
    /// <param name="text">The line, without its line break.</param>
    /// <param name="file">The log file, relative to the job's artifacts.</param>
    /// <param name="rank">The process rank that wrote it.</param>
    public FakeJobScript Log(string text, string file = DefaultLogFile, int rank = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckRelative(file, nameof(file));
        if (text.Contains('\n', StringComparison.Ordinal)) throw new ArgumentException("One line per Log call: the text has a line break.", nameof(text));
        return With(new ScriptStep(Duration, ScriptStepKind.Log, default, text, file, rank, null));
    }

    /// <summary>The job logs a metric point at the cursor (as <c>mlflow.log_metric</c> would).</summary>
    /// <param name="key">The metric name.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The step.</param>
    public FakeJobScript Metric(string key, double value, long step = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return With(new ScriptStep(Duration, ScriptStepKind.Metric, default, key, null, step, value));
    }

    /// <summary>A file of a named output: written under <c>named-outputs/&lt;output&gt;/</c> by a download once the job has ended, and recorded (with its SHA-256) in its record.</summary>
    /// <param name="output">The output name.</param>
    /// <param name="path">The file's path inside the output, with <c>/</c> separators.</param>
    /// <param name="content">The file's text (written as UTF-8).</param>
    public FakeJobScript Output(string output, string path, string content)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        CheckRelative(path, nameof(path));
        ArgumentNullException.ThrowIfNull(content);
        return Change(outputs: Outputs.Add(new ScriptOutputFile(output, path, System.Text.Encoding.UTF8.GetBytes(content))));
    }

    /// <summary>An input the job's record shows as read: source data, with its digest.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="value">Where it was read from (a path or URI).</param>
    /// <param name="sha256">The content's SHA-256 (hex).</param>
    public FakeJobScript Input(string name, string value, string sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        return Change(inputs: Inputs.Add(new ScriptInput(name, value, sha256.ToLowerInvariant(), null, null)));
    }

    /// <summary>
    /// An input the job's record shows as read from another fake job's output file (given with <see cref="Output"/>), so
    /// that lineage queries link the two jobs.
    /// </summary>
    /// <param name="name">The input name.</param>
    /// <param name="jobName">The job whose output it read.</param>
    /// <param name="output">That job's output name.</param>
    /// <param name="path">The file inside that output.</param>
    public FakeJobScript InputFrom(string name, string jobName, string output, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentException.ThrowIfNullOrEmpty(output);
        CheckRelative(path, nameof(path));
        return Change(inputs: Inputs.Add(new ScriptInput(name, path, null, jobName, output)));
    }

    /// <summary>Sets the exit code the job ends with.</summary>
    /// <param name="exitCode">The exit code.</param>
    public FakeJobScript WithExitCode(int exitCode) => Change(exitCode: exitCode);

    /// <summary>Sets how long a cancel takes: the job is <see cref="JobStatus.CancelRequested"/> for <paramref name="delay"/>, then <see cref="JobStatus.Canceled"/>.</summary>
    /// <param name="delay">How long; not negative.</param>
    public FakeJobScript CancelTakes(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Change(cancelDelay: delay);
    }

    private FakeJobScript With(ScriptStep step) => Change(steps: Steps.Add(step));

    // The one way a fluent method makes its new script: a copy of this one with the given parts replaced.
    private FakeJobScript Change(TimeSpan? duration = null, TimeSpan? cancelDelay = null, int? exitCode = null,
        ImmutableList<ScriptStep>? steps = null, ImmutableList<ScriptOutputFile>? outputs = null, ImmutableList<ScriptInput>? inputs = null) =>
        new(Outcome, Error, exitCode ?? ExitCode)
        {
            Duration = duration ?? Duration,
            CancelDelay = cancelDelay ?? CancelDelay,
            Steps = steps ?? Steps,
            Outputs = outputs ?? Outputs,
            Inputs = inputs ?? Inputs,
        };

    private static void CheckRelative(string path, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, parameter);
        // The fake writes these paths under a download folder: they must stay inside it.
        if (Path.IsPathRooted(path) || path.Replace('\\', '/').Split('/').Any(s => s is ".." or "." or ""))
        {
            throw new ArgumentException($"'{path}' must be a relative path with / separators and no '.', '..' or empty segments.", parameter);
        }
    }
}

internal enum ScriptStepKind
{
    Status,
    Log,
    Metric,
}

/// <summary>One step of a script, at an offset from the submission. Log: Text/File/Number=rank. Metric: Text=key, Number=step, Value.</summary>
internal sealed record ScriptStep(TimeSpan At, ScriptStepKind Kind, JobStatus Status, string? Text, string? File, long Number, double? Value);

internal sealed record ScriptOutputFile(string Output, string Path, byte[] Content);

/// <summary>An input of a record: source data (Sha256 set) or another fake job's output file (Job and Output set, Value the path in it).</summary>
internal sealed record ScriptInput(string Name, string Value, string? Sha256, string? Job, string? Output);
