using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>The fields of a command job read back from the wire.</summary>
internal static class CommandReader
{
    /// <summary>The command job in <paramref name="wire"/> (without the fields every job has; see <see cref="JobFromRest"/>).</summary>
    public static CommandJob Read(RestCommandJob wire, string path, RestReadContext context) => new()
    {
        Command = wire.Command,
        Code = ReferenceReader.Code(wire.CodeId, DiagnosticPath.Append(path, "code"), context),
        Environment = ReferenceReader.Environment(wire.EnvironmentId, DiagnosticPath.Append(path, "environment"), context),
        EnvironmentVariables = WireFields.StringMap(wire.EnvironmentVariables),
        Inputs = PortReader.Inputs(wire.Inputs, DiagnosticPath.Append(path, "inputs"), context),
        Outputs = PortReader.Outputs(wire.Outputs, DiagnosticPath.Append(path, "outputs"), context),
        Distribution = ResourceReader.Distribution(wire.Distribution, DiagnosticPath.Append(path, "distribution"), context),
        Limits = Limits(wire.Limits, path, context),
        QueueSettings = ResourceReader.Queue(wire.QueueSettings),
        Resources = ResourceReader.Resources(wire.Resources),
    };

    /// <summary>A command job's limits (only the timeout) of the job at <paramref name="jobPath"/>.</summary>
    public static CommandJobLimits? Limits(RestJobLimits? limits, string jobPath, RestReadContext context) =>
        limits is null ? null : new CommandJobLimits { Timeout = WireFields.Duration(limits.Timeout, DiagnosticPath.Append(DiagnosticPath.Append(jobPath, "limits"), "timeout"), context) };
}
