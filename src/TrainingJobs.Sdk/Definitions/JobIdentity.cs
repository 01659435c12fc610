namespace TrainingJobs.Sdk.Definitions;

/// <summary>The identity a job uses to reach data (<c>identity:</c>). Null on a job means the service default, the AML token.</summary>
public abstract record JobIdentity
{
    private protected JobIdentity()
    {
    }
}

/// <summary>The Azure ML token of the workspace (YAML <c>aml_token</c>).</summary>
public sealed record AmlTokenIdentity : JobIdentity;

/// <summary>A managed identity: the compute's system-assigned one when no id is given, else the user-assigned one named.</summary>
public sealed record ManagedIdentity : JobIdentity
{
    /// <summary>The client id of a user-assigned identity.</summary>
    public string? ClientId { get; init; }

    /// <summary>The object id of a user-assigned identity.</summary>
    public string? ObjectId { get; init; }

    /// <summary>The ARM resource id of a user-assigned identity.</summary>
    public string? ResourceId { get; init; }
}

/// <summary>The identity of the user who submitted the job (YAML <c>user_identity</c>).</summary>
public sealed record UserIdentity : JobIdentity;
