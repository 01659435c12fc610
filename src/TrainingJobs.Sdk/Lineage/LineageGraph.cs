using TrainingJobs.Sdk.Jobs;

using TrainingJobs.Sdk.Lineage.Graph;

namespace TrainingJobs.Sdk.Lineage;

/// <summary>
/// Jobs and what they used and made, across jobs: the records it was built from, plus nodes (jobs, content keyed by
/// SHA-256, code snapshots, environments, submitters) and PROV-style edges between them. Built by
/// <see cref="From"/>, a pure function of the records. <see cref="TrainingJobsClient.GetLineageAsync"/> chooses the records
/// around a job (its pipeline or sweep, its children, and up the chain every job whose output it read).
/// </summary>
public sealed class LineageGraph
{
    private LineageGraph(IReadOnlyList<JobRecord> records, IReadOnlyList<LineageNode> nodes, IReadOnlyList<LineageEdge> edges)
    {
        Records = records;
        Nodes = nodes;
        Edges = edges;
    }

    /// <summary>The records, in creation order (then by name).</summary>
    public IReadOnlyList<JobRecord> Records { get; }

    /// <summary>The nodes, each once, in the order they were first met.</summary>
    public IReadOnlyList<LineageNode> Nodes { get; }

    /// <summary>The edges, each once.</summary>
    public IReadOnlyList<LineageEdge> Edges { get; }

    /// <summary>The node with this id, or null.</summary>
    /// <param name="id">A node id (<see cref="JobId"/>, <see cref="ContentId"/>, <c>environment:TEXT</c>, <c>agent:ID</c>).</param>
    public LineageNode? FindNode(string id) => Nodes.FirstOrDefault(n => string.Equals(n.Id, id, StringComparison.Ordinal));

    /// <summary>The edges that start at a node.</summary>
    /// <param name="id">The node id.</param>
    public IEnumerable<LineageEdge> EdgesFrom(string id) => Edges.Where(e => string.Equals(e.From, id, StringComparison.Ordinal));

    /// <summary>The edges that end at a node.</summary>
    /// <param name="id">The node id.</param>
    public IEnumerable<LineageEdge> EdgesTo(string id) => Edges.Where(e => string.Equals(e.To, id, StringComparison.Ordinal));

    /// <summary>The jobs whose recorded output held content with this SHA-256 (a file's digest or a folder's <c>dirHash1</c>), by name.</summary>
    /// <param name="sha256">The digest, hex.</param>
    public IReadOnlyList<string> ProducersOf(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        var id = ContentId(sha256.ToLowerInvariant());
        var producers = EdgesFrom(id).Where(e => e.Kind == LineageEdgeKind.WasGeneratedBy).Select(e => e.To).ToHashSet(StringComparer.Ordinal);
        // A file of an output folder is in the record's file list, not a node of its own.
        foreach (var record in Records)
        {
            if (record.OutputFiles.Values.Any(files => files.Any(f => string.Equals(f.Sha256, sha256, StringComparison.OrdinalIgnoreCase)))) producers.Add(JobId(record.Job.Name));
        }
        return Records.Select(r => r.Job.Name).Where(n => producers.Contains(JobId(n))).ToList();
    }

    /// <summary>
    /// Every job whose output the named job read, directly or through other jobs, nearest first (the <c>wasInformedBy</c>
    /// edges followed up the chain).
    /// </summary>
    /// <param name="jobName">The job name.</param>
    public IReadOnlyList<string> UpstreamOf(string jobName)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { JobId(jobName) };
        var pending = new Queue<string>([JobId(jobName)]);
        while (pending.Count > 0)
        {
            foreach (var edge in EdgesFrom(pending.Dequeue()).Where(e => e.Kind == LineageEdgeKind.WasInformedBy))
            {
                if (!seen.Add(edge.To)) continue;
                found.Add(edge.To["job:".Length..]);
                pending.Enqueue(edge.To);
            }
        }
        return found;
    }

    /// <summary>
    /// The graph as OpenLineage 2-0-2 run events, one JSON object per line: START and COMPLETE, FAIL or ABORT per job,
    /// with run ids derived from the job name (what <c>tj job lineage --format openlineage</c> prints).
    /// </summary>
    public string ToOpenLineageEvents() => Exports.OpenLineageExport.Write(this);

    /// <summary>The graph as a PROV-JSON document (what <c>tj job lineage --format prov</c> prints).</summary>
    public string ToProvJson() => Exports.ProvJsonExport.Write(this);

    /// <summary>The graph as a Mermaid flowchart (what <c>tj job lineage --format mermaid</c> prints).</summary>
    public string ToMermaid() => Exports.MermaidExport.Write(this);

    /// <summary>The graph in Graphviz DOT (what <c>tj job lineage --format dot</c> prints).</summary>
    public string ToDot() => Exports.DotExport.Write(this);

    /// <summary>The node id of a job.</summary>
    /// <param name="name">The job name.</param>
    public static string JobId(string name) => "job:" + name;

    /// <summary>The node id of content with this SHA-256 (a file's, or a folder's <c>dirHash1</c>).</summary>
    /// <param name="sha256">The digest, lower-case hex.</param>
    public static string ContentId(string sha256) => "sha256:" + sha256;

    /// <summary>Builds the graph of these records: a step's input bound to another record's output becomes a <c>wasInformedBy</c> edge.</summary>
    /// <param name="records">The records (duplicates by job name are dropped).</param>
    public static LineageGraph From(IEnumerable<JobRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ordered = records.DistinctBy(r => r.Job.Name, StringComparer.Ordinal)
            .OrderBy(r => r.Job.CreatedOn).ThenBy(r => r.Job.Name, StringComparer.Ordinal).ToList();
        var nodes = new Dictionary<string, LineageNode>(StringComparer.Ordinal);
        var nodeOrder = new List<LineageNode>();
        var edges = new List<LineageEdge>();
        var seenEdges = new HashSet<LineageEdge>();
        void Node(LineageNode node)
        {
            if (nodes.TryAdd(node.Id, node)) nodeOrder.Add(node);
        }
        void Edge(LineageEdge edge)
        {
            if (seenEdges.Add(edge)) edges.Add(edge);
        }

        foreach (var record in ordered)
        {
            var job = record.Job;
            var jobId = JobId(job.Name);
            Node(new LineageNode(jobId, LineageNodeKind.Job, job.Name, null));
            if (job.ParentJobName is { } parent)
            {
                // The parent may be outside the records (a step asked for alone): it is still named.
                Node(new LineageNode(JobId(parent), LineageNodeKind.Job, parent, null));
                Edge(new LineageEdge(jobId, JobId(parent), LineageEdgeKind.ChildOf, null));
            }
            if (record.CodeDigest is { } code)
            {
                Node(new LineageNode(ContentId(code), LineageNodeKind.Code, "code " + Short(code), code));
                Edge(new LineageEdge(jobId, ContentId(code), LineageEdgeKind.Used, "code"));
            }
            if ((record.EnvironmentRequested ?? record.EnvironmentResolution) is { } environment)
            {
                Node(new LineageNode("environment:" + environment, LineageNodeKind.Environment, environment, null));
                Edge(new LineageEdge(jobId, "environment:" + environment, LineageEdgeKind.Used, "environment"));
            }
            if (record.SubmittedBy is { } submitter)
            {
                Node(new LineageNode("agent:" + submitter, LineageNodeKind.Agent, submitter, null));
                Edge(new LineageEdge(jobId, "agent:" + submitter, LineageEdgeKind.WasAssociatedWith, null));
            }
            foreach (var input in record.Inputs.Where(i => i.Sha256 is not null).OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                Node(new LineageNode(ContentId(input.Sha256!), LineageNodeKind.Data, input.Value, input.Sha256));
                Edge(new LineageEdge(jobId, ContentId(input.Sha256!), LineageEdgeKind.Used, input.Name));
                foreach (var upstream in ordered)
                {
                    if (LineageBindings.ProducerOutput(input, record, upstream) is { } output)
                    {
                        Edge(new LineageEdge(jobId, JobId(upstream.Job.Name), LineageEdgeKind.WasInformedBy, $"{input.Name} <- {output}"));
                    }
                }
            }
            foreach (var (output, digest) in record.OutputDigests.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var label = record.Outputs.GetValueOrDefault(output) ?? output;
                Node(new LineageNode(ContentId(digest.Sha256), LineageNodeKind.Data, label, digest.Sha256));
                Edge(new LineageEdge(ContentId(digest.Sha256), jobId, LineageEdgeKind.WasGeneratedBy, output));
            }
        }
        return new LineageGraph(ordered, nodeOrder, edges);
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
