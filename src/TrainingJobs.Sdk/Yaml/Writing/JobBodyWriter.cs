using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes the fields of a job of any kind (a top-level job, a step, a component body) in the order the az ml docs list them.</summary>
internal static class JobBodyWriter
{
    /// <summary>Writes <c>type</c> and every field of <paramref name="job"/>; a step's <paramref name="component"/> follows <c>type</c>.</summary>
    public static void Write(YamlEmitter e, JobDefinition job, ComponentReference? component = null)
    {
        e.Key("type");
        e.Text(job.Kind.ToString());
        if (component is not null) ComponentWriter.WriteReference(e, "component", component);
        e.OptionalText("name", job.Name);
        e.OptionalText("display_name", job.DisplayName);
        e.OptionalText("experiment_name", job.ExperimentName);
        e.OptionalText("description", job.Description);
        e.StringMap("tags", job.Tags);
        e.StringMap("properties", job.Properties);
        e.OptionalText("compute", job.Compute);
        switch (job)
        {
            case CommandJob command:
                CommandWriter.WriteFields(e, command);
                break;
            case PipelineJob pipeline:
                PipelineWriter.WriteFields(e, pipeline);
                break;
            case SweepJob sweep:
                SweepWriter.WriteFields(e, sweep);
                break;
        }
        PortWriter.WritePorts(e, job);
        if (job.Identity is { } identity) IdentityWriter.Write(e, identity);
        e.Map("services", job.Services, ServiceWriter.Write);
        if (job.Notifications is { } notifications) NotificationWriter.Write(e, notifications);
    }
}
