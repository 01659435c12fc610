using System.Globalization;
using System.Text.Json;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Pipelines;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Supervision.Steps;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Sweeps;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Local.Sweeps;

/// <summary>
/// Runs a sweep job inside its supervisor process: draws the trials (<see cref="SweepPlan"/>: grid, or random with
/// the recorded seed), starts each as a child job named <c>&lt;sweep&gt;_&lt;n&gt;</c>, at most
/// <c>max_concurrent_trials</c> (and the workspace's slots) at a time, supervised in this process; reads each trial's
/// primary metric from its MLflow run as it reports it and stops the trials the early-termination policy picks
/// (<see cref="EarlyTermination"/>); enforces <c>limits.timeout</c> (trials get <c>trial_timeout</c> as their own);
/// and records the best trial (<see cref="BestTrial"/>) as Azure ML does, in the <c>best_child_run_id</c> and
/// <c>score</c> properties. A cancel cancels the running trials and starts no more.
/// </summary>
internal sealed class SweepDriver
{
    /// <summary>The property naming the best trial (Azure ML's, which azure-ai-ml's download follows).</summary>
    public const string BestTrialProperty = "best_child_run_id";

    /// <summary>The property holding the best trial's objective value.</summary>
    public const string ScoreProperty = "score";

    private readonly SupervisionContext _context;
    private readonly int _limit;
    private readonly ContainmentPreference _containment;
    private readonly LocalSweepPlan _plan;
    private readonly SweepJob _sweep;
    private readonly List<string> _started = [];
    private readonly Dictionary<string, TrialState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SupervisionContext> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _evaluated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stoppedEarly = new(StringComparer.Ordinal);

    private SweepDriver(SupervisionContext context, int limit, ContainmentPreference containment, LocalSweepPlan plan, SweepJob sweep)
    {
        _context = context;
        _containment = containment;
        _plan = plan;
        _sweep = sweep;
        _limit = Math.Max(1, Math.Min(limit, sweep.Limits?.MaxConcurrentTrials is > 0 ? sweep.Limits.MaxConcurrentTrials.Value : int.MaxValue));
    }

    private JobStore Store => _context.Store;

    private string Metric => _sweep.Objective.PrimaryMetric;

    /// <summary>Drives the sweep <see cref="SupervisionContext.Name"/> to its end.</summary>
    public static async Task RunAsync(SupervisionContext context, int limit, ContainmentPreference containment)
    {
        var row = context.Store.Jobs.Get(context.Name) ?? throw new InvalidOperationException($"Job {context.Name} is not in the workspace.");
        var plan = JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.LocalSweepPlan)
                   ?? throw new InvalidDataException($"The plan of sweep {context.Name} does not load.");
        var sweep = StepRunner.LoadDefinition(plan.SweepYaml) as SweepJob ?? throw new InvalidDataException($"The plan of sweep {context.Name} holds no sweep.");
        await new SweepDriver(context, limit, containment, plan, sweep).DriveAsync().ConfigureAwait(false);
    }

    private async Task DriveAsync()
    {
        var self = Environment.ProcessId;
        Store.Jobs.SetSupervisor(_context.Name, self, ProcessInfo.StartTime(self) ?? 0);
        _context.Log($"driving sweep {_context.Name}: {SweepPlan.TrialCount(_sweep)} trials at most, {_limit} at a time, seed {_plan.Seed}");
        if (Canceled() || !Store.Jobs.TryTransition(_context.Name, JobStatus.Running, _context.Now))
        {
            Store.Jobs.TryTransition(_context.Name, JobStatus.Canceled, _context.Now, errorCode: JobErrorCode.Canceled, errorMessage: "The sweep was canceled before it started.");
            return;
        }
        var deadline = _sweep.Limits?.Timeout is { } timeout ? _context.Time.GetUtcNow() + timeout : (DateTimeOffset?)null;
        using var trials = SweepPlan.Trials(_sweep, _plan.Seed).GetEnumerator();
        var tasks = new Dictionary<Task<JobStatus>, string>();
        var more = true;
        string? stopReason = null;
        var canceled = false;
        while (true)
        {
            if (stopReason is null && Canceled())
            {
                (canceled, stopReason) = (true, "the sweep was canceled");
                CancelRunning(_running.Keys.ToList(), null);
            }
            if (stopReason is null && deadline is { } end && _context.Time.GetUtcNow() >= end)
            {
                stopReason = $"the sweep's limits.timeout ({_sweep.Limits!.Timeout}) ran out";
                CancelRunning(_running.Keys.ToList(), "Stopped: " + stopReason + ".");
            }
            while (stopReason is null && more && tasks.Count < _limit && (more = trials.MoveNext()))
            {
                var (child, task) = Start(trials.Current, _started.Count);
                tasks[task] = child;
            }
            if (tasks.Count == 0) break;

            await Task.WhenAny([.. tasks.Keys, Task.Delay(SupervisionContext.CheckInterval, _context.Time), _context.TerminateSignal]).ConfigureAwait(false);
            foreach (var (task, child) in tasks.Where(t => t.Key.IsCompleted).ToList())
            {
                tasks.Remove(task);
                _running.Remove(child);
                _states[child] = task.Result == JobStatus.Completed ? TrialState.Completed
                    : _stoppedEarly.Contains(child) || task.Result == JobStatus.Canceled ? TrialState.Stopped : TrialState.Failed;
            }
            if (stopReason is null) ApplyEarlyTermination();
        }
        Finish(canceled, stopReason);
    }

    private (string Child, Task<JobStatus> Task) Start(TrialParameters parameters, int index)
    {
        var child = _context.Name + "_" + index.ToString(CultureInfo.InvariantCulture);
        var job = TrialComposer.Compose(_sweep.Trial, parameters, child, _sweep.ExperimentName, _sweep.Limits?.TrialTimeout);
        var tags = JsonSerializer.Serialize(job.Tags.ToDictionary(), LocalJsonContext.Default.DictionaryStringString);
        if (!Store.Jobs.TryInsert(child, _sweep.ExperimentName ?? "Default", tags, YamlJobWriter.Write(RedactedDefinition.Of(job)), "{}", _context.Name, _context.Now))
        {
            throw new InvalidOperationException($"The trial job name '{child}' is taken.");
        }
        var self = Environment.ProcessId;
        Store.Jobs.SetSupervisor(child, self, ProcessInfo.StartTime(self) ?? 0);
        _started.Add(child);
        _states[child] = TrialState.Running;
        var context = new SupervisionContext(Store, _context.Layout, child, _context.DefaultGrace, _context.Time) { SharesProcess = true, SharedReserve = _context.SharedReserve, SharedTracking = _context.SharedTracking, GitStates = _context.GitStates };
        _running[child] = context;
        _context.Log($"trial {child}: {string.Join(", ", parameters.Select(p => $"{p.Key}={p.Value}"))}");
        return (child, Task.Run(() => RunTrialAsync(job, context)));
    }

    private async Task<JobStatus> RunTrialAsync(CommandJob job, SupervisionContext context)
    {
        var child = context.Name;
        try
        {
            if (await StepRunner.PlanChildAsync(job, _plan.ExperimentId, _plan.BaseDirectory, context).ConfigureAwait(false) is { } plan
                && Store.Jobs.TryTransition(child, JobStatus.Queued, context.Now))
            {
                await Supervisor.SuperviseStepAsync(context, _limit, _containment, plan).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Log($"trial {child} could not start: {e}");
            context.TryStore(() => Store.Jobs.TryTransition(child, JobStatus.Failed, context.Now, errorCode: JobErrorCode.SystemError, errorMessage: $"The trial could not start: {e.Message}"));
        }
        return Store.Jobs.Get(child) is { } row ? JobStatus.Parse(row.Status) : JobStatus.Failed;
    }

    /// <summary>The primary metric as each trial reported it so far (its own MLflow run's values, in report order).</summary>
    private List<TrialMetrics> Metrics() => _started.Select(child => new TrialMetrics(child,
        Store.Metrics.OfJob(child).Where(m => m.RunId == child && m.Key == Metric).Select(m => m.Value).ToList(), _states[child])).ToList();

    /// <summary>Evaluates the policy at every interval a running trial reached since the last look, and stops the trials it picks.</summary>
    private void ApplyEarlyTermination()
    {
        if (_sweep.EarlyTermination is not { } policy || _running.Count == 0) return;
        var metrics = Metrics();
        foreach (var trial in metrics.Where(m => m.State == TrialState.Running))
        {
            var seen = _evaluated.GetValueOrDefault(trial.TrialId);
            for (var interval = seen + 1; interval <= trial.Values.Count; interval++)
            {
                var stop = EarlyTermination.TrialsToStop(policy, _sweep.Objective.Goal, metrics, interval).Where(_running.ContainsKey).ToList();
                CancelRunning(stop, $"Stopped early by the {policy.TypeName} policy at interval {interval}.");
            }
            _evaluated[trial.TrialId] = trial.Values.Count;
        }
    }

    private void CancelRunning(IReadOnlyList<string> children, string? reason)
    {
        foreach (var child in children)
        {
            if (!_running.TryGetValue(child, out var context)) continue;
            if (reason is not null && _stoppedEarly.Add(child)) _context.TryStore(() => { Store.Jobs.AddWarning(child, reason); return true; });
            _context.Log($"trial {child}: {reason ?? "canceled with the sweep"}");
            _context.TryStore(() =>
            {
                Store.Jobs.RequestCancel(child, (long)_context.DefaultGrace.TotalMilliseconds, _context.Now);
                return true;
            });
            context.Terminate();
        }
    }

    private bool Canceled() => _context.TerminateSignal.IsCompleted || Store.Jobs.Get(_context.Name)?.CancelRequestedAt is not null;

    /// <summary>Records the best trial, then the sweep's end: Canceled, Failed when no trial completed, Completed otherwise.</summary>
    private void Finish(bool canceled, string? stopReason)
    {
        var best = BestTrial.Select(_sweep.Objective.Goal, Metrics());
        if (best is not null && Store.Jobs.Get(_context.Name) is { } row)
        {
            var stored = StepRunner.LoadDefinition(row.DefinitionYaml);
            var marked = stored with
            {
                Properties = ValueMap.From(stored.Properties.Where(p => p.Key is not (BestTrialProperty or ScoreProperty))
                    .Append(KeyValuePair.Create(BestTrialProperty, best.TrialId))
                    .Append(KeyValuePair.Create(ScoreProperty, best.Value.ToString("R", CultureInfo.InvariantCulture)))),
            };
            Store.Jobs.SetDefinition(_context.Name, YamlJobWriter.Write(marked));
            _context.Log($"best trial {best.TrialId}: {Metric} = {best.Value}");
        }
        if (stopReason is not null && !canceled) Store.Jobs.AddWarning(_context.Name, $"No more trials were started: {stopReason}.");
        var now = _context.Now;
        var completed = _states.Count(s => s.Value == TrialState.Completed);
        if (canceled)
        {
            Store.Jobs.TryTransition(_context.Name, JobStatus.Canceled, now, errorCode: JobErrorCode.Canceled, errorMessage: "The sweep was canceled; its running trials were canceled.");
        }
        else if (completed == 0 && _states.Count > 0)
        {
            var failed = _started.Where(t => _states[t] == TrialState.Failed).Select(t => $"{t}: {Store.Jobs.Get(t)?.ErrorMessage}").Take(3);
            Store.Jobs.TryTransition(_context.Name, JobStatus.Failed, now, errorCode: JobErrorCode.UserError,
                errorMessage: $"No trial of the sweep completed ({_states.Count} started). " + string.Join("; ", failed));
        }
        else
        {
            Store.Jobs.TryTransition(_context.Name, JobStatus.Completed, now);
        }
        _context.Log("sweep done");
    }
}
