using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>The fields of a sweep job on the wire, and its trial (the search itself is <see cref="SweepSettingsWriter"/>'s).</summary>
internal static class SweepWriter
{
    /// <summary>The wire form of <paramref name="job"/> (without the fields every job has; see <see cref="JobToRest"/>).</summary>
    /// <param name="job">The sweep.</param>
    /// <param name="path">Where it is in the definition.</param>
    /// <param name="context">The conversion.</param>
    /// <param name="withInputsAndOutputs">False for a pipeline step, whose ports go on the node in their free-form shape.</param>
    /// <param name="withTrial">False for a pipeline step whose trial is a registered component, which the step sends as its id.</param>
    public static RestSweepJob Write(SweepJob job, string path, RestWriteContext context, bool withInputsAndOutputs = true, bool withTrial = true)
    {
        return new RestSweepJob
        {
            JobType = RestJobType.Sweep,
            Inputs = withInputsAndOutputs ? PortWriter.Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs"), context) : null,
            Outputs = withInputsAndOutputs ? PortWriter.Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs"), context) : null,
            Limits = SweepSettingsWriter.Limits(job.Limits),
            QueueSettings = ResourceWriter.Queue(job.QueueSettings, DiagnosticPath.Append(path, "queue_settings"), context),
            Objective = SweepSettingsWriter.Objective(job.Objective),
            SamplingAlgorithm = SweepSettingsWriter.Sampling(job.SamplingAlgorithm, DiagnosticPath.Append(path, "sampling_algorithm"), context),
            EarlyTermination = SweepSettingsWriter.EarlyTermination(job.EarlyTermination),
            SearchSpace = SearchSpaceWire.ToWire(job.SearchSpace),
            Trial = withTrial ? Trial(job, DiagnosticPath.Append(path, "trial"), context) : null,
        };
    }

    private static RestTrialComponent Trial(SweepJob sweep, string path, RestWriteContext context)
    {
        var trial = sweep.Trial;
        if (string.IsNullOrWhiteSpace(trial.Command))
        {
            context.Add(RequiredFields.MissingCommand(DiagnosticPath.Append(path, "command"), "A sweep trial"));
        }
        if (sweep.Resources is not null && trial.Resources is not null && sweep.Resources != trial.Resources)
        {
            context.Report(RestDiagnosticCodes.ConflictingResources, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, "resources"), "Resources are given on the sweep and on its trial; the wire has one place for them and the sweep's are sent.");
        }
        var wire = new RestTrialComponent
        {
            Command = trial.Command,
            CodeId = ReferenceWriter.Code(trial.Code, DiagnosticPath.Append(path, "code"), context),
            EnvironmentId = ReferenceWriter.Environment(trial.Environment, DiagnosticPath.Append(path, "environment"), required: true, context),
            EnvironmentVariables = StringMaps.ToWire(trial.EnvironmentVariables),
            Distribution = ResourceWriter.Distribution(trial.Distribution, DiagnosticPath.Append(path, "distribution"), context),
            Resources = ResourceWriter.Resources(sweep.Resources ?? trial.Resources, DiagnosticPath.Append(path, "resources"), context),
        };
        ReportTrialLeftovers(trial, path, context);
        // The trial's own declarations (inputs of a trial component, where it came from, whether resources sat
        // on it) have no place on the wire; the session restores them while the wire trial is unchanged.
        context.Remember(path, RestJson.Serialize(wire), new TrialMemory(trial, sweep.TrialReference, sweep.Resources is null && trial.Resources is not null));
        return wire;
    }

    private static void ReportTrialLeftovers(CommandJob trial, string path, RestWriteContext context)
    {
        if (trial.Limits is not null) context.NotCarried(DiagnosticPath.Append(path, "limits"), "limits of a sweep trial (use the sweep's limits.trial_timeout)");
        if (trial.Compute is not null) context.NotCarried(DiagnosticPath.Append(path, "compute"), "compute of a sweep trial (the sweep's compute runs every trial)");
        if (trial.QueueSettings is not null) context.NotCarried(DiagnosticPath.Append(path, "queue_settings"), "queue settings of a sweep trial");
        // A trial from a component file declares inputs and outputs (with defaults) and names itself; the inline
        // trial of the wire has no place for them, so the defaults do not reach the service.
        if (!trial.Inputs.IsEmpty) context.NotCarried(DiagnosticPath.Append(path, "inputs"), "the inputs a sweep trial declares (with their defaults): give them as inputs of the sweep");
        if (!trial.Outputs.IsEmpty) context.NotCarried(DiagnosticPath.Append(path, "outputs"), "the outputs a sweep trial declares: give them as outputs of the sweep");
        if (trial.DisplayName is not null || trial.Description is not null || trial.Name is not null)
        {
            context.NotCarried(path, "the name, display name or description of a sweep trial");
        }
    }
}
