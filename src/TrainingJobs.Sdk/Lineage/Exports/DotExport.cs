using System.Text;

namespace TrainingJobs.Sdk.Lineage.Exports;

/// <summary>
/// A lineage graph as a Graphviz digraph: ids are generated (<c>n0</c>, …), every label is a quoted DOT string with
/// <c>\</c> and <c>"</c> escaped, so names and paths stay text.
/// </summary>
internal static class DotExport
{
    /// <summary>The digraph text, ending with a line feed.</summary>
    public static string Write(LineageGraph graph)
    {
        var ids = DiagramLabels.Ids(graph);
        var text = new StringBuilder("digraph lineage {\n    rankdir=LR;\n");
        foreach (var node in graph.Nodes)
        {
            var shape = node.Kind switch
            {
                LineageNodeKind.Job => "box",
                LineageNodeKind.Data => "ellipse",
                LineageNodeKind.Code => "component",
                LineageNodeKind.Environment => "hexagon",
                _ => "house",
            };
            text.Append("    ").Append(ids[node.Id]).Append(" [label=").Append(Quote(DiagramLabels.Text(node))).Append(", shape=").Append(shape).Append("];\n");
        }
        foreach (var edge in graph.Edges)
        {
            text.Append("    ").Append(ids[edge.From]).Append(" -> ").Append(ids[edge.To]).Append(" [label=").Append(Quote(DiagramLabels.Text(edge))).Append("];\n");
        }
        return text.Append("}\n").ToString();
    }

    /// <summary>A DOT quoted string: backslashes doubled (so no <c>\n</c>, <c>\l</c> escapes come from user text), quotes escaped.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
