using System.Security.Cryptography;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Sweeps;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Sweeps;

/// <summary>
/// What a sweep submit (or its validation) decides before any trial runs: the trial with its local paths absolute,
/// the seed, and a rehearsal of the first trial with the command-job planner, so a bad path is refused at submit
/// with its location (<c>trial.…</c>).
/// </summary>
internal static class SweepSubmission
{
    public sealed record Result(LocalSweepPlan? Plan, SweepJob Sweep, IReadOnlyList<Diagnostic> Diagnostics);

    public static Result Prepare(SweepJob sweep, string name, string experimentId, string baseDirectory, WorkspaceLayout layout, EnvironmentTable environments)
    {
        var diagnostics = new List<Diagnostic>();
        if (sweep.SamplingAlgorithm is not (GridSamplingAlgorithm or RandomSamplingAlgorithm))
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.UnsupportedKind, DiagnosticSeverity.Error,
                $"{sweep.SamplingAlgorithm.TypeName} sampling chooses each trial from the results of earlier ones; the local backend runs grid and random sweeps (Bayesian sweeps run on Azure ML).",
                "sampling_algorithm"));
            return new Result(null, sweep, diagnostics);
        }
        if (sweep.TrialReference is { Definition: null, Reference: { } registered })
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.StepNotRunnable, DiagnosticSeverity.Error,
                $"The trial is the registered component '{registered}', which the local backend cannot fetch; use a component file (trial: ./x.yml).", "trial"));
            return new Result(null, sweep, diagnostics);
        }
        var trial = TrialComposer.WithAbsolutePaths(Trial(sweep, baseDirectory), baseDirectory);
        var seed = sweep.SamplingAlgorithm is RandomSamplingAlgorithm { Seed: { } own } ? own : RandomNumberGenerator.GetInt32(int.MaxValue);
        var absolute = sweep with { Trial = trial, TrialReference = null };
        if (SweepPlan.Trials(absolute, seed).FirstOrDefault() is { } first)
        {
            var rehearsed = TrialComposer.Compose(trial, first, name + "_0", sweep.ExperimentName, sweep.Limits?.TrialTimeout);
            var result = LocalPlanner.Plan(rehearsed, experimentId, layout.JobFolder(name + "_0"), PlanningFiles.Rehearsal(layout.Home), baseDirectory, environments);
            diagnostics.AddRange(result.Diagnostics.Where(d => d.IsError).Select(d => d with { Path = d.Path.Length == 0 ? "trial" : "trial" + (d.Path.StartsWith('[') ? "" : ".") + d.Path }));
        }
        if (diagnostics.Any(d => d.IsError)) return new Result(null, absolute, diagnostics);
        var plan = new LocalSweepPlan { ExperimentId = experimentId, BaseDirectory = baseDirectory, SweepYaml = Yaml.YamlJobWriter.Write(absolute), Seed = seed };
        return new Result(plan, absolute, diagnostics);
    }

    /// <summary>The trial as a command job: a trial component file's definition under the sweep's own trial values.</summary>
    private static CommandJob Trial(SweepJob sweep, string baseDirectory)
    {
        if (sweep.TrialReference?.Definition is not { Body: CommandJob body } component) return sweep.Trial;
        var folder = component.SourcePath is { } source ? Path.GetDirectoryName(source) ?? baseDirectory : baseDirectory;
        var own = sweep.Trial;
        return body with
        {
            Command = string.IsNullOrWhiteSpace(own.Command) ? body.Command : own.Command,
            Code = SubmittedPaths.Absolute(own.Code ?? body.Code, own.Code is null ? folder : baseDirectory),
            Environment = own.Environment ?? body.Environment,
            Inputs = ValueMap.From(body.Inputs.Where(i => !own.Inputs.ContainsKey(i.Key)).Concat(own.Inputs)),
            Outputs = ValueMap.From(body.Outputs.Where(o => !own.Outputs.ContainsKey(o.Key)).Concat(own.Outputs)),
            EnvironmentVariables = ValueMap.From(body.EnvironmentVariables.Where(v => !own.EnvironmentVariables.ContainsKey(v.Key)).Concat(own.EnvironmentVariables)),
        };
    }
}
