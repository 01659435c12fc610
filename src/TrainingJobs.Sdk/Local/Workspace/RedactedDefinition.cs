using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The face of a job's definition that is stored (<c>definition_yaml</c>) and therefore shown (<c>show</c>, <c>-o yaml</c>,
/// <c>-o json</c>, the client's <c>Job.Definition</c>): every value <see cref="SecretScanner"/> flags, and every
/// environment variable whose name says it is a secret, replaced by <see cref="SecretScanner.Redacted"/>.
/// The real values live only in the job's plan (<c>plan_json</c>, in the owner-only database, never shown), which is
/// what the supervisor runs: the job still receives them.
/// </summary>
internal static class RedactedDefinition
{
    public static CommandJob Of(CommandJob job) => job with
    {
        Command = SecretScanner.Redact(job.Command),
        DisplayName = SecretScanner.Redact(job.DisplayName),
        Description = SecretScanner.Redact(job.Description),
        Tags = RedactValues(job.Tags),
        Properties = RedactValues(job.Properties),
        EnvironmentVariables = ValueMap.From(job.EnvironmentVariables.Select(v =>
            KeyValuePair.Create(v.Key, SecretScanner.IsSecretName(v.Key) ? SecretScanner.Redacted : SecretScanner.Redact(v.Value)))),
        Code = SecretScanner.Redact(job.Code),
        Inputs = ValueMap.From(job.Inputs.Select(i => KeyValuePair.Create(i.Key, Of(i.Value)))),
        Outputs = ValueMap.From(job.Outputs.Select(o => KeyValuePair.Create(o.Key, o.Value with { Path = SecretScanner.Redact(o.Value.Path) }))),
        Resources = job.Resources is { } resources ? resources with { DockerArgs = SecretScanner.Redact(resources.DockerArgs) } : null,
    };

    // The same fields the validator scans for secrets (PortChecks): a literal's value and default, an asset's path.
    private static JobInput Of(JobInput input) => input switch
    {
        LiteralInput literal => literal with { Value = Of(literal.Value), Default = Of(literal.Default) },
        AssetInput asset => asset with { Path = SecretScanner.Redact(asset.Path) },
        _ => input,
    };

    private static LiteralValue? Of(LiteralValue? value) =>
        value is { StringValue: { } text } && SecretScanner.Redact(text) is var redacted && redacted != text
            ? LiteralValue.FromString(redacted)
            : value;

    private static ValueMap<string> RedactValues(ValueMap<string> values) =>
        ValueMap.From(values.Select(v => KeyValuePair.Create(v.Key, SecretScanner.Redact(v.Value))));
}
