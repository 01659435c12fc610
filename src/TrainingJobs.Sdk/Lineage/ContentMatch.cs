namespace TrainingJobs.Sdk.Lineage;

/// <summary>One recorded file with a given SHA-256: which job held it, in which role and port, at which path.</summary>
/// <param name="Job">The job name.</param>
/// <param name="Role"><c>code</c>, <c>input</c> or <c>output</c>.</param>
/// <param name="Port">The input or output name (empty for code).</param>
/// <param name="Path">The file's path inside that port's folder, with <c>/</c> separators.</param>
public sealed record ContentMatch(string Job, string Role, string Port, string Path)
{
    /// <summary>The role of a job's code snapshot files (their port is empty).</summary>
    public const string Code = "code";

    /// <summary>The role of a job's output files.</summary>
    public const string Output = "output";

    /// <summary>The role of a job's asset input files.</summary>
    public const string Input = "input";
}
