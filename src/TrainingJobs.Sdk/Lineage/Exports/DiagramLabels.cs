using System.Text;

namespace TrainingJobs.Sdk.Lineage.Exports;

/// <summary>What the Mermaid and DOT exports share: node ids that are never user data, and the text each node shows.</summary>
internal static class DiagramLabels
{
    /// <summary>Diagram ids <c>n0</c>, <c>n1</c>, … by node id: names and paths only ever appear inside escaped labels.</summary>
    public static Dictionary<string, string> Ids(LineageGraph graph) =>
        graph.Nodes.Select((node, i) => (node.Id, Diagram: "n" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(p => p.Id, p => p.Diagram, StringComparer.Ordinal);

    /// <summary>A node's text: its label, and for content its short digest. Control characters become spaces.</summary>
    public static string Text(LineageNode node)
    {
        var text = node.Kind is LineageNodeKind.Data && node.Sha256 is { } sha ? $"{node.Label} sha256:{sha[..Math.Min(12, sha.Length)]}" : node.Label;
        var clean = new StringBuilder(text.Length);
        foreach (var c in text) clean.Append(char.IsControl(c) ? ' ' : c);
        return clean.ToString();
    }

    /// <summary>An edge's text: the relation and its role.</summary>
    public static string Text(LineageEdge edge)
    {
        var kind = edge.Kind switch
        {
            LineageEdgeKind.Used => "used",
            LineageEdgeKind.WasGeneratedBy => "wasGeneratedBy",
            LineageEdgeKind.WasInformedBy => "wasInformedBy",
            LineageEdgeKind.WasAssociatedWith => "wasAssociatedWith",
            _ => "childOf",
        };
        var role = edge.Role is { } r ? kind + " " + r : kind;
        var clean = new StringBuilder(role.Length);
        foreach (var c in role) clean.Append(char.IsControl(c) ? ' ' : c);
        return clean.ToString();
    }
}
