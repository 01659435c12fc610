using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes the fields only a pipeline has: its settings and its steps.</summary>
internal static class PipelineWriter
{
    /// <summary>Writes <c>settings</c> and <c>jobs</c>; each step is a job body with its component.</summary>
    public static void WriteFields(YamlEmitter e, PipelineJob job)
    {
        if (job.Settings is { } settings)
        {
            e.Key("settings");
            e.BeginMap();
            e.OptionalText("default_compute", settings.DefaultCompute);
            e.OptionalText("default_datastore", settings.DefaultDatastore);
            e.OptionalBool("continue_on_step_failure", settings.ContinueOnStepFailure);
            e.OptionalBool("force_rerun", settings.ForceRerun);
            e.EndMap();
        }
        e.Map("jobs", job.Steps, static (e, step) =>
        {
            e.BeginMap();
            JobBodyWriter.Write(e, step.Job, step.Component);
            e.EndMap();
        });
    }
}
