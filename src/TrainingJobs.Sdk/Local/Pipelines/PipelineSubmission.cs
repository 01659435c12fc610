using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// What a pipeline submit (or its validation) decides before anything runs: each step's child job composed
/// (<see cref="StepComposer"/>) and rehearsed with the command-job planner, so a bad path or name in step seven is
/// refused at submit with its location (<c>jobs.&lt;step&gt;.…</c>), not found an hour later.
/// </summary>
internal static class PipelineSubmission
{
    /// <summary>The pipeline's plan (null when refused), the children's definitions by step, and every diagnostic.</summary>
    public sealed record Result(PipelinePlan? Plan, IReadOnlyDictionary<string, CommandJob> Children, IReadOnlyList<Diagnostic> Diagnostics);

    /// <summary>The child job of a step: the pipeline's name and the step's, as the Azure ML emulator names them.</summary>
    public static string ChildName(string pipeline, string step) => $"{pipeline}_{step}";

    public static Result Prepare(PipelineJob pipeline, string name, string experimentId, string baseDirectory, WorkspaceLayout layout, EnvironmentTable environments)
    {
        var diagnostics = new List<Diagnostic>();
        pipeline = NestedPipelines.Flatten(pipeline, diagnostics);
        var steps = new List<PlannedStep>();
        var children = new Dictionary<string, CommandJob>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, StepPort>(StringComparer.Ordinal);
        foreach (var (stepName, step) in pipeline.Steps)
        {
            var child = ChildName(name, stepName);
            if (!NameRules.IsValidJobName(child))
            {
                diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error,
                    $"Step '{stepName}' would run as job '{child}', which is not a valid job name (letters, digits, '-' and '_', at most 255 characters).",
                    DiagnosticPath.Append("jobs", stepName)));
                continue;
            }
            var composed = StepComposer.Compose(pipeline, stepName, step, child, baseDirectory, diagnostics);
            if (composed.Job is not { } job) continue;
            foreach (var (pipelineOutput, port) in composed.PipelineOutputs) outputs[pipelineOutput] = new StepPort(stepName, port);
            Rehearse(job, composed.Upstream, stepName, experimentId, baseDirectory, layout, environments, diagnostics);
            children[stepName] = job;
            steps.Add(new PlannedStep
            {
                Step = stepName,
                Child = child,
                DefinitionYaml = Yaml.YamlJobWriter.Write(job),
                DependsOn = composed.DependsOn,
                Upstream = composed.Upstream,
                IsDeterministic = composed.IsDeterministic,
            });
        }
        if (diagnostics.Any(d => d.IsError)) return new Result(null, children, diagnostics);
        var plan = new PipelinePlan
        {
            ExperimentId = experimentId,
            BaseDirectory = baseDirectory,
            Steps = steps,
            Outputs = outputs,
            ContinueOnStepFailure = pipeline.Settings?.ContinueOnStepFailure ?? false,
            ForceRerun = pipeline.Settings?.ForceRerun ?? false,
        };
        return new Result(plan, children, diagnostics);
    }

    /// <summary>
    /// Plans the step as it will run (nothing copied or created). An upstream input has no folder yet: a literal stands
    /// in for it, so the command still binds and only what exists now is checked.
    /// </summary>
    private static void Rehearse(CommandJob job, List<UpstreamInput> upstream, string stepName, string experimentId, string baseDirectory, WorkspaceLayout layout,
        EnvironmentTable environments, List<Diagnostic> diagnostics)
    {
        var placeholders = upstream.Select(u => KeyValuePair.Create<string, JobInput>(u.Input, new LiteralInput { Value = $"(the output {u.Port} of step {u.Step})" }));
        var rehearsed = job with { Inputs = ValueMap.From(job.Inputs.Concat(placeholders)) };
        var result = LocalPlanner.Plan(rehearsed, experimentId, layout.JobFolder(job.Name!), PlanningFiles.Rehearsal(layout.Home), baseDirectory, environments);
        var at = DiagnosticPath.Append("jobs", stepName);
        // Warnings are the step's own business (its record keeps them); errors refuse the pipeline.
        diagnostics.AddRange(result.Diagnostics.Where(d => d.IsError).Select(d => d with { Path = d.Path.Length == 0 ? at : at + (d.Path.StartsWith('[') ? "" : ".") + d.Path }));
    }

    /// <summary>
    /// The pipeline as stored: component files inlined (a stored definition is read back without its folder), and each
    /// command step's secrets redacted as a command job's are; nested pipelines (in place or components) likewise, all
    /// the way down.
    /// </summary>
    public static PipelineJob Stored(PipelineJob pipeline) => pipeline with
    {
        Steps = ValueMap.From(pipeline.Steps.Select(s => KeyValuePair.Create(s.Key, s.Value with
        {
            Job = s.Value.Job switch
            {
                CommandJob command => RedactedDefinition.Of(command),
                PipelineJob nested => Stored(nested),
                var other => other,
            },
            Component = s.Value.Component is { Definition: { } definition }
                ? new ComponentReference { Definition = definition with { SourcePath = null, Body = definition.Body is PipelineJob body ? Stored(body) : definition.Body } }
                : s.Value.Component,
        }))),
    };
}
