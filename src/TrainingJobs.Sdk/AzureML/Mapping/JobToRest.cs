using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>Builds the ARM job payload from a definition, collecting diagnostics for what the wire cannot carry.</summary>
internal sealed partial class JobToRest
{
    private const string AnonymousEnvironment = "CliV2AnonymousEnvironment";
    private const string AnonymousComponent = "azureml_anonymous";
    private const string DefaultDatastore = "workspaceblobstore";

    private readonly RestMappingSession _session;
    private readonly ArmReferences _refs;
    private readonly List<Diagnostic> _diagnostics = [];

    public JobToRest(RestMappingSession session)
    {
        _session = session;
        _refs = new ArmReferences(session.Scope);
    }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public RestJobResource Convert(JobDefinition job)
    {
        var properties = Job(job, "");
        return new RestJobResource
        {
            Id = job.Name is null ? null : _session.Scope.JobId(job.Name),
            Name = job.Name,
            Type = "Microsoft.MachineLearningServices/workspaces/jobs",
            Properties = properties,
        };
    }

    private RestJobBase? Job(JobDefinition job, string path)
    {
        RestJobBase? wire = job switch
        {
            CommandJob command => Command(command, path),
            PipelineJob pipeline => Pipeline(pipeline, path),
            SweepJob sweep => Sweep(sweep, path),
            _ => null,
        };
        if (wire is null)
        {
            Report(RestDiagnosticCodes.UnsupportedDefinition, DiagnosticSeverity.Error, path, $"A job of kind '{job.Kind}' has no REST form.");
            return null;
        }
        wire.Description = job.Description;
        wire.Tags = Map(job.Tags);
        wire.Properties = Map(job.Properties);
        wire.ComputeId = Compute(job.Compute, DiagnosticPath.Append(path, "compute"));
        wire.DisplayName = job.DisplayName;
        wire.ExperimentName = job.ExperimentName;
        wire.Identity = Identity(job.Identity);
        wire.NotificationSetting = Notifications(job.Notifications);
        wire.Services = Services(job.Services);
        return wire;
    }

    private RestCommandJob Command(CommandJob job, string path)
    {
        if (string.IsNullOrWhiteSpace(job.Command))
        {
            _diagnostics.Add(RequiredFields.MissingCommand(DiagnosticPath.Append(path, "command")));
        }
        return new RestCommandJob
        {
            JobType = RestJobType.Command,
            Command = job.Command,
            CodeId = Code(job.Code, DiagnosticPath.Append(path, "code")),
            EnvironmentId = Environment(job.Environment, DiagnosticPath.Append(path, "environment"), required: true),
            EnvironmentVariables = Map(job.EnvironmentVariables),
            Inputs = Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs")),
            Outputs = Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs")),
            Distribution = Distribution(job.Distribution, DiagnosticPath.Append(path, "distribution")),
            Limits = job.Limits is null ? null : new RestCommandJobLimits { JobLimitsType = RestJobLimitsType.Command, Timeout = WireValues.DurationToWire(job.Limits.Timeout) },
            QueueSettings = Queue(job.QueueSettings, DiagnosticPath.Append(path, "queue_settings")),
            Resources = Resources(job.Resources, DiagnosticPath.Append(path, "resources")),
        };
    }

    private RestPipelineJob Pipeline(PipelineJob job, string path)
    {
        Dictionary<string, JsonNode?>? nodes = null;
        foreach (var (name, step) in job.Steps)
        {
            nodes ??= [];
            nodes[name] = Node(step, DiagnosticPath.Append(DiagnosticPath.Append(path, "jobs"), name));
        }
        return new RestPipelineJob
        {
            JobType = RestJobType.Pipeline,
            Inputs = Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs")),
            Outputs = Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs")),
            Jobs = nodes,
            Settings = Settings(job.Settings, DiagnosticPath.Append(path, "settings")),
        };
    }

    private RestSweepJob Sweep(SweepJob job, string path, bool withInputsAndOutputs = true)
    {
        return new RestSweepJob
        {
            JobType = RestJobType.Sweep,
            Inputs = withInputsAndOutputs ? Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs")) : null,
            Outputs = withInputsAndOutputs ? Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs")) : null,
            Limits = job.Limits is null ? null : new RestSweepJobLimits
            {
                JobLimitsType = RestJobLimitsType.Sweep,
                MaxTotalTrials = job.Limits.MaxTotalTrials,
                MaxConcurrentTrials = job.Limits.MaxConcurrentTrials,
                Timeout = WireValues.DurationToWire(job.Limits.Timeout),
                TrialTimeout = WireValues.DurationToWire(job.Limits.TrialTimeout),
            },
            QueueSettings = Queue(job.QueueSettings, DiagnosticPath.Append(path, "queue_settings")),
            Objective = new RestObjective { Goal = new RestGoal(WireNames.GoalToWire(job.Objective.Goal.ToString())), PrimaryMetric = job.Objective.PrimaryMetric },
            SamplingAlgorithm = Sampling(job.SamplingAlgorithm, DiagnosticPath.Append(path, "sampling_algorithm")),
            EarlyTermination = EarlyTermination(job.EarlyTermination),
            SearchSpace = SearchSpaceWire.ToWire(job.SearchSpace),
            Trial = Trial(job, DiagnosticPath.Append(path, "trial")),
        };
    }

    private RestTrialComponent Trial(SweepJob sweep, string path)
    {
        var trial = sweep.Trial;
        if (string.IsNullOrWhiteSpace(trial.Command))
        {
            _diagnostics.Add(RequiredFields.MissingCommand(DiagnosticPath.Append(path, "command"), "A sweep trial"));
        }
        if (sweep.Resources is not null && trial.Resources is not null && sweep.Resources != trial.Resources)
        {
            Report(RestDiagnosticCodes.ConflictingResources, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, "resources"), "Resources are given on the sweep and on its trial; the wire has one place for them and the sweep's are sent.");
        }
        var wire = new RestTrialComponent
        {
            Command = trial.Command,
            CodeId = Code(trial.Code, DiagnosticPath.Append(path, "code")),
            EnvironmentId = Environment(trial.Environment, DiagnosticPath.Append(path, "environment"), required: true),
            EnvironmentVariables = Map(trial.EnvironmentVariables),
            Distribution = Distribution(trial.Distribution, DiagnosticPath.Append(path, "distribution")),
            Resources = Resources(sweep.Resources ?? trial.Resources, DiagnosticPath.Append(path, "resources")),
        };
        ReportTrialLeftovers(trial, path);
        // The trial's own declarations (inputs of a trial component, where it came from, whether resources sat
        // on it) have no place on the wire; the session restores them while the wire trial is unchanged.
        _session.Remember(path, Json(wire), new TrialMemory(trial, sweep.TrialReference, sweep.Resources is null && trial.Resources is not null));
        return wire;
    }

    private void ReportTrialLeftovers(CommandJob trial, string path)
    {
        if (trial.Limits is not null) NotCarried(DiagnosticPath.Append(path, "limits"), "limits of a sweep trial (use the sweep's limits.trial_timeout)");
        if (trial.Compute is not null) NotCarried(DiagnosticPath.Append(path, "compute"), "compute of a sweep trial (the sweep's compute runs every trial)");
        if (trial.QueueSettings is not null) NotCarried(DiagnosticPath.Append(path, "queue_settings"), "queue settings of a sweep trial");
        // A trial from a component file declares inputs and outputs (with defaults) and names itself; the inline
        // trial of the wire has no place for them, so the defaults do not reach the service.
        if (!trial.Inputs.IsEmpty) NotCarried(DiagnosticPath.Append(path, "inputs"), "the inputs a sweep trial declares (with their defaults): give them as inputs of the sweep");
        if (!trial.Outputs.IsEmpty) NotCarried(DiagnosticPath.Append(path, "outputs"), "the outputs a sweep trial declares: give them as outputs of the sweep");
        if (trial.DisplayName is not null || trial.Description is not null || trial.Name is not null)
        {
            NotCarried(path, "the name, display name or description of a sweep trial");
        }
    }

    private void Report(string code, DiagnosticSeverity severity, string path, string message) =>
        _diagnostics.Add(new Diagnostic(code, severity, message, path));

    private void NotCarried(string path, string what) =>
        Report(RestDiagnosticCodes.NotCarried, DiagnosticSeverity.Warning, path, $"The REST job payload (api-version {JobRestMapper.ApiVersion}) has no place for {what}; it is not sent.");

    private static Dictionary<string, string?>? Map(ValueMap<string> map) =>
        map.IsEmpty ? null : map.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    private static string Json<T>(T value) =>
        JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RestJsonContext.Default.GetTypeInfo(typeof(T))!);
}

/// <summary>What a sweep trial held that its wire form does not.</summary>
internal sealed record TrialMemory(CommandJob Trial, ComponentReference? Reference, bool ResourcesOnTrial);
