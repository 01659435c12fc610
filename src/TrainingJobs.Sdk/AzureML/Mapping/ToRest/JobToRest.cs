using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// Builds the ARM job payload from a definition: the resource envelope and the fields every job kind has; each kind's
/// own fields come from <see cref="CommandWriter"/>, <see cref="PipelineWriter"/> and <see cref="SweepWriter"/>.
/// </summary>
internal static class JobToRest
{
    /// <summary>The job resource of <paramref name="job"/>; what the wire cannot carry is reported to <paramref name="context"/>.</summary>
    public static RestJobResource Convert(JobDefinition job, RestWriteContext context)
    {
        var properties = Job(job, "", context);
        // A rule of the service's, not of the file: the local backend runs a pipeline without compute, so only this face reports it.
        if (job is PipelineJob pipeline)
        {
            foreach (var missing in RequiredFields.MissingPipelineCompute(pipeline)) context.Add(missing);
        }
        return new RestJobResource
        {
            Id = job.Name is null ? null : context.Session.Scope.JobId(job.Name),
            Name = job.Name,
            Type = "Microsoft.MachineLearningServices/workspaces/jobs",
            Properties = properties,
        };
    }

    private static RestJobBase? Job(JobDefinition job, string path, RestWriteContext context)
    {
        RestJobBase? wire = job switch
        {
            CommandJob command => CommandWriter.Write(command, path, context),
            PipelineJob pipeline => PipelineWriter.Write(pipeline, path, context),
            SweepJob sweep => SweepWriter.Write(sweep, path, context),
            _ => null,
        };
        if (wire is null)
        {
            context.Report(RestDiagnosticCodes.UnsupportedDefinition, DiagnosticSeverity.Error, path, $"A job of kind '{job.Kind}' has no REST form.");
            return null;
        }
        wire.Description = job.Description;
        wire.Tags = StringMaps.ToWire(job.Tags);
        wire.Properties = StringMaps.ToWire(job.Properties);
        wire.ComputeId = ReferenceWriter.Compute(job.Compute, DiagnosticPath.Append(path, "compute"), context);
        wire.DisplayName = job.DisplayName;
        wire.ExperimentName = job.ExperimentName;
        wire.Identity = IdentityWriter.Write(job.Identity);
        wire.NotificationSetting = NotificationWriter.Write(job.Notifications);
        wire.Services = ServiceWriter.Write(job.Services);
        return wire;
    }
}
