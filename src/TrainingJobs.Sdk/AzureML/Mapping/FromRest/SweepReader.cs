using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>The fields of a sweep job read back from the wire: its trial, search space and ports (the search settings are <see cref="SweepSettingsReader"/>'s).</summary>
internal static class SweepReader
{
    /// <summary>The sweep job in <paramref name="wire"/> (without the fields every job has; see <see cref="JobFromRest"/>).</summary>
    public static SweepJob Read(RestSweepJob wire, string path, RestReadContext context)
    {
        var trialPath = DiagnosticPath.Append(path, "trial");
        var wireTrial = wire.Trial ?? new RestTrialComponent();
        var memory = context.Session?.Recall<TrialMemory>(trialPath, RestJson.Serialize(wireTrial));
        var resources = ResourceReader.Resources(wireTrial.Resources);
        var trial = memory?.Trial ?? Trial(wireTrial, trialPath, context);
        if (wire.Objective is null)
        {
            context.Add(RequiredFields.MissingObjective(DiagnosticPath.Append(path, "objective")));
        }
        var searchSpace = SearchSpace(wire, path, context);
        return new SweepJob
        {
            Trial = trial,
            TrialReference = memory?.Reference,
            Resources = memory?.ResourcesOnTrial == true ? null : resources,
            Inputs = PortReader.Inputs(wire.Inputs, DiagnosticPath.Append(path, "inputs"), context),
            Outputs = PortReader.Outputs(wire.Outputs, DiagnosticPath.Append(path, "outputs"), context),
            SearchSpace = searchSpace,
            SamplingAlgorithm = SweepSettingsReader.Sampling(wire.SamplingAlgorithm, DiagnosticPath.Append(path, "sampling_algorithm"), context),
            Objective = SweepSettingsReader.Objective(wire.Objective),
            Limits = SweepSettingsReader.Limits(wire.Limits, path, context),
            EarlyTermination = SweepSettingsReader.EarlyTermination(wire.EarlyTermination, DiagnosticPath.Append(path, "early_termination"), context),
            QueueSettings = ResourceReader.Queue(wire.QueueSettings),
        };
    }

    /// <summary>The trial as the wire holds it, when the session does not remember how the definition wrote it.</summary>
    private static CommandJob Trial(RestTrialComponent wireTrial, string trialPath, RestReadContext context) => new()
    {
        Command = wireTrial.Command,
        Code = ReferenceReader.Code(wireTrial.CodeId, DiagnosticPath.Append(trialPath, "code"), context),
        Environment = ReferenceReader.Environment(wireTrial.EnvironmentId, DiagnosticPath.Append(trialPath, "environment"), context),
        EnvironmentVariables = WireFields.StringMap(wireTrial.EnvironmentVariables),
        Distribution = ResourceReader.Distribution(wireTrial.Distribution, DiagnosticPath.Append(trialPath, "distribution"), context),
    };

    private static ValueMap<SearchSpaceParameter> SearchSpace(RestSweepJob wire, string path, RestReadContext context)
    {
        var searchSpace = SearchSpaceWire.FromWire(wire.SearchSpace);
        foreach (var (name, parameter) in searchSpace)
        {
            if (parameter is UnrecognizedSearchSpaceParameter)
            {
                context.Report(RestDiagnosticCodes.UnknownWireValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(DiagnosticPath.Append(path, "search_space"), name),
                    "The search-space entry is in a form the SDK does not model; it is kept as the service wrote it, sent back unchanged and saved to YAML as the same structure.");
            }
        }
        return searchSpace;
    }
}
