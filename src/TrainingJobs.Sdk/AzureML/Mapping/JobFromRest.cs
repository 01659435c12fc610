using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>Reads a definition back from an ARM job payload, collecting diagnostics for what it cannot read.</summary>
internal sealed partial class JobFromRest
{
    private readonly RestMappingSession? _session;
    private readonly ArmReferences? _refs;
    private readonly List<Diagnostic> _diagnostics = [];

    /// <param name="session">The session the payload was written in, if any.</param>
    /// <param name="scope">The workspace short references are relative to; null keeps every id as it is.</param>
    public JobFromRest(RestMappingSession? session, AzureMLWorkspaceScope? scope)
    {
        _session = session;
        var effective = session?.Scope ?? scope;
        _refs = effective is null ? null : new ArmReferences(effective);
    }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public JobDefinition? Convert(RestJobResource resource)
    {
        if (resource.Properties is not { } properties)
        {
            Report(RestDiagnosticCodes.InvalidPayload, DiagnosticSeverity.Error, "properties", "The job resource has no properties.");
            return null;
        }
        var job = Job(properties, "");
        return job is null ? null : job with { Name = resource.Name };
    }

    private JobDefinition? Job(RestJobBase wire, string path)
    {
        JobDefinition? job = wire switch
        {
            RestCommandJob command => Command(command, path),
            RestPipelineJob pipeline => Pipeline(pipeline, path),
            RestSweepJob sweep => Sweep(sweep, path),
            _ => null,
        };
        if (job is null)
        {
            Report(RestDiagnosticCodes.UnsupportedJobType, DiagnosticSeverity.Error, DiagnosticPath.Append(path, "jobType"),
                $"Job type '{wire.JobType}' is not one the SDK models (Command, Pipeline and Sweep are); its JSON is kept as the service sent it.");
            return null;
        }
        return job with
        {
            Description = wire.Description,
            DisplayName = wire.DisplayName,
            ExperimentName = wire.ExperimentName,
            Tags = Map(wire.Tags),
            Properties = Map(wire.Properties),
            Compute = Compute(wire.ComputeId, DiagnosticPath.Append(path, "compute")),
            Identity = Identity(wire.Identity, DiagnosticPath.Append(path, "identity")),
            Services = Services(WithoutNulls(wire.Services, DiagnosticPath.Append(path, "services"), "service")),
            Notifications = Notifications(wire.NotificationSetting,
                WithoutNulls(wire.NotificationSetting?.Webhooks, DiagnosticPath.Append(DiagnosticPath.Append(path, "notification_setting"), "webhooks"), "webhook")),
        };
    }

    private CommandJob Command(RestCommandJob wire, string path) => new()
    {
        Command = wire.Command,
        Code = Code(wire.CodeId, DiagnosticPath.Append(path, "code")),
        Environment = Environment(wire.EnvironmentId, DiagnosticPath.Append(path, "environment")),
        EnvironmentVariables = Map(wire.EnvironmentVariables),
        Inputs = Inputs(wire.Inputs, DiagnosticPath.Append(path, "inputs")),
        Outputs = Outputs(wire.Outputs, DiagnosticPath.Append(path, "outputs")),
        Distribution = Distribution(wire.Distribution, DiagnosticPath.Append(path, "distribution")),
        Limits = wire.Limits is null ? null : new CommandJobLimits { Timeout = Duration(wire.Limits.Timeout, DiagnosticPath.Append(DiagnosticPath.Append(path, "limits"), "timeout")) },
        QueueSettings = Queue(wire.QueueSettings),
        Resources = Resources(wire.Resources),
    };

    private PipelineJob Pipeline(RestPipelineJob wire, string path)
    {
        var steps = new List<KeyValuePair<string, PipelineStep>>();
        foreach (var (name, node) in wire.Jobs ?? [])
        {
            if (Node(node, DiagnosticPath.Append(DiagnosticPath.Append(path, "jobs"), name)) is { } step) steps.Add(new(name, step));
        }
        return new PipelineJob
        {
            Inputs = Inputs(wire.Inputs, DiagnosticPath.Append(path, "inputs")),
            Outputs = Outputs(wire.Outputs, DiagnosticPath.Append(path, "outputs")),
            Steps = ValueMap.From(steps),
            Settings = Settings(wire.Settings, DiagnosticPath.Append(path, "settings")),
        };
    }

    private SweepJob Sweep(RestSweepJob wire, string path)
    {
        var trialPath = DiagnosticPath.Append(path, "trial");
        var wireTrial = wire.Trial ?? new RestTrialComponent();
        var memory = _session?.Recall<TrialMemory>(trialPath, Json(wireTrial));
        var resources = Resources(wireTrial.Resources);
        var trial = memory?.Trial ?? new CommandJob
        {
            Command = wireTrial.Command,
            Code = Code(wireTrial.CodeId, DiagnosticPath.Append(trialPath, "code")),
            Environment = Environment(wireTrial.EnvironmentId, DiagnosticPath.Append(trialPath, "environment")),
            EnvironmentVariables = Map(wireTrial.EnvironmentVariables),
            Distribution = Distribution(wireTrial.Distribution, DiagnosticPath.Append(trialPath, "distribution")),
        };
        if (wire.Objective is null)
        {
            _diagnostics.Add(RequiredFields.MissingObjective(DiagnosticPath.Append(path, "objective")));
        }
        var searchSpace = SearchSpaceWire.FromWire(wire.SearchSpace);
        foreach (var (name, parameter) in searchSpace)
        {
            if (parameter is UnrecognizedSearchSpaceParameter)
            {
                Report(RestDiagnosticCodes.UnknownWireValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(DiagnosticPath.Append(path, "search_space"), name),
                    "The search-space entry is in a form the SDK does not model; it is kept as the service wrote it, sent back unchanged and saved to YAML as the same structure.");
            }
        }
        return new SweepJob
        {
            Trial = trial,
            TrialReference = memory?.Reference,
            Resources = memory?.ResourcesOnTrial == true ? null : resources,
            Inputs = Inputs(wire.Inputs, DiagnosticPath.Append(path, "inputs")),
            Outputs = Outputs(wire.Outputs, DiagnosticPath.Append(path, "outputs")),
            SearchSpace = searchSpace,
            SamplingAlgorithm = Sampling(wire.SamplingAlgorithm, DiagnosticPath.Append(path, "sampling_algorithm")),
            Objective = new SweepObjective(wire.Objective?.PrimaryMetric ?? string.Empty, Goal.Parse(WireNames.GoalFromWire(wire.Objective?.Goal.Value ?? "maximize"))),
            Limits = wire.Limits is not { } limits ? null : new SweepJobLimits
            {
                MaxTotalTrials = (limits as RestSweepJobLimits)?.MaxTotalTrials,
                MaxConcurrentTrials = (limits as RestSweepJobLimits)?.MaxConcurrentTrials,
                Timeout = Duration(limits.Timeout, DiagnosticPath.Append(DiagnosticPath.Append(path, "limits"), "timeout")),
                TrialTimeout = Duration((limits as RestSweepJobLimits)?.TrialTimeout, DiagnosticPath.Append(DiagnosticPath.Append(path, "limits"), "trial_timeout")),
            },
            EarlyTermination = EarlyTermination(wire.EarlyTermination, DiagnosticPath.Append(path, "early_termination")),
            QueueSettings = Queue(wire.QueueSettings),
        };
    }

    private void Report(string code, DiagnosticSeverity severity, string path, string message) =>
        _diagnostics.Add(new Diagnostic(code, severity, message, path));

    /// <summary>An ISO-8601 duration; one that does not read is reported (TJ2013) and left out, the rest of the job is kept.</summary>
    private TimeSpan? Duration(string? text, string path)
    {
        if (WireValues.TryDurationFromWire(text, out var value)) return value;
        Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path,
            $"'{text}' is not an ISO-8601 duration the SDK can hold (such as PT2H30M, at most about 10675199 days); the field is left out of the definition.");
        return null;
    }

    /// <summary>A map without its null entries, each reported (TJ2013): there is nothing in them to read.</summary>
    private Dictionary<string, T>? WithoutNulls<T>(Dictionary<string, T>? map, string path, string what) where T : class
    {
        if (map is null || map.Values.All(v => v is not null)) return map;
        foreach (var (name, _) in map.Where(e => e.Value is null))
        {
            Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, name), $"The {what} is null, not an object; it is left out of the definition.");
        }
        return map.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private void Unknown(string path, string what) =>
        Report(RestDiagnosticCodes.UnknownWireValue, DiagnosticSeverity.Warning, path, $"The payload holds {what}, which the SDK does not model; it is left out of the definition.");

    private static ValueMap<string> Map(Dictionary<string, string?>? map) =>
        map is null ? ValueMap<string>.Empty : ValueMap.From(map.Select(e => new KeyValuePair<string, string>(e.Key, e.Value ?? string.Empty)));

    private static string Json<T>(T value) =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)RestJsonContext.Default.GetTypeInfo(typeof(T))!);
}
