using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes the fields only a command job has: code, command, environment, resources, distribution, limits, queue settings.</summary>
internal static class CommandWriter
{
    /// <summary>Writes the command fields of <paramref name="job"/>.</summary>
    public static void WriteFields(YamlEmitter e, CommandJob job)
    {
        e.OptionalText("code", job.Code);
        e.OptionalText("command", job.Command);
        if (job.Environment is { } environment) EnvironmentWriter.Write(e, environment);
        e.StringMap("environment_variables", job.EnvironmentVariables);
        if (job.Resources is { } resources) ResourceWriter.WriteResources(e, resources);
        if (job.Distribution is { } distribution) WriteDistribution(e, distribution);
        if (job.Limits is { } limits)
        {
            e.Key("limits");
            e.BeginMap();
            e.OptionalDuration("timeout", limits.Timeout);
            e.EndMap();
        }
        if (job.QueueSettings is { } queue) ResourceWriter.WriteQueueSettings(e, queue);
    }

    private static void WriteDistribution(YamlEmitter e, Distribution distribution)
    {
        e.Key("distribution");
        e.BeginMap();
        e.Key("type");
        e.Text(distribution.TypeName);
        switch (distribution)
        {
            case PyTorchDistribution pytorch:
                e.OptionalInt("process_count_per_instance", pytorch.ProcessCountPerInstance);
                break;
            case MpiDistribution mpi:
                e.OptionalInt("process_count_per_instance", mpi.ProcessCountPerInstance);
                break;
            case TensorFlowDistribution tensorflow:
                e.OptionalInt("worker_count", tensorflow.WorkerCount);
                e.OptionalInt("parameter_server_count", tensorflow.ParameterServerCount);
                break;
        }
        foreach (var (name, value) in distribution.AdditionalFields)
        {
            e.Key(name);
            e.Freeform(value);
        }
        e.EndMap();
    }
}
