namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>The kinds of job the workspace database records (<c>jobs.kind</c>): only command jobs hold a slot; parents do not.</summary>
internal static class StoredJobKinds
{
    /// <summary>A command job (a pipeline's step is one too).</summary>
    public const string Command = "command";

    /// <summary>A pipeline job, driven by <see cref="Pipelines.PipelineDriver"/> in its supervisor.</summary>
    public const string Pipeline = "pipeline";

    /// <summary>A sweep job.</summary>
    public const string Sweep = "sweep";
}
