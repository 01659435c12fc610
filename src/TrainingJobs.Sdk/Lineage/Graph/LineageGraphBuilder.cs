using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage.Graph;

/// <summary>
/// Chooses the records a job's <see cref="LineageGraph"/> shows: the job; its parent and every sibling (a whole
/// pipeline or sweep); its own children; and, walking up, every job whose output one of these read (found through the
/// workspace's digest index and confirmed by <see cref="LineageBindings"/>).
/// </summary>
internal static class LineageGraphBuilder
{
    /// <summary>Jobs the walk up reads at most: a guard against a workspace where everything feeds everything.</summary>
    private const int MaxRecords = 500;

    /// <summary>The lineage graph around the job named <paramref name="name"/>.</summary>
    public static async Task<LineageGraph> BuildAsync(TrainingJobsClient client, string name, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        async Task<JobRecord> Add(string jobName)
        {
            if (!records.TryGetValue(jobName, out var record)) records[jobName] = record = await client.GetRecordAsync(jobName, cancellationToken).ConfigureAwait(false);
            return record;
        }
        async Task AddChildren(string parent)
        {
            var query = new JobQuery { ParentJobName = parent, Archived = ArchiveFilter.All };
            await foreach (var child in client.GetJobsAsync(query, cancellationToken).ConfigureAwait(false)) await Add(child.Name).ConfigureAwait(false);
        }

        var root = await Add(name).ConfigureAwait(false);
        if (root.Job.ParentJobName is { } parentName)
        {
            await Add(parentName).ConfigureAwait(false);
            await AddChildren(parentName).ConfigureAwait(false);
        }
        await AddChildren(name).ConfigureAwait(false);

        var pending = new Queue<JobRecord>(records.Values);
        while (pending.Count > 0 && records.Count < MaxRecords)
        {
            var consumer = pending.Dequeue();
            foreach (var input in consumer.Inputs.Where(i => i.Sha256 is not null))
            {
                foreach (var upstream in await ProducersAsync(client, consumer, input, records, cancellationToken).ConfigureAwait(false))
                {
                    if (records.TryAdd(upstream.Job.Name, upstream)) pending.Enqueue(upstream);
                }
            }
        }
        return LineageGraph.From(records.Values);
    }

    /// <summary>
    /// The jobs whose output <paramref name="input"/> of <paramref name="consumer"/> was: among the records already
    /// read, then among the jobs the digest index names for the input's content. Empty where the backend keeps no index.
    /// </summary>
    public static async Task<IReadOnlyList<JobRecord>> ProducersAsync(TrainingJobsClient client, JobRecord consumer, ResolvedInput input,
        IReadOnlyDictionary<string, JobRecord> known, CancellationToken cancellationToken)
    {
        var found = known.Values.Where(r => LineageBindings.ProducerOutput(input, consumer, r) is not null).ToList();
        if (found.Count > 0) return found;

        // A file input is its own digest; a folder's files each are: the first names the candidates (every producer holds it).
        var digest = consumer.InputFiles.GetValueOrDefault(input.Name) is [var first, ..] ? first.Sha256 : input.Sha256!;
        IReadOnlyList<ContentMatch> matches;
        try
        {
            matches = await client.FindContentAsync(digest, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            return found;
        }
        foreach (var candidate in matches.Where(m => m.Role == ContentMatch.Output && m.Job != consumer.Job.Name).Select(m => m.Job).Distinct(StringComparer.Ordinal))
        {
            var record = known.GetValueOrDefault(candidate) ?? await client.GetRecordAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (LineageBindings.ProducerOutput(input, consumer, record) is not null) found.Add(record);
        }
        return found;
    }
}
