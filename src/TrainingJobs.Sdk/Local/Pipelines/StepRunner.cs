using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Supervision.Steps;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// Runs one pipeline step once its upstream steps completed: binds its inputs to their output folders, plans it like
/// any command job (code snapshot, input digests, environment), reuses an earlier identical run when it may
/// (<see cref="StepReuse"/>), and otherwise supervises it in this process. Returns the step's terminal status.
/// </summary>
internal static class StepRunner
{
    public static async Task<JobStatus> RunAsync(PipelinePlan pipeline, PlannedStep step, SupervisionContext context, int limit, ContainmentPreference containment)
    {
        var (store, layout, child) = (context.Store, context.Layout, step.Child);
        try
        {
            var job = Bind(pipeline, step, (CommandJob)LoadDefinition(step.DefinitionYaml), store, layout);
            if (await PlanChildAsync(job, pipeline.ExperimentId, pipeline.BaseDirectory, context).ConfigureAwait(false) is not { } plan) return Status(store, child);

            if (step.IsDeterministic && !pipeline.ForceRerun)
            {
                var key = StepReuse.KeyOf(job, plan);
                if (store.Jobs.FindReusable(key, child) is { } original && StepReuse.TryReuse(context, job, key, original))
                {
                    context.Log($"step {step.Step} ({child}) reuses {original}");
                    return Status(store, child);
                }
                store.Jobs.SetReuse(child, key, null);
            }
            if (!store.Jobs.TryTransition(child, JobStatus.Queued, context.Now)) return Status(store, child);
            await Supervisor.SuperviseStepAsync(context, limit, containment, plan).ConfigureAwait(false);
            return Status(store, child);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Log($"step {step.Step} ({child}) could not start: {e}");
            context.TryStore(() => store.Jobs.TryTransition(child, JobStatus.Failed, context.Now, errorCode: JobErrorCode.SystemError,
                errorMessage: $"The step could not start: {e.Message}"));
            return Status(store, child);
        }
    }

    private static JobStatus Status(JobStore store, string child) =>
        store.Jobs.Get(child) is { } row ? JobStatus.Parse(row.Status) : JobStatus.Failed;

    internal static JobDefinition LoadDefinition(string yaml) =>
        YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false, WrittenBySdk = true }).Definition
        ?? throw new InvalidDataException("A step's stored definition no longer loads.");

    /// <summary>
    /// The step's job with each input bound to an upstream output: the folder that step wrote (the original's, when
    /// it was reused). A <c>uri_file</c> input gets the one file in that folder, as Azure ML hands a file output on.
    /// </summary>
    private static CommandJob Bind(PipelinePlan pipeline, PlannedStep step, CommandJob job, JobStore store, WorkspaceLayout layout)
    {
        if (step.Upstream.Count == 0) return job;
        var inputs = job.Inputs.ToList();
        foreach (var upstream in step.Upstream)
        {
            var source = pipeline.Steps.First(s => s.Step == upstream.Step).Child;
            var writer = store.Jobs.Get(source)?.ReusedFrom ?? source;
            var folder = layout.NamedOutputFolder(writer, upstream.Port);
            var type = upstream.Type is { } t ? new AssetType(t) : AssetType.UriFolder;
            var path = folder;
            if (type == AssetType.UriFile && Directory.Exists(folder) && Directory.GetFiles(folder) is [var only] && Directory.GetDirectories(folder).Length == 0) path = only;
            inputs.RemoveAll(i => i.Key == upstream.Input);
            inputs.Add(KeyValuePair.Create<string, JobInput>(upstream.Input, new AssetInput
            {
                Type = path == folder && type == AssetType.UriFile ? AssetType.UriFolder : type,
                Path = path,
                Mode = upstream.Mode is { } mode ? new InputMode(mode) : (InputMode?)null,
            }));
        }
        return job with { Inputs = ValueMap.From(inputs) };
    }

    /// <summary>
    /// Plans a child job (a step, a sweep trial) into its own folder, as a submit plans a command job, and records the
    /// plan and the definition it ran; a child that cannot be planned ends Failed with the diagnostics.
    /// </summary>
    internal static async Task<LocalJobPlan?> PlanChildAsync(CommandJob job, string experimentId, string baseDirectory, SupervisionContext context)
    {
        var (store, layout, child) = (context.Store, context.Layout, context.Name);
        var staging = Path.Combine(layout.Home, "jobs", ".staging-" + Guid.NewGuid().ToString("N"));
        WorkspaceLayout.CreateOwnerOnlyFolder(staging);
        LocalPlanner.Result result;
        try
        {
            result = LocalPlanner.Plan(job, experimentId, layout.JobFolder(child), PlanningFiles.Staging(staging, layout.Home),
                baseDirectory, EnvironmentTable.Load(layout.EnvironmentTable));
            if (result.Plan is null)
            {
                Directory.Delete(staging, recursive: true);
                var errors = result.Diagnostics.Where(d => d.IsError).Select(d => SecretScanner.Redact(d.ToString()));
                store.Jobs.TryTransition(child, JobStatus.Failed, context.Now, errorCode: JobErrorCode.UserError,
                    errorMessage: "The job could not be planned: " + string.Join("; ", errors));
                return null;
            }
            Directory.Move(staging, layout.JobFolder(child));
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        var plan = (await result.WithGitAsync(context.GitStates).ConfigureAwait(false))! with
        {
            Warnings = result.Diagnostics.Where(d => !d.IsError).Select(d => SecretScanner.Redact($"{d.Code}: {d.Message}")).ToList(),
        };
        // One write for all three: each write is a transaction of its own, and a step's planning sits between its
        // upstream step's end and its own start.
        store.Jobs.SetPlanned(child, JsonSerializer.Serialize(plan, LocalJsonContext.Default.LocalJobPlan), YamlJobWriter.Write(RedactedDefinition.Of(job)), result.Files);
        return plan;
    }
}
