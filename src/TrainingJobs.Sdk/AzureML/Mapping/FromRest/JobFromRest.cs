using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>
/// Reads a definition back from an ARM job payload: the fields every job kind has; each kind's own fields come
/// from <see cref="CommandReader"/>, <see cref="PipelineReader"/> and <see cref="SweepReader"/>.
/// </summary>
internal static class JobFromRest
{
    /// <summary>The definition in <paramref name="resource"/>; null when it has none the SDK models (reported to <paramref name="context"/>).</summary>
    public static JobDefinition? Convert(RestJobResource resource, RestReadContext context)
    {
        if (resource.Properties is not { } properties)
        {
            context.Report(RestDiagnosticCodes.InvalidPayload, DiagnosticSeverity.Error, "properties", "The job resource has no properties.");
            return null;
        }
        var job = Job(properties, "", context);
        return job is null ? null : job with { Name = resource.Name };
    }

    private static JobDefinition? Job(RestJobBase wire, string path, RestReadContext context)
    {
        JobDefinition? job = wire switch
        {
            RestCommandJob command => CommandReader.Read(command, path, context),
            RestPipelineJob pipeline => PipelineReader.Read(pipeline, path, context),
            RestSweepJob sweep => SweepReader.Read(sweep, path, context),
            _ => null,
        };
        if (job is null)
        {
            context.Report(RestDiagnosticCodes.UnsupportedJobType, DiagnosticSeverity.Error, DiagnosticPath.Append(path, "jobType"),
                $"Job type '{wire.JobType}' is not one the SDK models (Command, Pipeline and Sweep are); its JSON is kept as the service sent it.");
            return null;
        }
        return job with
        {
            Description = wire.Description,
            DisplayName = wire.DisplayName,
            ExperimentName = wire.ExperimentName,
            Tags = WireFields.StringMap(wire.Tags),
            Properties = WireFields.StringMap(wire.Properties),
            Compute = ReferenceReader.Compute(wire.ComputeId, DiagnosticPath.Append(path, "compute"), context),
            Identity = IdentityReader.Read(wire.Identity, DiagnosticPath.Append(path, "identity"), context),
            Services = ServiceReader.Read(WireFields.WithoutNulls(wire.Services, DiagnosticPath.Append(path, "services"), "service", context)),
            Notifications = NotificationReader.Read(wire.NotificationSetting,
                WireFields.WithoutNulls(wire.NotificationSetting?.Webhooks, DiagnosticPath.Append(DiagnosticPath.Append(path, "notification_setting"), "webhooks"), "webhook", context)),
        };
    }
}
