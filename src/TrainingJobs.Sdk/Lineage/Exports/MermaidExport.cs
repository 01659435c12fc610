using System.Text;

namespace TrainingJobs.Sdk.Lineage.Exports;

/// <summary>
/// A lineage graph as a Mermaid flowchart: jobs as rectangles, content as stadiums, code as subroutines, environments
/// as hexagons, submitters as flags. Labels are quoted with Mermaid's entity codes for the characters that would end
/// or change them, so a job or path name cannot inject diagram syntax.
/// </summary>
internal static class MermaidExport
{
    /// <summary>The flowchart text, ending with a line feed.</summary>
    public static string Write(LineageGraph graph)
    {
        var ids = DiagramLabels.Ids(graph);
        var text = new StringBuilder("flowchart LR\n");
        foreach (var node in graph.Nodes)
        {
            var label = Escape(DiagramLabels.Text(node));
            var (open, close) = node.Kind switch
            {
                LineageNodeKind.Job => ("[\"", "\"]"),
                LineageNodeKind.Data => ("([\"", "\"])"),
                LineageNodeKind.Code => ("[[\"", "\"]]"),
                LineageNodeKind.Environment => ("{{\"", "\"}}"),
                _ => (">\"", "\"]"),
            };
            text.Append("    ").Append(ids[node.Id]).Append(open).Append(label).Append(close).Append('\n');
        }
        foreach (var edge in graph.Edges)
        {
            text.Append("    ").Append(ids[edge.From]).Append(" -->|\"").Append(Escape(DiagramLabels.Text(edge))).Append("\"| ").Append(ids[edge.To]).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Text safe inside a quoted Mermaid label: <c>#</c> first (it starts entity codes), then quotes, angle brackets, pipes and brackets.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '#' => "#35;",
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '|' => "#124;",
                '[' => "#91;",
                ']' => "#93;",
                '{' => "#123;",
                '}' => "#125;",
                '(' => "#40;",
                ')' => "#41;",
                '`' => "#96;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
