using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Supervision.Steps;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// Runs a pipeline job inside its supervisor process: starts each step (a child job) once the steps it reads from
/// have completed, at most <c>limit</c> at a time, and supervises each in this process (<see cref="Supervisor.SuperviseStepAsync"/>),
/// so a step costs no process of its own beyond its command. A failed step fails the pipeline and stops the others,
/// unless <c>continue_on_step_failure</c>, when only the steps downstream of it are skipped. A cancel of the pipeline
/// cancels its running steps and skips the pending ones. Every step ends in a terminal status: none is left waiting.
/// </summary>
internal sealed class PipelineDriver
{
    private readonly SupervisionContext _context;
    private readonly int _limit;
    private readonly ContainmentPreference _containment;
    private readonly PipelinePlan _plan;
    private readonly Dictionary<string, PlannedStep> _steps;
    private readonly Dictionary<string, SupervisionContext> _running = new(StringComparer.Ordinal);

    private PipelineDriver(SupervisionContext context, int limit, ContainmentPreference containment, PipelinePlan plan)
    {
        _context = context;
        _limit = Math.Max(1, limit);
        _containment = containment;
        _plan = plan;
        _steps = plan.Steps.ToDictionary(s => s.Step, StringComparer.Ordinal);
    }

    private JobStore Store => _context.Store;

    /// <summary>Drives the pipeline <see cref="SupervisionContext.Name"/> to its end.</summary>
    public static async Task RunAsync(SupervisionContext context, int limit, ContainmentPreference containment)
    {
        var row = context.Store.Jobs.Get(context.Name) ?? throw new InvalidOperationException($"Job {context.Name} is not in the workspace.");
        var plan = JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.PipelinePlan)
                   ?? throw new InvalidDataException($"The plan of pipeline {context.Name} does not load.");
        await new PipelineDriver(context, limit, containment, plan).DriveAsync().ConfigureAwait(false);
    }

    private async Task DriveAsync()
    {
        var self = Environment.ProcessId;
        var start = ProcessInfo.StartTime(self) ?? 0;
        // Every step is this process's: a reader that finds it gone ends the steps too, so none waits for ever.
        Store.Jobs.SetSupervisor(_context.Name, self, start);
        Store.Jobs.SetSupervisorOfChildren(_context.Name, self, start);
        _context.Log($"driving pipeline {_context.Name}: {_plan.Steps.Count} steps, at most {_limit} at a time");
        if (Canceled() || !Store.Jobs.TryTransition(_context.Name, JobStatus.Running, _context.Now))
        {
            SkipPending("the pipeline was canceled before it started", ended: []);
            Store.Jobs.TryTransition(_context.Name, JobStatus.Canceled, _context.Now, errorCode: JobErrorCode.Canceled, errorMessage: "The pipeline was canceled before it started.");
            return;
        }

        var ended = new Dictionary<string, JobStatus>(StringComparer.Ordinal);
        var pending = _plan.Steps.Select(s => s.Step).ToList();
        var tasks = new Dictionary<Task<JobStatus>, string>();
        var failures = new List<string>();
        string? stopReason = null;
        var canceled = false;
        while (true)
        {
            if (stopReason is null && Canceled())
            {
                canceled = true;
                stopReason = "the pipeline was canceled";
                CancelRunning();
            }
            if (stopReason is null) StartReady(pending, ended, tasks);
            if (tasks.Count == 0) break;

            var wake = Task.Delay(SupervisionContext.CheckInterval, _context.Time);
            await Task.WhenAny([.. tasks.Keys, wake, _context.TerminateSignal]).ConfigureAwait(false);
            foreach (var (task, step) in tasks.Where(t => t.Key.IsCompleted).ToList())
            {
                tasks.Remove(task);
                _running.Remove(step);
                var status = task.Result;
                ended[step] = status;
                if (status == JobStatus.Completed || stopReason is not null) continue;
                failures.Add(step);
                if (!_plan.ContinueOnStepFailure)
                {
                    stopReason = $"step '{step}' ended {status}";
                    CancelRunning();
                }
            }
        }
        SkipPending(stopReason ?? "a step it depends on did not complete", ended);

        var now = _context.Now;
        if (canceled)
        {
            Store.Jobs.TryTransition(_context.Name, JobStatus.Canceled, now, errorCode: JobErrorCode.Canceled, errorMessage: "The pipeline was canceled; its running steps were canceled and its pending steps not run.");
        }
        else if (failures.Count > 0)
        {
            Store.Jobs.TryTransition(_context.Name, JobStatus.Failed, now, errorCode: JobErrorCode.UserError, errorMessage: FailureMessage(failures, ended));
        }
        else
        {
            Store.Jobs.TryTransition(_context.Name, JobStatus.Completed, now);
        }
        _context.Log("pipeline done");
    }

    // Asked after every step's end: the pipeline's row holds every step's definition and plan, so only the flag is read.
    private bool Canceled() => _context.TerminateSignal.IsCompleted || Store.Jobs.IsCancelRequested(_context.Name);

    /// <summary>Starts the pending steps whose upstream steps all completed, up to the limit; skips those whose upstream did not complete.</summary>
    private void StartReady(List<string> pending, Dictionary<string, JobStatus> ended, Dictionary<Task<JobStatus>, string> tasks)
    {
        foreach (var name in pending.ToList())
        {
            var step = _steps[name];
            if (step.DependsOn.FirstOrDefault(d => ended.TryGetValue(d, out var s) && s != JobStatus.Completed) is { } failed)
            {
                pending.Remove(name);
                ended[name] = JobStatus.Canceled;
                Skip(step, $"Not run: step '{failed}', whose output it reads, ended {ended[failed]}.");
                continue;
            }
            if (tasks.Count >= _limit || !step.DependsOn.All(ended.ContainsKey)) continue;
            pending.Remove(name);
            var child = new SupervisionContext(Store, _context.Layout, step.Child, _context.DefaultGrace, _context.Time) { SharesProcess = true, SharedReserve = _context.SharedReserve, SharedTracking = _context.SharedTracking, GitStates = _context.GitStates };
            _running[name] = child;
            tasks[Task.Run(() => StepRunner.RunAsync(_plan, step, child, _limit, _containment))] = name;
        }
    }

    /// <summary>Asks every running step to stop; each one's supervision ends it as Canceled within its grace period.</summary>
    private void CancelRunning()
    {
        foreach (var (_, child) in _running)
        {
            _context.TryStore(() =>
            {
                Store.Jobs.RequestCancel(child.Name, (long)_context.DefaultGrace.TotalMilliseconds, _context.Now);
                return true;
            });
            child.Terminate();
        }
    }

    /// <summary>Ends every step that never started as Canceled, saying why; those <paramref name="ended"/> holds as terminal are not read again.</summary>
    private void SkipPending(string reason, Dictionary<string, JobStatus> ended)
    {
        foreach (var step in _plan.Steps)
        {
            if (ended.TryGetValue(step.Step, out var status) && status.IsTerminal) continue;
            if (Store.Jobs.Get(step.Child) is { } row && !JobStatus.Parse(row.Status).IsTerminal && !_running.ContainsKey(step.Step))
            {
                Skip(step, $"Not run: {reason}.");
            }
        }
    }

    private void Skip(PlannedStep step, string message) =>
        Store.Jobs.TryTransition(step.Child, JobStatus.Canceled, _context.Now, errorCode: JobErrorCode.Canceled, errorMessage: message);

    /// <summary>The pipeline's error: each failed step, its child job and its own error.</summary>
    private string FailureMessage(List<string> failures, Dictionary<string, JobStatus> ended)
    {
        var parts = failures.Select(step =>
        {
            var child = _steps[step].Child;
            var error = Store.Jobs.Get(child)?.ErrorMessage;
            return $"step '{step}' ({child}) ended {ended[step]}" + (error is null ? "" : $": {error}");
        });
        return "The pipeline failed: " + string.Join("; ", parts);
    }
}
