using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage;

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

    /// <summary>Answers for <paramref name="sha256"/>; an answer with no <see cref="ContentLineage.Matches"/> means nothing matched.</summary>
    public static async Task<ContentLineage> FindAsync(TrainingJobsClient client, string sha256, CancellationToken cancellationToken)
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
        return new ContentLineage(digest, matches, chain);
    }
}
