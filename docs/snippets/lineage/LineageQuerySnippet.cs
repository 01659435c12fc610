using System.Security.Cryptography;
using TrainingJobs.Sdk.Lineage;

namespace TrainingJobs.Sdk.Docs.Snippets.Lineage;

/// <summary>The lineage queries of docs/lineage.md; compiled and run by the test project.</summary>
public static class LineageQuerySnippet
{
    /// <summary>Which job produced <paramref name="modelFile"/>, and from what data: the lines the snippet prints.</summary>
    public static async Task<IReadOnlyList<string>> TraceAsync(TrainingJobsClient client, string modelFile, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        #region Snippet:TraceModel
        // The workspace indexes every recorded code, input and output file by its SHA-256.
        byte[] hash;
        await using (var file = File.OpenRead(modelFile)) hash = await SHA256.HashDataAsync(file, cancellationToken);
        ContentLineage answer = await client.TraceContentAsync(Convert.ToHexStringLower(hash), cancellationToken);

        // The chain: first the job whose output held the file, then each job whose output a later one read.
        foreach (ProducingJob step in answer.Chain)
        {
            lines.Add(step.ReadBy is null
                ? $"{step.Record.Job.Name} wrote it as {step.Output}/{step.Path}"
                : $"{step.Record.Job.Name} wrote {step.Output}, read by {step.ReadBy} as {step.ReadAs}");
        }
        // The data no recorded job produced: where everything came from.
        foreach (SourceInput source in answer.SourceInputs)
        {
            lines.Add($"source {source.Input.Name} of {source.Job}: sha256 {source.Input.Sha256}");
        }
        #endregion
        return lines;
    }

    /// <summary>The jobs <paramref name="jobName"/> read from, and its graph as a Mermaid flowchart.</summary>
    public static async Task<(IReadOnlyList<string> Upstream, string Mermaid)> GraphAsync(TrainingJobsClient client, string jobName, CancellationToken cancellationToken = default)
    {
        #region Snippet:LineageGraph
        // The job, its pipeline or sweep, its children, and every job whose output one of them read.
        LineageGraph graph = await client.GetLineageAsync(jobName, cancellationToken);
        IReadOnlyList<string> upstream = graph.UpstreamOf(jobName);     // nearest first
        foreach (LineageEdge edge in graph.EdgesFrom(LineageGraph.JobId(jobName)))
        {
            Console.WriteLine($"{edge.Kind} {edge.To} ({edge.Role})");   // used, wasInformedBy, childOf, ...
        }
        string mermaid = graph.ToMermaid();   // or ToOpenLineageEvents(), ToProvJson(), ToDot()
        #endregion
        return (upstream, mermaid);
    }
}
