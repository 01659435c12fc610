namespace TrainingJobs.Sdk.Definitions;

/// <summary>An interactive service on the job's compute (<c>services:</c>): JupyterLab, SSH, TensorBoard, VS Code or custom.</summary>
public sealed record JobService
{
    /// <summary>The service type as YAML spells it (<c>jupyter_lab</c>, <c>ssh</c>, <c>tensor_board</c>, <c>vs_code</c>, or a custom name).</summary>
    public JobServiceType? Type { get; init; }

    /// <summary>The port.</summary>
    public int? Port { get; init; }

    /// <summary>The endpoint (set by the service).</summary>
    public string? Endpoint { get; init; }

    /// <summary>Which nodes run it (<c>all</c>).</summary>
    public string? Nodes { get; init; }

    /// <summary>Extra properties.</summary>
    public ValueMap<string> Properties { get; init; } = ValueMap<string>.Empty;

    /// <summary>SSH public keys (ssh services).</summary>
    public string? SshPublicKeys { get; init; }

    /// <summary>The log folder (TensorBoard services).</summary>
    public string? LogDir { get; init; }
}

/// <summary>Who is told when the job ends (REST <c>notificationSetting</c>).</summary>
public sealed record NotificationSettings
{
    /// <summary>E-mail addresses.</summary>
    public ValueList<string> Emails { get; init; } = ValueList<string>.Empty;

    /// <summary>Events that send an e-mail (<c>JobCompleted</c>, <c>JobFailed</c>, <c>JobCancelled</c>).</summary>
    public ValueList<string> EmailOn { get; init; } = ValueList<string>.Empty;

    /// <summary>Webhooks by name.</summary>
    public ValueMap<Webhook> Webhooks { get; init; } = ValueMap<Webhook>.Empty;
}

/// <summary>A webhook called on job events.</summary>
/// <param name="WebhookType">The webhook type (<c>AzureDevOps</c>).</param>
/// <param name="EventType">The event that fires it.</param>
public sealed record Webhook(string WebhookType, string? EventType = null);
