using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks resources, distribution, limits, queue settings and services.</summary>
internal static partial class ResourceChecks
{
    private static readonly string[] Priorities = ["low", "medium", "high"];

    private static readonly string[] EmailEvents = ["JobCompleted", "JobFailed", "JobCancelled"];

    // The YAML spellings and the REST spellings, compared without '_' and ignoring case.
    // azure-ai-ml's JobServiceTypeNames.ENTITY_TO_REST, compared without case or '_': the four a user asks for, custom,
    // and the ones Azure ML adds itself (Studio, Tracking, RayDashboard), which a job read back from the service holds.
    private static readonly string[] ServiceTypes = ["jupyterlab", "ssh", "tensorboard", "vscode", "custom", "studio", "tracking", "raydashboard"];

    /// <summary>Checks <c>resources</c>.</summary>
    public static void CheckResources(JobResources? resources, string path, ValidationContext context)
    {
        if (resources is null) return;
        var at = DiagnosticPath.Append(path, "resources");
        if (resources.InstanceCount is < 1)
        {
            context.Report(ValidationCodes.NonPositiveLimit,
                $"instance_count is {resources.InstanceCount}; a job needs at least one node.", DiagnosticPath.Append(at, "instance_count"));
        }
        if (resources.MaxInstanceCount is < 1)
        {
            context.Report(ValidationCodes.NonPositiveLimit,
                $"max_instance_count is {resources.MaxInstanceCount}; it must be at least 1.", DiagnosticPath.Append(at, "max_instance_count"));
        }
        if (resources.InstanceCount is >= 1 and var count && resources.MaxInstanceCount is >= 1 and var most && count > most)
        {
            context.Report(ValidationCodes.MinGreaterThanMax,
                $"instance_count ({count}) is greater than max_instance_count ({most}).", DiagnosticPath.Append(at, "instance_count"));
        }
        if (resources.ShmSize is { } shm && !ShmSize().IsMatch(shm))
        {
            context.Report(ValidationCodes.InvalidShmSize,
                $"shm_size {NameRules.Quote(shm, "given")} is not a size: write a positive number followed by b, k, m or g (e.g. 2g, 512m).",
                DiagnosticPath.Append(at, "shm_size"));
        }
        SecretChecks.Scan(resources.DockerArgs, ValidationCodes.SecretInOtherField, "docker_args", DiagnosticPath.Append(at, "docker_args"), context);
    }

    /// <summary>Checks <c>distribution</c>: fields of other distribution types and impossible counts.</summary>
    public static void CheckDistribution(Distribution? distribution, string path, ValidationContext context)
    {
        if (distribution is null) return;
        var at = DiagnosticPath.Append(path, "distribution");
        foreach (var (field, _) in Maps.Of(distribution.AdditionalFields))
        {
            context.Report(ValidationCodes.InvalidDistribution,
                $"The field {NameRules.Quote(field, "given")} does not belong to a {distribution.TypeName} distribution; Azure ML rejects or ignores it.",
                DiagnosticPath.Append(at, field));
        }
        switch (distribution)
        {
            case PyTorchDistribution { ProcessCountPerInstance: < 1 } pytorch:
                ReportCount(pytorch.ProcessCountPerInstance, "process_count_per_instance", 1, at, context);
                break;
            case MpiDistribution { ProcessCountPerInstance: < 1 } mpi:
                ReportCount(mpi.ProcessCountPerInstance, "process_count_per_instance", 1, at, context);
                break;
            case TensorFlowDistribution tensorflow:
                if (tensorflow.WorkerCount is < 1) ReportCount(tensorflow.WorkerCount, "worker_count", 1, at, context);
                if (tensorflow.ParameterServerCount is < 0) ReportCount(tensorflow.ParameterServerCount, "parameter_server_count", 0, at, context);
                break;
        }
    }

    /// <summary>Checks a timeout: zero or negative is impossible.</summary>
    public static void CheckTimeout(TimeSpan? timeout, string field, string at, ValidationContext context)
    {
        if (timeout is { } value && value <= TimeSpan.Zero)
        {
            context.Report(ValidationCodes.NonPositiveLimit, $"{field} is {value}; a timeout must be positive.", at);
        }
    }

    /// <summary>Checks <c>queue_settings</c>.</summary>
    public static void CheckQueueSettings(QueueSettings? settings, string path, ValidationContext context)
    {
        if (settings is null) return;
        var at = DiagnosticPath.Append(path, "queue_settings");
        if (settings.JobTier is { IsKnown: false } tier)
        {
            context.Report(ValidationCodes.UnknownServiceValue,
                $"The job tier {NameRules.Quote(tier.ToString(), "given")} is not one Azure ML knows ({string.Join(", ", JobTier.Known)}).",
                DiagnosticPath.Append(at, "job_tier"));
        }
        if (settings.Priority is { } priority && !Priorities.Contains(priority.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            context.Report(ValidationCodes.UnknownServiceValue,
                $"The priority {NameRules.Quote(priority, "given")} is not one Azure ML knows (low, medium, high).",
                DiagnosticPath.Append(at, "priority"));
        }
    }

    /// <summary>Checks <c>services</c>: ports, nodes and types.</summary>
    public static void CheckServices(ValueMap<JobService>? services, string path, ValidationContext context)
    {
        foreach (var (name, service) in Maps.Of(services))
        {
            var at = DiagnosticPath.Append(path, "services", name);
            if (service.Port is { } port && port is < 1 or > 65535)
            {
                context.Report(ValidationCodes.InvalidService, $"The port {port} is not a TCP port (1–65535).", DiagnosticPath.Append(at, "port"));
            }
            // Azure ML runs a service on the first node, or on every node (nodes: all); azure-ai-ml refuses any other
            // value when it makes the service (JobServiceBase._validate_nodes), and the wire has no other value.
            if (service.Nodes is { } nodes && nodes != "all")
            {
                context.Report(ValidationCodes.InvalidService,
                    $"The nodes value {NameRules.Quote(nodes, "given")} is not valid: write 'all' to run the service on every node, or leave nodes out to run it on the first node only (azure-ai-ml refuses other values too).",
                    DiagnosticPath.Append(at, "nodes"));
            }
            if (service.Type?.ToString() is { } type && !ServiceTypes.Contains(type.Replace("_", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase))
            {
                context.Report(ValidationCodes.UnknownServiceValue,
                    $"The service type {NameRules.Quote(type, "given")} is not one Azure ML knows (jupyter_lab, ssh, tensor_board, vs_code, custom).",
                    DiagnosticPath.Append(at, "type"));
            }
        }
    }

    /// <summary>Checks notification settings: events and webhook types the service knows.</summary>
    public static void CheckNotifications(NotificationSettings? notifications, string path, ValidationContext context)
    {
        if (notifications is null) return;
        var at = DiagnosticPath.Append(path, "notification_setting");
        foreach (var emailOn in Maps.Items(notifications.EmailOn))
        {
            if (emailOn is not null && !EmailEvents.Contains(emailOn, StringComparer.OrdinalIgnoreCase))
            {
                context.Report(ValidationCodes.UnknownServiceValue,
                    $"The e-mail event {NameRules.Quote(emailOn, "given")} is not one Azure ML knows ({string.Join(", ", EmailEvents)}).",
                    DiagnosticPath.Append(at, "email_on"));
            }
        }
        foreach (var (name, webhook) in Maps.Of(notifications.Webhooks))
        {
            if (webhook.WebhookType is { } type && !string.Equals(type, "AzureDevOps", StringComparison.OrdinalIgnoreCase))
            {
                context.Report(ValidationCodes.UnknownServiceValue,
                    $"The webhook type {NameRules.Quote(type, "given")} is not one Azure ML knows (AzureDevOps).",
                    DiagnosticPath.Append(at, "webhooks", name));
            }
        }
    }

    private static void ReportCount(int? value, string field, int least, string at, ValidationContext context) =>
        context.Report(ValidationCodes.InvalidDistribution, $"{field} is {value}; it must be at least {least}.", DiagnosticPath.Append(at, field));

    // <positive number><b|k|m|g>, as the docker --shm-size flag Azure ML passes it to.
    [GeneratedRegex(@"^0*[1-9][0-9]*[bkmgBKMG]$", RegexOptions.CultureInvariant)]
    private static partial Regex ShmSize();
}
