namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>The shape a mapping is read as: a top-level job, a pipeline node, or a component body.</summary>
internal enum JobShape
{
    /// <summary>A job file's top level.</summary>
    Job,

    /// <summary>A step under a pipeline's <c>jobs:</c>.</summary>
    Node,

    /// <summary>The body of a component (or a sweep's inline trial).</summary>
    Component,
}
