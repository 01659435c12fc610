using System.Text.RegularExpressions;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>
/// What YAML → REST → YAML may change when the payload is read back WITHOUT the session that wrote it (as a GET
/// by another process does). The list is explicit; anything else must come back equal:
/// <list type="number">
/// <item>A local code path becomes the uploaded code asset (<c>azureml:&lt;hash&gt;:1</c>).</item>
/// <item>An environment defined in place (image, build, conda file, <c>file:</c>) becomes the anonymous environment
/// reference (<c>azureml:CliV2AnonymousEnvironment:&lt;hash&gt;</c>).</item>
/// <item>A local input or output path becomes its datastore URI (<c>azureml://datastores/workspaceblobstore/paths/LocalUpload/…</c>).</item>
/// <item>A step defined in place or from a component file becomes a reference to its anonymous component
/// (<c>azureml:azureml_anonymous:&lt;hash&gt;</c>); the step keeps its inputs, outputs and overrides, the command,
/// code and environment live in the component.</item>
/// <item>References take their short canonical spelling: a bare compute name gets <c>azureml:</c>; an ARM id in
/// the workspace becomes <c>azureml:name:version</c> (<c>azureml:name</c> for computes and datastores).</item>
/// <item>Literal inputs lose what TJ2004 reports (declared type, default, min, max, enum, optional) and read back
/// with the type their text gives (TJ2005 reports a string that reads as another type).</item>
/// <item>An asset input that gives only a binding as its path is read back as the binding itself.</item>
/// <item>A sweep's trial file becomes its inline trial: command, code, environment, environment variables and
/// distribution; the trial's own inputs, outputs, name, display name and description are not carried (TJ2004), and
/// resources given on the trial come back on the sweep.</item>
/// <item>A step output bound to a pipeline output loses its type (TJ2004): the pipeline output's type applies.</item>
/// <item>An output of type <c>uri_folder</c> (the default) comes back with the type unset.</item>
/// </list>
/// </summary>
internal static partial class RestRoundTripNormalisations
{
    /// <summary>The definition a session-less read should give for <paramref name="job"/> written in <paramref name="session"/>.</summary>
    public static JobDefinition Expected(JobDefinition job, RestMappingSession session) => Job(job, "", session);

    private static JobDefinition Job(JobDefinition job, string path, RestMappingSession session)
    {
        job = job with
        {
            Compute = Compute(job.Compute, session.Scope),
            Inputs = Inputs(job.Inputs, Join(path, "inputs"), session),
            Outputs = Outputs(job.Outputs, Join(path, "outputs"), session),
        };
        return job switch
        {
            CommandJob command => command with
            {
                Code = Pending(session, Join(path, "code")) is { } code ? Short(code.WireValue, session.Scope) : Short(command.Code, session.Scope),
                Environment = Pending(session, Join(path, "environment")) is { } environment
                    ? new EnvironmentReference(Short(environment.WireValue, session.Scope)!)
                    : command.Environment is EnvironmentReference reference ? new EnvironmentReference(Short(reference.Reference, session.Scope)!) : command.Environment,
            },
            PipelineJob pipeline => pipeline with
            {
                Steps = ValueMap.From(pipeline.Steps.Select(e => new KeyValuePair<string, PipelineStep>(e.Key, Step(e.Value, Join(Join(path, "jobs"), e.Key), session)))),
                Settings = pipeline.Settings is null ? null : pipeline.Settings with { DefaultCompute = Compute(pipeline.Settings.DefaultCompute, session.Scope) },
            },
            SweepJob sweep => sweep with
            {
                Trial = Trial((CommandJob)Job(sweep.Trial, Join(path, "trial"), session)),
                TrialReference = null,
                Resources = sweep.Resources ?? sweep.Trial.Resources,
            },
            _ => job,
        };
    }

    private static CommandJob Trial(CommandJob trial) => new()
    {
        Command = trial.Command,
        Code = trial.Code,
        Environment = trial.Environment,
        EnvironmentVariables = trial.EnvironmentVariables,
        Distribution = trial.Distribution,
    };

    private static PipelineStep Step(PipelineStep step, string path, RestMappingSession session)
    {
        var job = Job(step.Job, path, session);
        if (Pending(session, Join(path, "component")) is { } component)
        {
            // The component holds what defines the step; the node keeps the rest.
            job = job switch
            {
                CommandJob command => command with { Command = null, Code = null, Environment = null },
                PipelineJob pipeline => pipeline with { Steps = ValueMap<PipelineStep>.Empty, Settings = null },
                _ => job,
            };
            return new PipelineStep { Job = job, Component = new ComponentReference { Reference = Short(component.WireValue, session.Scope) } };
        }
        return step with
        {
            Job = job,
            Component = step.Component is { Reference: { } reference } ? new ComponentReference { Reference = Short(reference, session.Scope) } : step.Component,
        };
    }

    private static ValueMap<JobInput> Inputs(ValueMap<JobInput> inputs, string path, RestMappingSession session) =>
        ValueMap.From(inputs.SelectMany(e =>
        {
            var inputPath = Join(path, e.Key);
            JobInput? input = e.Value switch
            {
                LiteralInput { EffectiveValue: { } value } literal => new LiteralInput
                {
                    Value = WireValues.LiteralFromWire(WireValues.LiteralToWire(value)),
                    Description = literal.Description,
                },
                LiteralInput => null,
                AssetInput { Path: { } binding } asset when BindingText.IsBinding(binding) =>
                    new BindingInput { Expression = binding, Mode = asset.Mode, Description = asset.Description },
                AssetInput asset => asset with
                {
                    Path = Pending(session, Join(inputPath, "path")) is { } data ? data.WireValue : Short(asset.Path, session.Scope),
                    TypeIsExplicit = true,
                    Optional = null,
                    Datastore = null,
                },
                BindingInput binding => binding with { Type = null, Optional = null },
                _ => e.Value,
            };
            return input is null ? [] : new[] { new KeyValuePair<string, JobInput>(e.Key, input) };
        }));

    private static ValueMap<JobOutput> Outputs(ValueMap<JobOutput> outputs, string path, RestMappingSession session) =>
        ValueMap.From(outputs.Select(e =>
        {
            var output = e.Value;
            var type = output.Type is { } t && t == PortType.UriFolder ? null : output.Type;
            var path2 = Pending(session, Join(Join(path, e.Key), "path")) is { } data ? data.WireValue : output.Path;
            // Only a step's output is bound (to a pipeline output); a job-level path may hold ${{name}} and keeps its type.
            if (path.Contains("jobs.", StringComparison.Ordinal) && path2 is not null && path2.StartsWith("${{", StringComparison.Ordinal)) type = null;
            return new KeyValuePair<string, JobOutput>(e.Key, output with { Type = type, Path = path2 });
        }));

    private static PendingAsset? Pending(RestMappingSession session, string path) =>
        session.PendingAssets.FirstOrDefault(a => a.Path == path);

    private static string? Compute(string? compute, AzureMLWorkspaceScope scope)
    {
        if (compute is null || BindingText.IsBinding(compute)) return compute;
        var body = compute.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) ? compute["azureml:".Length..] : compute;
        var prefix = scope.ResourceId + "/computes/";
        if (body.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) body = body[prefix.Length..];
        return body.Contains('/', StringComparison.Ordinal) ? body : "azureml:" + body;
    }

    /// <summary>An asset id or <c>azureml:/subscriptions/…</c> reference in the workspace as <c>azureml:name:version</c>.</summary>
    private static string? Short(string? reference, AzureMLWorkspaceScope scope)
    {
        if (reference is null) return null;
        var id = reference.StartsWith("azureml:/", StringComparison.OrdinalIgnoreCase) ? reference["azureml:".Length..] : reference;
        if (!id.StartsWith(scope.ResourceId + "/", StringComparison.OrdinalIgnoreCase)) return reference;
        var match = AssetId().Match(id[(scope.ResourceId.Length + 1)..]);
        return match.Success ? $"azureml:{match.Groups["name"].Value}:{match.Groups["version"].Value}" : reference;
    }

    [GeneratedRegex("^(?:environments|codes|components|data)/(?<name>[^/]+)/versions/(?<version>[^/]+)$")]
    private static partial Regex AssetId();

    private static string Join(string path, string segment) => path.Length == 0 ? segment : path + "." + segment;
}
