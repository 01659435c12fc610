using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage.Graph;

/// <summary>
/// Jobs and what they used and made, across jobs: the records it was built from, plus nodes (jobs, content keyed by
/// SHA-256, code snapshots, environments, submitters) and PROV-style edges between them. Built by
/// <see cref="From"/>, a pure function of the records; <see cref="LineageGraphBuilder"/> chooses which records.
/// </summary>
internal sealed class LineageGraph
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

    /// <summary>The node id of a job.</summary>
    public static string JobId(string name) => "job:" + name;

    /// <summary>The node id of content with this SHA-256 (a file's, or a folder's <c>dirHash1</c>).</summary>
    public static string ContentId(string sha256) => "sha256:" + sha256;

    /// <summary>Builds the graph of these records: a step's input bound to another record's output becomes a <c>wasInformedBy</c> edge.</summary>
    public static LineageGraph From(IEnumerable<JobRecord> records)
    {
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

/// <summary>What a node stands for.</summary>
internal enum LineageNodeKind
{
    /// <summary>A job (PROV activity).</summary>
    Job,

    /// <summary>Content a job read or wrote: a file, or a folder by its <c>dirHash1</c> (PROV entity).</summary>
    Data,

    /// <summary>A code snapshot, by its <c>dirHash1</c> (PROV entity).</summary>
    Code,

    /// <summary>An environment as requested (PROV entity).</summary>
    Environment,

    /// <summary>Who submitted (PROV agent).</summary>
    Agent,
}

/// <summary>A relation between two nodes, named as PROV names them (plus <c>childOf</c> for pipeline steps and sweep trials).</summary>
internal enum LineageEdgeKind
{
    /// <summary>A job used content, code or an environment (from job to entity).</summary>
    Used,

    /// <summary>Content was generated by a job (from entity to job).</summary>
    WasGeneratedBy,

    /// <summary>A job read what another job wrote (from the downstream job to the upstream one).</summary>
    WasInformedBy,

    /// <summary>A job was submitted by an agent (from job to agent).</summary>
    WasAssociatedWith,

    /// <summary>A pipeline step or sweep trial belongs to its parent (from child to parent).</summary>
    ChildOf,
}

/// <summary>A node of a <see cref="LineageGraph"/>.</summary>
/// <param name="Id">Its id: <c>job:NAME</c>, <c>sha256:HEX</c>, <c>environment:TEXT</c> or <c>agent:ID</c>.</param>
/// <param name="Kind">What it stands for.</param>
/// <param name="Label">A name for people (a job name, a path, an environment): user data, escape it when printing.</param>
/// <param name="Sha256">The content digest of data and code nodes.</param>
internal sealed record LineageNode(string Id, LineageNodeKind Kind, string Label, string? Sha256);

/// <summary>An edge of a <see cref="LineageGraph"/>.</summary>
/// <param name="From">The node it starts from.</param>
/// <param name="To">The node it points to.</param>
/// <param name="Kind">The relation.</param>
/// <param name="Role">The input or output name (<c>code</c>, <c>environment</c>), or for <c>wasInformedBy</c> <c>input &lt;- output</c>.</param>
internal sealed record LineageEdge(string From, string To, LineageEdgeKind Kind, string? Role);
