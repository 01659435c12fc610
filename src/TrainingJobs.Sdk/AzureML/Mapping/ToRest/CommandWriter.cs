using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>The fields of a command job on the wire.</summary>
internal static class CommandWriter
{
    /// <summary>The wire form of <paramref name="job"/> (without the fields every job has; see <see cref="JobToRest"/>).</summary>
    public static RestCommandJob Write(CommandJob job, string path, RestWriteContext context)
    {
        if (string.IsNullOrWhiteSpace(job.Command))
        {
            context.Add(RequiredFields.MissingCommand(DiagnosticPath.Append(path, "command")));
        }
        return new RestCommandJob
        {
            JobType = RestJobType.Command,
            Command = job.Command,
            CodeId = ReferenceWriter.Code(job.Code, DiagnosticPath.Append(path, "code"), context),
            EnvironmentId = ReferenceWriter.Environment(job.Environment, DiagnosticPath.Append(path, "environment"), required: true, context),
            EnvironmentVariables = StringMaps.ToWire(job.EnvironmentVariables),
            Inputs = PortWriter.Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs"), context),
            Outputs = PortWriter.Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs"), context),
            Distribution = ResourceWriter.Distribution(job.Distribution, DiagnosticPath.Append(path, "distribution"), context),
            Limits = Limits(job.Limits),
            QueueSettings = ResourceWriter.Queue(job.QueueSettings, DiagnosticPath.Append(path, "queue_settings"), context),
            Resources = ResourceWriter.Resources(job.Resources, DiagnosticPath.Append(path, "resources"), context),
        };
    }

    /// <summary>A command job's limits: only the timeout.</summary>
    public static RestCommandJobLimits? Limits(CommandJobLimits? limits) =>
        limits is null ? null : new RestCommandJobLimits { JobLimitsType = RestJobLimitsType.Command, Timeout = WireValues.DurationToWire(limits.Timeout) };
}
