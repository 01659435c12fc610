using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage;

/// <summary>What <see cref="TrainingJobsClient.TraceContentAsync"/> found for a digest: which job produced the content, what it consumed, and up the chain.</summary>
/// <param name="Sha256">The digest asked about (lower-case hex).</param>
/// <param name="Matches">Every recorded file with it (as code, input or output of a job).</param>
/// <param name="Chain">The producing jobs: first those whose output held the content, then, walking up, those whose output a later one read.</param>
public sealed record ContentLineage(string Sha256, IReadOnlyList<ContentMatch> Matches, IReadOnlyList<ProducingJob> Chain)
{
    /// <summary>Inputs of the chain that no recorded job produced: the data everything came from.</summary>
    public IReadOnlyList<SourceInput> SourceInputs =>
        Chain.SelectMany(p => p.Inputs.Where(i => i.ProducedBy is null && i.Input.Sha256 is not null).Select(i => new SourceInput(p.Record.Job.Name, i.Input))).ToList();

    /// <summary>The jobs whose output held the content asked about (the first of <see cref="Chain"/>, before any job further up).</summary>
    public IReadOnlyList<ProducingJob> ProducedBy => Chain.Where(p => p.ReadBy is null).ToList();
}

/// <summary>A job in a <see cref="ContentLineage"/>'s chain.</summary>
/// <param name="Record">Its record.</param>
/// <param name="Output">The output that held the content (or that a later job read).</param>
/// <param name="Path">The file's path inside that output, for a job that held the content asked about; null further up.</param>
/// <param name="ReadBy">The job that read this output, further up the chain; null for a direct producer.</param>
/// <param name="ReadAs">The input name it read it as.</param>
/// <param name="Inputs">What this job consumed, each with the job that produced it when one did.</param>
public sealed record ProducingJob(JobRecord Record, string Output, string? Path, string? ReadBy, string? ReadAs, IReadOnlyList<ConsumedInput> Inputs);

/// <summary>An input a producing job consumed.</summary>
/// <param name="Input">The input as resolved (its <c>Sha256</c> is the file's digest or the folder's <c>dirHash1</c>).</param>
/// <param name="ProducedBy">The job whose output it was, or null.</param>
/// <param name="ProducerOutput">That job's output name.</param>
public sealed record ConsumedInput(ResolvedInput Input, string? ProducedBy, string? ProducerOutput);

/// <summary>An input of a <see cref="ContentLineage"/>'s chain that no recorded job produced: data everything came from.</summary>
/// <param name="Job">The job that read it.</param>
/// <param name="Input">The input as resolved, with its digest.</param>
public sealed record SourceInput(string Job, ResolvedInput Input);
