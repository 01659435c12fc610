using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrainingJobs.Sdk.Lineage.Exports;

/// <summary>
/// A lineage graph as PROV-JSON (W3C Member Submission 2013): jobs are activities, content, code and environments are
/// entities, submitters are agents; <c>used</c>, <c>wasGeneratedBy</c>, <c>wasAssociatedWith</c>, <c>wasInformedBy</c>,
/// and <c>wasDerivedFrom</c> from each output to each content input of the job that made it. A step's parent is the
/// activity attribute <c>tj:parent</c> (PROV has no relation for it).
/// </summary>
internal static class ProvJsonExport
{
    /// <summary>The PROV-JSON document, indented, ending with a line feed.</summary>
    public static string Write(LineageGraph graph)
    {
        var records = graph.Records.ToDictionary(r => LineageGraph.JobId(r.Job.Name), StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("prefix");
            json.WriteString("tj", "urn:trainingjobs-sdk:lineage:");
            json.WriteString("xsd", "http://www.w3.org/2001/XMLSchema#");
            json.WriteEndObject();

            json.WriteStartObject("entity");
            foreach (var node in graph.Nodes.Where(n => n.Kind is LineageNodeKind.Data or LineageNodeKind.Code or LineageNodeKind.Environment))
            {
                json.WriteStartObject(Id(node.Id));
                json.WriteString("prov:type", "tj:" + node.Kind.ToString().ToLowerInvariant());
                json.WriteString("prov:label", node.Label);
                if (node.Sha256 is { } sha) json.WriteString("tj:sha256", sha);
                json.WriteEndObject();
            }
            json.WriteEndObject();

            json.WriteStartObject("activity");
            foreach (var node in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Job))
            {
                json.WriteStartObject(Id(node.Id));
                json.WriteString("prov:label", node.Label);
                if (records.TryGetValue(node.Id, out var record))
                {
                    if (record.Job.StartedOn is { } started) Time(json, "prov:startTime", started);
                    if (record.Job.EndedOn is { } ended) Time(json, "prov:endTime", ended);
                    json.WriteString("tj:status", record.Job.Status.ToString());
                    if (record.Job.ParentJobName is { } parent) json.WriteString("tj:parent", Id(LineageGraph.JobId(parent)));
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();

            json.WriteStartObject("agent");
            foreach (var node in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Agent))
            {
                json.WriteStartObject(Id(node.Id));
                json.WriteString("prov:type", "prov:Person");
                json.WriteString("prov:label", node.Label);
                json.WriteEndObject();
            }
            json.WriteEndObject();

            var n = 0;
            Relation(json, graph, LineageEdgeKind.Used, "used", (e, w) =>
            {
                w.WriteString("prov:activity", Id(e.From));
                w.WriteString("prov:entity", Id(e.To));
            }, ref n);
            Relation(json, graph, LineageEdgeKind.WasGeneratedBy, "wasGeneratedBy", (e, w) =>
            {
                w.WriteString("prov:entity", Id(e.From));
                w.WriteString("prov:activity", Id(e.To));
                if (records.TryGetValue(e.To, out var r) && r.Job.EndedOn is { } ended) Time(w, "prov:time", ended);
            }, ref n);
            Relation(json, graph, LineageEdgeKind.WasAssociatedWith, "wasAssociatedWith", (e, w) =>
            {
                w.WriteString("prov:activity", Id(e.From));
                w.WriteString("prov:agent", Id(e.To));
            }, ref n);
            Relation(json, graph, LineageEdgeKind.WasInformedBy, "wasInformedBy", (e, w) =>
            {
                w.WriteString("prov:informed", Id(e.From));
                w.WriteString("prov:informant", Id(e.To));
            }, ref n);

            // Each output derives from each data input of the job that generated it.
            json.WriteStartObject("wasDerivedFrom");
            foreach (var generated in graph.Edges.Where(e => e.Kind == LineageEdgeKind.WasGeneratedBy))
            {
                foreach (var used in graph.Edges.Where(e => e.Kind == LineageEdgeKind.Used && e.From == generated.To && e.Role is not ("code" or "environment")))
                {
                    json.WriteStartObject("_:d" + (++n).ToString(CultureInfo.InvariantCulture));
                    json.WriteString("prov:generatedEntity", Id(generated.From));
                    json.WriteString("prov:usedEntity", Id(used.To));
                    json.WriteString("prov:activity", Id(generated.To));
                    json.WriteEndObject();
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A node id as a PROV qualified name in the <c>tj</c> namespace.</summary>
    public static string Id(string nodeId) => "tj:" + nodeId;

    private static void Relation(Utf8JsonWriter json, LineageGraph graph, LineageEdgeKind kind, string name, Action<LineageEdge, Utf8JsonWriter> write, ref int n)
    {
        json.WriteStartObject(name);
        foreach (var edge in graph.Edges.Where(e => e.Kind == kind))
        {
            json.WriteStartObject("_:r" + (++n).ToString(CultureInfo.InvariantCulture));
            write(edge, json);
            if (edge.Role is { } role) json.WriteString("prov:role", role);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset time)
    {
        json.WriteStartObject(name);
        json.WriteString("$", RecordDocument.Time(time));
        json.WriteString("type", "xsd:dateTime");
        json.WriteEndObject();
    }
}
