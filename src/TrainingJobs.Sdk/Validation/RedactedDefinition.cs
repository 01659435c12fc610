using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>
/// The face of a job's definition that is stored (<c>definition_yaml</c>) and therefore shown (<c>show</c>, <c>-o yaml</c>,
/// <c>-o json</c>, the client's <c>Job.Definition</c>, a record's definition): every value <see cref="SecretScanner"/> flags,
/// every environment variable whose name says it is a secret, and that variable's value wherever else it is written (in
/// the command, a tag, a literal), replaced by <see cref="SecretScanner.Redacted"/> (<see cref="SecretValues"/>).
/// The real values live only in the job's plan (<c>plan_json</c>, in the owner-only database, never shown), which is
/// what the supervisor runs: the job still receives them.
/// </summary>
internal static class RedactedDefinition
{
    /// <summary>
    /// Any definition's shown face: a command's, a sweep's trial's, each pipeline step's (at any depth). For a definition
    /// that a service returns with its secrets (an Azure ML job's), wherever it is written down (a record, a bundle).
    /// </summary>
    public static JobDefinition Of(JobDefinition definition) => definition switch
    {
        CommandJob command => Of(command),
        SweepJob sweep => sweep with { Trial = Of(sweep.Trial) },
        PipelineJob pipeline => pipeline with
        {
            Steps = ValueMap.From(pipeline.Steps.Select(s => KeyValuePair.Create(s.Key, s.Value with { Job = Of(s.Value.Job) }))),
        },
        _ => definition,
    };

    public static CommandJob Of(CommandJob job)
    {
        var secrets = SecretValues.Of(job.EnvironmentVariables);
        string? Redact(string? text) => text is null ? null : secrets.Redact(text);
        return job with
        {
            Command = Redact(job.Command),
            DisplayName = Redact(job.DisplayName),
            Description = Redact(job.Description),
            Tags = ValueMap.From(job.Tags.Select(v => KeyValuePair.Create(v.Key, secrets.Redact(v.Value)))),
            Properties = ValueMap.From(job.Properties.Select(v => KeyValuePair.Create(v.Key, secrets.Redact(v.Value)))),
            EnvironmentVariables = ValueMap.From(job.EnvironmentVariables.Select(v =>
                // A variable whose value the scanner flags keeps what is not secret in it (an account name beside its key).
                KeyValuePair.Create(v.Key, SecretScanner.IsSecretName(v.Key) ? SecretScanner.Redacted : SecretScanner.Redact(v.Value)))),
            Code = Redact(job.Code),
            Inputs = ValueMap.From(job.Inputs.Select(i => KeyValuePair.Create(i.Key, Of(i.Value, secrets)))),
            Outputs = ValueMap.From(job.Outputs.Select(o => KeyValuePair.Create(o.Key, o.Value with { Path = Redact(o.Value.Path) }))),
            Resources = job.Resources is { } resources ? resources with { DockerArgs = Redact(resources.DockerArgs) } : null,
        };
    }

    // The same fields the validator scans for secrets (PortChecks): a literal's value and default, an asset's path.
    private static JobInput Of(JobInput input, SecretValues secrets) => input switch
    {
        LiteralInput literal => literal with { Value = Of(literal.Value, secrets), Default = Of(literal.Default, secrets) },
        AssetInput asset => asset with { Path = asset.Path is null ? null : secrets.Redact(asset.Path) },
        _ => input,
    };

    private static LiteralValue? Of(LiteralValue? value, SecretValues secrets) =>
        value is { StringValue: { } text } && secrets.Redact(text) is var redacted && redacted != text
            ? LiteralValue.FromString(redacted)
            : value;
}
