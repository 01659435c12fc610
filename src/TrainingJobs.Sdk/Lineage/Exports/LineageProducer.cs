using System.Reflection;

namespace TrainingJobs.Sdk.Lineage.Exports;

/// <summary>How exports name what wrote them: one URI for this SDK and its version (OpenLineage <c>producer</c>, PROV namespace).</summary>
internal static class LineageProducer
{
    /// <summary>This SDK's version (the informational version without build metadata).</summary>
    public static string Version { get; } =
        (typeof(LineageProducer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary><c>urn:trainingjobs-sdk:VERSION</c>: a URI (as OpenLineage requires) that names the producer without claiming a web address.</summary>
    public static string Uri { get; } = "urn:trainingjobs-sdk:" + Version;

    /// <summary>The <c>_schemaURL</c> of this SDK's custom facets, by facet name: an identifier, documented in docs/lineage.md.</summary>
    public static string FacetSchema(string facet) => $"urn:trainingjobs-sdk:facets:{facet}:1-0-0";
}
