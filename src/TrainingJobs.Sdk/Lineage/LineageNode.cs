namespace TrainingJobs.Sdk.Lineage;

/// <summary>A node of a <see cref="LineageGraph"/>.</summary>
/// <param name="Id">Its id: <c>job:NAME</c>, <c>sha256:HEX</c>, <c>environment:TEXT</c> or <c>agent:ID</c>.</param>
/// <param name="Kind">What it stands for.</param>
/// <param name="Label">A name for people (a job name, a path, an environment): user data, escape it when printing.</param>
/// <param name="Sha256">The content digest of data and code nodes.</param>
public sealed record LineageNode(string Id, LineageNodeKind Kind, string Label, string? Sha256);

/// <summary>What a node stands for.</summary>
public enum LineageNodeKind
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
