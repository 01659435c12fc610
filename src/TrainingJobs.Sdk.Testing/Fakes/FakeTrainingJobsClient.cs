using System.Runtime.CompilerServices;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Testing.Fakes;

/// <summary>
/// An in-memory <see cref="TrainingJobsClient"/> for tests: jobs follow scripted timelines (<see cref="FakeJobScript"/>)
/// on a <see cref="System.TimeProvider"/>, so a test drives them by advancing a <c>FakeTimeProvider</c> and never sleeps;
/// every call is recorded (<see cref="Calls"/>, <see cref="Submitted"/>).
/// </summary>
/// <remarks>
/// Built only on the client's public surface (the mocking constructor and <see cref="TrainingJobsModelFactory"/>),
/// as any consumer's own fake or mock can be. Thread-safe. Nothing is run, stored or uploaded; only
/// <see cref="DownloadAsync"/> writes files, into the folder it is given.
/// </remarks>
public class FakeTrainingJobsClient : TrainingJobsClient
{
    private readonly object _lock = new();
    private readonly Dictionary<string, FakeJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeJobScript> _byName = new(StringComparer.Ordinal);
    private readonly List<(Func<JobDefinition, bool> Match, FakeJobScript Script)> _byDefinition = [];
    private readonly List<FakeCall> _calls = [];
    private readonly List<JobDefinition> _submitted = [];
    private FakeJobScript _defaultScript = FakeJobScript.Completes();
    private long _generated;
    // Completed and replaced whenever a job changes other than by time (a cancel, a delete), to wake waiting streams.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a fake whose jobs follow the time of <paramref name="timeProvider"/> (a <c>FakeTimeProvider</c> in tests).</summary>
    /// <param name="timeProvider">The clock; its timers are what waiting calls wait on.</param>
    public FakeTrainingJobsClient(TimeProvider timeProvider)
    {
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The clock the jobs follow.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The script of a job that no name or predicate picks; default: <see cref="FakeJobScript.Completes"/> (at once).</summary>
    public FakeJobScript DefaultScript
    {
        get { lock (_lock) return _defaultScript; }
        set { lock (_lock) _defaultScript = value ?? throw new ArgumentNullException(nameof(value)); }
    }

    /// <summary>Every call so far, oldest first.</summary>
    public IReadOnlyList<FakeCall> Calls
    {
        get { lock (_lock) return [.. _calls]; }
    }

    /// <summary>Every definition submitted so far, oldest first, with the name its job got.</summary>
    public IReadOnlyList<JobDefinition> Submitted
    {
        get { lock (_lock) return [.. _submitted]; }
    }

    /// <summary>Scripts the job named <paramref name="jobName"/>; a name wins over a predicate and the default.</summary>
    /// <param name="jobName">The job name (as submitted, or as generated: <c>fake-job-1</c>, <c>fake-job-2</c>, …).</param>
    /// <param name="script">What the job does.</param>
    /// <returns>This fake, to chain calls.</returns>
    public FakeTrainingJobsClient Script(string jobName, FakeJobScript script)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentNullException.ThrowIfNull(script);
        lock (_lock) _byName[jobName] = script;
        return this;
    }

    /// <summary>Scripts every job whose definition matches; the first matching predicate wins, after a name.</summary>
    /// <param name="match">Which definitions, e.g. <c>d =&gt; d.ExperimentName == "nightly"</c>.</param>
    /// <param name="script">What those jobs do.</param>
    /// <returns>This fake, to chain calls.</returns>
    public FakeTrainingJobsClient Script(Func<JobDefinition, bool> match, FakeJobScript script)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(script);
        lock (_lock) _byDefinition.Add((match, script));
        return this;
    }

    /// <summary>The calls made with this method name, oldest first.</summary>
    /// <param name="method">A client method name, e.g. <c>nameof(TrainingJobsClient.CancelAsync)</c>.</param>
    public IReadOnlyList<FakeCall> CallsTo(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        lock (_lock) return [.. _calls.Where(c => c.Method == method)];
    }

    /// <summary>The definition's own diagnostics (<see cref="JobDefinition.Validate"/>): the fake has no backend to add any.</summary>
    /// <inheritdoc/>
    public override Task<IReadOnlyList<Diagnostic>> ValidateAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Record(definition.Name, [definition, options]);
        return Task.FromResult(definition.Validate());
    }

    /// <summary>
    /// Submits a job: refused as the real client refuses it (validation errors, an existing name), otherwise queued at
    /// the current time with the script its name or definition picks. A job without a name is named <c>fake-job-N</c>.
    /// </summary>
    /// <inheritdoc/>
    public override Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var diagnostics = definition.Validate();
        lock (_lock)
        {
            var name = definition.Name;
            while (name is null || (definition.Name is null && _jobs.ContainsKey(name)))
            {
                name = "fake-job-" + ++_generated;
            }
            Record(name, [definition, options]);
            if (diagnostics.Any(d => d.IsError)) throw new JobValidationException(diagnostics);
            if (_jobs.ContainsKey(name)) throw new RequestFailedException(409, $"A job named '{name}' exists already.", "UserError", null);
            definition = definition with { Name = name };
            var script = _byName.GetValueOrDefault(name) ?? _byDefinition.FirstOrDefault(s => s.Match(definition)).Script ?? _defaultScript;
            var job = new FakeJob(definition, script, TimeProvider.GetUtcNow(), _jobs.Count + _submitted.Count);
            _jobs[name] = job;
            _submitted.Add(definition);
            return Task.FromResult(job.Snapshot(job.SubmittedOn));
        }
    }

    /// <summary>The job as its script has it now.</summary>
    /// <inheritdoc/>
    public override Task<Job> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            Record(name, [name]);
            return Task.FromResult(Find(name).Snapshot(TimeProvider.GetUtcNow()));
        }
    }

    /// <summary>The fake's jobs that match the query, newest first, as one page.</summary>
    /// <inheritdoc/>
    public override AsyncPageable<Job> GetJobsAsync(JobQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new JobQuery();
        List<Job> jobs;
        lock (_lock)
        {
            Record(null, [query]);
            var now = TimeProvider.GetUtcNow();
            jobs = [.. _jobs.Values.OrderByDescending(j => j.SubmittedOn).ThenByDescending(j => j.Order).Select(j => j.Snapshot(now)).Where(j => Matches(j, query))];
        }
        if (query.MaxResults is { } max) jobs = [.. jobs.Take(max)];
        return AsyncPageable<Job>.FromPages([Page<Job>.FromValues(jobs, continuationToken: null, FakeResponse.Ok)]);
    }

    private static bool Matches(Job job, JobQuery query) =>
        (query.ExperimentName is null || job.ExperimentName == query.ExperimentName)
        && (query.Status is null || job.Status == query.Status)
        && (query.ParentJobName is null || job.ParentJobName == query.ParentJobName)
        && query.Archived switch
        {
            ArchiveFilter.All => true,
            ArchiveFilter.ArchivedOnly => job.IsArchived,
            _ => !job.IsArchived,
        }
        // A tag asked for with a null value only has to be there.
        && query.Tags.All(t => job.Tags.TryGetValue(t.Key, out var value) && (t.Value is null || value == t.Value));

    /// <summary>
    /// Yields the script's status changes, log lines and metric points as the clock reaches them, until the job is
    /// terminal; waits on the fake's <see cref="TimeProvider"/> in between (advance it to move on).
    /// </summary>
    /// <inheritdoc/>
    public override async IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new StreamOptions();
        var start = options.StartAt ?? JobStreamPosition.Start;
        var reader = new TimelineReader(name);
        lock (_lock)
        {
            Record(name, [name, options]);
            _ = Find(name);
        }
        while (true)
        {
            IReadOnlyList<JobEvent> events;
            Task wake;
            lock (_lock)
            {
                var (timeline, now) = (Find(name).Timeline(), TimeProvider.GetUtcNow());
                events = reader.ReadUntil(timeline, now);
                wake = Wake(timeline, now, cancellationToken);
            }
            foreach (var e in events)
            {
                if (Skip(e, start, options)) continue;
                // Blocks asked for: each scripted line as a block of its own, as the Azure ML backend makes them (the
                // line's position is already past it, where the block's moves its file to).
                yield return options.LogLinesInBlocks && e is JobLogEvent line
                    ? TrainingJobsModelFactory.JobLogBlockEvent(line.JobName, [line.Text], line.File, line.Rank, line.Offset, line.Position, line.StepName)
                    : e;
            }
            if (reader.Ended) yield break;
            await wake.ConfigureAwait(false);
        }
    }

    // Resuming from a position skips what it has seen; logs and metrics can be left out.
    private static bool Skip(JobEvent e, JobStreamPosition start, StreamOptions options) => e switch
    {
        JobStatusEvent => e.Position.StatusSequence <= start.StatusSequence,
        JobLogEvent log => !options.IncludeLogs || log.Offset < start.LogOffsets.GetValueOrDefault(log.File),
        JobMetricEvent => !options.IncludeMetrics || e.Position.MetricSequence <= start.MetricSequence,
        _ => false,
    };

    /// <summary>Waits on the fake's clock until the script ends the job (or a cancel does).</summary>
    /// <inheritdoc/>
    public override async Task<Job> WaitForCompletionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            Record(name, [name]);
            _ = Find(name);
        }
        return await UntilTerminalAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Job> UntilTerminalAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wake;
            lock (_lock)
            {
                var job = Find(name);
                var now = TimeProvider.GetUtcNow();
                var snapshot = job.Snapshot(now);
                if (snapshot.IsTerminal) return snapshot;
                wake = Wake(job.Timeline(), now, cancellationToken);
            }
            await wake.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cancels a job: it is <see cref="JobStatus.CancelRequested"/> now and <see cref="JobStatus.Canceled"/> after the
    /// script's <see cref="FakeJobScript.CancelDelay"/>; what the script had after now does not happen. A terminal job is
    /// returned as it is. Waiting (the default) waits on the fake's clock.
    /// </summary>
    /// <inheritdoc/>
    public override async Task<Job> CancelAsync(string name, CancelOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new CancelOptions();
        lock (_lock)
        {
            Record(name, [name, options]);
            var job = Find(name);
            var now = TimeProvider.GetUtcNow();
            if (job.Snapshot(now).IsTerminal || job.CancelRequestedOn is not null) return job.Snapshot(now);
            job.CancelRequestedOn = now;
            Changed();
            if (!options.WaitForCompletion) return job.Snapshot(now);
        }
        return await UntilTerminalAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes an ended job's scripted outputs in the <c>az ml job download</c> layout: <c>named-outputs/&lt;name&gt;/</c>
    /// for named outputs and, unless one output is asked for, the log files under <c>artifacts/</c>.
    /// </summary>
    /// <inheritdoc/>
    public override async Task<DownloadResult> DownloadAsync(string name, DownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new DownloadOptions();
        FakeJob job;
        IReadOnlyList<TimelineEntry> timeline;
        lock (_lock)
        {
            Record(name, [name, options]);
            job = Find(name);
            var snapshot = job.Snapshot(TimeProvider.GetUtcNow());
            if (!snapshot.IsTerminal) throw new RequestFailedException(409, $"Job '{name}' is {snapshot.Status}; its outputs can be downloaded once it has ended.", "UserError", null);
            timeline = job.Timeline();
        }
        var outputs = job.Script.Outputs.Select(o => o.Output).Concat(job.Definition.Outputs.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (options.OutputName is { } only && !outputs.Contains(only, StringComparer.Ordinal))
        {
            throw new RequestFailedException(400, $"Job '{name}' has no output named '{only}'; it has: {string.Join(", ", outputs)}.", "UserError", null);
        }
        var root = Path.GetFullPath(options.DownloadPath ?? Directory.GetCurrentDirectory());
        var downloaded = new List<DownloadedOutput>();
        var missing = new List<string>();
        if (options.OutputName is null)
        {
            var logs = timeline.Where(e => e.Kind == ScriptStepKind.Log).GroupBy(e => e.File!, StringComparer.Ordinal)
                .Select(g => (g.Key, System.Text.Encoding.UTF8.GetBytes(string.Concat(g.Select(e => e.Text + "\n")))));
            downloaded.Add(await WriteAsync("artifacts", Path.Combine(root, "artifacts"), logs, cancellationToken).ConfigureAwait(false));
        }
        foreach (var output in outputs.Where(o => options.OutputName is null ? options.All : o == options.OutputName))
        {
            var files = job.Script.Outputs.Where(o => o.Output == output).Select(o => (o.Path, o.Content)).ToList();
            if (files.Count == 0) missing.Add(output);
            else downloaded.Add(await WriteAsync(output, Path.Combine(root, "named-outputs", output), files, cancellationToken).ConfigureAwait(false));
        }
        return TrainingJobsModelFactory.DownloadResult(downloaded, missing);
    }

    private static async Task<DownloadedOutput> WriteAsync(string name, string folder, IEnumerable<(string Path, byte[] Content)> files, CancellationToken cancellationToken)
    {
        var (count, bytes) = (0, 0L);
        Directory.CreateDirectory(folder);
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, content, cancellationToken).ConfigureAwait(false);
            count++;
            bytes += content.Length;
        }
        return TrainingJobsModelFactory.DownloadedOutput(name, folder, count, bytes);
    }

    /// <summary>Forgets the job, as Azure ML's delete does: it is not found afterwards.</summary>
    /// <inheritdoc/>
    public override Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            Record(name, [name]);
            _ = Find(name);
            _jobs.Remove(name);
            Changed();
        }
        return Task.CompletedTask;
    }

    /// <summary>Marks the job archived: lists leave it out unless asked for archived jobs.</summary>
    /// <inheritdoc/>
    public override Task<Job> ArchiveAsync(string name, CancellationToken cancellationToken = default) => SetArchived(name, archived: true);

    /// <summary>Marks the job not archived.</summary>
    /// <inheritdoc/>
    public override Task<Job> RestoreAsync(string name, CancellationToken cancellationToken = default) => SetArchived(name, archived: false);

    private Task<Job> SetArchived(string name, bool archived, [CallerMemberName] string method = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            Record(name, [name], method);
            var job = Find(name);
            job.IsArchived = archived;
            return Task.FromResult(job.Snapshot(TimeProvider.GetUtcNow()));
        }
    }

    /// <summary>Sets and removes (null value) tags on the job.</summary>
    /// <inheritdoc/>
    public override Task<Job> UpdateTagsAsync(string name, IReadOnlyDictionary<string, string?> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tags);
        lock (_lock)
        {
            Record(name, [name, tags]);
            var job = Find(name);
            foreach (var (key, value) in tags)
            {
                if (value is null) job.Tags.Remove(key);
                else job.Tags[key] = value;
            }
            return Task.FromResult(job.Snapshot(TimeProvider.GetUtcNow()));
        }
    }

    /// <summary>
    /// The job's record as its script has it now: the job, its metric series so far, its scripted inputs, and (once it
    /// has ended) its output files with their SHA-256.
    /// </summary>
    /// <inheritdoc/>
    public override Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            Record(name, [name]);
            return Task.FromResult(Find(name).Record(TimeProvider.GetUtcNow(), _jobs));
        }
    }

    /// <summary>The graph (<see cref="LineageGraph.From"/>) of the job's record and, walking up, the records of the jobs whose outputs it read.</summary>
    /// <inheritdoc/>
    public override Task<LineageGraph> GetLineageAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            Record(name, [name]);
            var now = TimeProvider.GetUtcNow();
            var records = new List<JobRecord>();
            var pending = new Queue<FakeJob>([Find(name)]);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (pending.TryDequeue(out var job))
            {
                if (!seen.Add(job.Name)) continue;
                records.Add(job.Record(now, _jobs));
                foreach (var input in job.Script.Inputs.Where(i => i.Job is not null && _jobs.ContainsKey(i.Job))) pending.Enqueue(_jobs[input.Job!]);
            }
            return Task.FromResult(LineageGraph.From(records));
        }
    }

    /// <summary>Every input and output file of the fake's job records with this SHA-256, oldest job first.</summary>
    /// <inheritdoc/>
    public override Task<IReadOnlyList<ContentMatch>> FindContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var digest = Sha256Argument(sha256);
        lock (_lock)
        {
            Record(null, [sha256]);
            return Task.FromResult<IReadOnlyList<ContentMatch>>(Matches(digest, Records()));
        }
    }

    /// <summary>
    /// The jobs whose output held a file with this SHA-256, what each read, and up the chain the jobs that wrote those
    /// inputs (scripted with <see cref="FakeJobScript.InputFrom"/>), down to source data.
    /// </summary>
    /// <inheritdoc/>
    public override Task<ContentLineage> TraceContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var digest = Sha256Argument(sha256);
        lock (_lock)
        {
            Record(null, [sha256]);
            var records = Records();
            var matches = Matches(digest, records);
            var byName = records.ToDictionary(r => r.Job.Name, StringComparer.Ordinal);
            var chain = new List<ProducingJob>();
            var pending = new Queue<(JobRecord Record, string Output, string? Path, string? ReadBy, string? ReadAs)>(
                matches.Where(m => m.Role == ContentMatch.Output).Select(m => (byName[m.Job], m.Port, (string?)m.Path, (string?)null, (string?)null)));
            var walked = new HashSet<(string, string)>();
            while (pending.TryDequeue(out var step))
            {
                if (!walked.Add((step.Record.Job.Name, step.Output))) continue;
                var inputs = new List<ConsumedInput>();
                foreach (var input in step.Record.Inputs)
                {
                    var from = _jobs[step.Record.Job.Name].Script.Inputs.First(i => i.Name == input.Name);
                    var producer = from.Job is not null && byName.TryGetValue(from.Job, out var upstream) ? upstream : null;
                    inputs.Add(new ConsumedInput(input, producer?.Job.Name, producer is null ? null : from.Output));
                    if (producer is not null) pending.Enqueue((producer, from.Output!, null, step.Record.Job.Name, input.Name));
                }
                chain.Add(new ProducingJob(step.Record, step.Output, step.Path, step.ReadBy, step.ReadAs, inputs));
            }
            return Task.FromResult(new ContentLineage(digest, matches, chain));
        }
    }

    private List<JobRecord> Records()
    {
        var now = TimeProvider.GetUtcNow();
        return [.. _jobs.Values.OrderBy(j => j.SubmittedOn).ThenBy(j => j.Order).Select(j => j.Record(now, _jobs))];
    }

    private static List<ContentMatch> Matches(string digest, IEnumerable<JobRecord> records) =>
    [
        .. records.SelectMany(r =>
            r.InputFiles.SelectMany(p => p.Value.Where(f => f.Sha256 == digest).Select(f => new ContentMatch(r.Job.Name, ContentMatch.Input, p.Key, f.Path)))
                .Concat(r.OutputFiles.SelectMany(p => p.Value.Where(f => f.Sha256 == digest).Select(f => new ContentMatch(r.Job.Name, ContentMatch.Output, p.Key, f.Path))))),
    ];

    private static string Sha256Argument(string sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"A SHA-256 is 64 hex digits; '{sha256}' is not.", nameof(sha256));
        }
        return sha256.ToLowerInvariant();
    }

    // Call with _lock held.
    private FakeJob Find(string name) =>
        _jobs.GetValueOrDefault(name) ?? throw new RequestFailedException(404, $"Job '{name}' was not found.", "UserError", null);

    // Call with _lock held.
    private void Record(string? jobName, object?[] arguments, [CallerMemberName] string method = "") =>
        _calls.Add(new FakeCall(method, jobName, arguments, TimeProvider.GetUtcNow()));

    // Call with _lock held.
    private void Changed()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// A task that completes when there may be something new: the clock reaches the timeline's next entry, or a job
    /// changes (a cancel, a delete). Call with _lock held, with the timeline and time just read.
    /// </summary>
    private Task Wake(IReadOnlyList<TimelineEntry> timeline, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = _changed.Task;
        var next = timeline.FirstOrDefault(e => e.At > now);
        return WaitAsync(next?.At, changed, cancellationToken);
    }

    private async Task WaitAsync(DateTimeOffset? due, Task changed, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var current = TimeProvider.GetUtcNow();
            if (due is { } at && at <= current) break;
            var timer = Task.Delay(due is { } until ? until - current : Timeout.InfiniteTimeSpan, TimeProvider, stop.Token);
            // A timer counts from the clock's time when it is made: if another thread advanced the clock between the
            // read above and now, this one would fire late (or, after the test's last Advance, never). Made again then.
            if (TimeProvider.GetUtcNow() != current)
            {
                stop.Cancel();
                continue;
            }
            await Task.WhenAny(timer, changed).ConfigureAwait(false);
            // The delay that did not fire is dropped, so a long-running job does not pile up timers on the clock. Cancel,
            // not CancelAsync: the reader goes on at once, inside the clock's Advance call when the timer fired there, so
            // it sees this entry before a later timer of the same Advance (a caller's own deadline) fires.
            stop.Cancel();
            break;
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
