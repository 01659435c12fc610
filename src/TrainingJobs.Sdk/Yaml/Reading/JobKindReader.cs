using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Works out which kind of job (command, pipeline, sweep, …) a mapping describes.</summary>
internal static class JobKindReader
{
    /// <summary>
    /// The job kind in lower case: <c>type</c>, else the kind its <c>$schema</c> names
    /// (<c>…/sweepJob.schema.json</c> → sweep), else <c>command</c> as in az ml.
    /// </summary>
    public static string Read(TreeMapping mapping, string path, ReadingContext context, out TreeNode? kindNode)
    {
        kindNode = mapping.Get("type");
        if (kindNode is null)
        {
            if (mapping.Get("$schema") is TreeScalar { IsNull: false } schema && FromSchema(schema.Value) is { } fromSchema)
            {
                kindNode = schema;
                return fromSchema;
            }
            return "command";
        }
        if (kindNode is TreeScalar { IsNull: false } scalar) return scalar.Value.Trim().ToLowerInvariant();
        // An empty 'type:' means the default, as if it were absent.
        if (kindNode is TreeScalar) return "command";
        context.WrongType(kindNode, DiagnosticPath.Append(path, "type"), "'type' must be text such as command, pipeline or sweep");
        return "command";
    }

    /// <summary>The kind a <c>$schema</c> URL names (<c>commandJob</c>, <c>pipelineComponent</c>), or null.</summary>
    public static string? FromSchema(string schema)
    {
        var name = schema[(schema.LastIndexOf('/') + 1)..];
        var cut = name.IndexOf('.', StringComparison.Ordinal);
        if (cut > 0) name = name[..cut];
        foreach (var suffix in new[] { "Job", "Component" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length].ToLowerInvariant();
            }
        }
        return null;
    }

    /// <summary>Whether the SDK models jobs of <paramref name="kind"/>.</summary>
    public static bool IsSupported(string kind) => kind is "command" or "pipeline" or "sweep";

    /// <summary>Words for where a key was found, used in unknown-key warnings.</summary>
    public static string Describe(JobShape shape, string kind) => shape switch
    {
        JobShape.Node => $"a {kind} step",
        JobShape.Component => $"a {kind} component",
        _ => $"a {kind} job",
    };
}
