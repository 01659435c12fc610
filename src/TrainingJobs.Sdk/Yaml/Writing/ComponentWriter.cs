using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes a step's <c>component</c> or a sweep's <c>trial</c>: a reference as written, or a component in place.</summary>
internal static class ComponentWriter
{
    /// <summary>Writes <paramref name="key"/> with the reference as written, else the component in place; nothing when there is neither.</summary>
    public static void WriteReference(YamlEmitter e, string key, ComponentReference reference)
    {
        if (reference.Reference is { } written)
        {
            e.Key(key);
            e.Text(written);
        }
        else if (reference.Definition is { } definition)
        {
            e.Key(key);
            Write(e, definition);
        }
    }

    /// <summary>Writes a component written in place (a mapping with <c>$schema</c>, <c>type</c>, name and version).</summary>
    private static void Write(YamlEmitter e, ComponentDefinition component)
    {
        e.BeginMap();
        e.Key("$schema");
        e.Text(YamlJobWriter.SchemaBase + (component.Body is PipelineJob ? "pipelineComponent.schema.json" : "commandComponent.schema.json"));
        var body = component.Body with { Name = component.Name };
        JobBodyWriter.Write(e, body);
        e.OptionalText("version", component.Version);
        e.OptionalBool("is_deterministic", component.IsDeterministic);
        if (!component.AdditionalIncludes.IsEmpty)
        {
            e.Key("additional_includes");
            e.BeginSeq();
            foreach (var include in component.AdditionalIncludes) e.Text(include);
            e.EndSeq();
        }
        e.EndMap();
    }
}
