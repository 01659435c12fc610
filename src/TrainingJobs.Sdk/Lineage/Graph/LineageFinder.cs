using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage.Graph;

/// <summary>
/// "Which job produced this content, and from what?": the jobs whose output held a file with the SHA-256, what each
/// consumed, and up the chain every job that produced one of those inputs, until inputs no recorded job produced (the
/// source data).
/// </summary>
internal static class LineageFinder
{
    /// <summary>The most producing jobs one answer walks through.</summary>
    private const int MaxChain = 200;

    /// <summary>Answers for <paramref name="sha256"/>; an answer with no <see cref="LineageAnswer.Matches"/> means nothing matched.</summary>
    public static async Task<LineageAnswer> FindAsync(TrainingJobsClient client, string sha256, CancellationToken cancellationToken)
    {
        var digest = sha256.ToLowerInvariant();
        var matches = await client.FindContentAsync(digest, cancellationToken).ConfigureAwait(false);
        var records = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        var chain = new List<ProducingJob>();
        var pending = new Queue<(JobRecord Record, string Output, string? Path, string? ReadBy, string? ReadAs)>();
        foreach (var match in matches.Where(m => m.Role == ContentMatch.Output))
        {
            if (!records.TryGetValue(match.Job, out var record)) records[match.Job] = record = await client.GetRecordAsync(match.Job, cancellationToken).ConfigureAwait(false);
            pending.Enqueue((record, match.Port, match.Path, null, null));
        }
        var walked = new HashSet<(string, string)>();
        while (pending.Count > 0 && chain.Count < MaxChain)
        {
            var (record, output, path, readBy, readAs) = pending.Dequeue();
            if (!walked.Add((record.Job.Name, output)))
            {
                continue;
            }
            var inputs = new List<ConsumedInput>();
            foreach (var input in record.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                if (input.Sha256 is null)
                {
                    inputs.Add(new ConsumedInput(input, null, null));
                    continue;
                }
                var producers = await LineageGraphBuilder.ProducersAsync(client, record, input, records, cancellationToken).ConfigureAwait(false);
                var producer = producers.FirstOrDefault();
                var producerOutput = producer is null ? null : LineageBindings.ProducerOutput(input, record, producer);
                inputs.Add(new ConsumedInput(input, producer?.Job.Name, producerOutput));
                if (producer is not null)
                {
                    records.TryAdd(producer.Job.Name, producer);
                    pending.Enqueue((producer, producerOutput!, null, record.Job.Name, input.Name));
                }
            }
            chain.Add(new ProducingJob(record, output, path, readBy, readAs, inputs));
        }
        return new LineageAnswer(digest, matches, chain);
    }
}

/// <summary>What <see cref="LineageFinder"/> found for a digest.</summary>
/// <param name="Sha256">The digest asked about (lower-case hex).</param>
/// <param name="Matches">Every recorded file with it (as code, input or output of a job).</param>
/// <param name="Chain">The producing jobs: first those whose output held the content, then, walking up, those whose output a later one read.</param>
internal sealed record LineageAnswer(string Sha256, IReadOnlyList<ContentMatch> Matches, IReadOnlyList<ProducingJob> Chain)
{
    /// <summary>Inputs of the chain that no recorded job produced: the data everything came from.</summary>
    public IEnumerable<(string Job, ResolvedInput Input)> SourceInputs =>
        Chain.SelectMany(p => p.Inputs.Where(i => i.ProducedBy is null && i.Input.Sha256 is not null).Select(i => (p.Record.Job.Name, i.Input)));
}

/// <summary>A job in a <see cref="LineageAnswer"/>'s chain.</summary>
/// <param name="Record">Its record.</param>
/// <param name="Output">The output that held the content (or that a later job read).</param>
/// <param name="Path">The file's path inside that output, for a job that held the content asked about; null further up.</param>
/// <param name="ReadBy">The job that read this output, further up the chain; null for a direct producer.</param>
/// <param name="ReadAs">The input name it read it as.</param>
/// <param name="Inputs">What this job consumed, each with the job that produced it when one did.</param>
internal sealed record ProducingJob(JobRecord Record, string Output, string? Path, string? ReadBy, string? ReadAs, IReadOnlyList<ConsumedInput> Inputs);

/// <summary>An input a producing job consumed.</summary>
/// <param name="Input">The input as resolved (its <c>Sha256</c> is the file's digest or the folder's <c>dirHash1</c>).</param>
/// <param name="ProducedBy">The job whose output it was, or null.</param>
/// <param name="ProducerOutput">That job's output name.</param>
internal sealed record ConsumedInput(ResolvedInput Input, string? ProducedBy, string? ProducerOutput);
