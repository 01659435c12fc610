using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a component: a reference to one (kept, or loaded from a file) or one written in place.</summary>
internal static class ComponentReader
{
    /// <summary>
    /// Reads <c>component:</c> (or a sweep's <c>trial:</c>): an <c>azureml:</c> reference or an ARM id is kept as written; a
    /// <c>file:</c> or plain relative path is resolved against <paramref name="baseDirectory"/> and loaded; a
    /// mapping is a component written in place. <paramref name="kind"/> is the component's type when known.
    /// </summary>
    public static ComponentReference? ReadReference(TreeNode node, string path, string baseDirectory, ReadingContext context, out string? kind)
    {
        kind = null;
        switch (node)
        {
            case TreeScalar { IsNull: true }:
                context.Error(YamlDiagnosticCodes.MissingKey,
                    $"'{ReadingContext.LastSegment(path)}' is empty; give a component file, an azureml: reference or a mapping.", path, node);
                return null;
            case TreeScalar scalar:
                var reference = scalar.Value.Trim();
                // A bare ARM id (/subscriptions/…) is a reference too, never a file: REST payloads spell components that way.
                if (ReferenceChecks.IsRegisteredComponent(reference))
                {
                    return new ComponentReference { Reference = reference };
                }
                var definition = ComponentFileReader.Load(reference, path, baseDirectory, scalar, context, out kind);
                return new ComponentReference { Reference = reference, Definition = definition };
            case TreeMapping mapping:
                var inline = Read(mapping, path, baseDirectory, sourcePath: null, context, out kind);
                return inline is null ? null : new ComponentReference { Definition = inline };
            default:
                context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a file reference, an azureml: reference or a mapping");
                return null;
        }
    }

    /// <summary>
    /// Reads a component (file or in place): name, version and the body as a command or pipeline job. Null when the
    /// kind is not supported; the caller reports that once, naming the step.
    /// </summary>
    public static ComponentDefinition? Read(TreeMapping mapping, string path, string baseDirectory, string? sourcePath, ReadingContext context, out string? kind)
    {
        kind = JobKindReader.Read(mapping, path, context, out _);
        if (kind == "sweep") kind = "sweep component";
        if (!JobKindReader.IsSupported(kind)) return null;
        ComponentFieldRules.Check(mapping, path, context);
        string? version = null;
        bool? deterministic = null;
        var includes = ValueList<string>.Empty;

        void ComponentKey(TreeScalar key, TreeNode value, string childPath)
        {
            switch (key.Value)
            {
                case "version":
                    version = context.ReadString(value, childPath);
                    break;
                case "is_deterministic":
                    deterministic = context.ReadBool(value, childPath);
                    break;
                case "additional_includes":
                    includes = context.ReadStringList(value, childPath);
                    break;
                default:
                    context.UnknownKey(key, childPath, "a component");
                    break;
            }
        }

        JobDefinition body = kind == "pipeline"
            ? PipelineReader.Read(mapping, path, baseDirectory, JobShape.Component, context, ComponentKey)
            : CommandReader.Read(mapping, path, JobShape.Component, context, ComponentKey);
        var name = body.Name;
        return new ComponentDefinition
        {
            Name = name,
            Version = version,
            IsDeterministic = deterministic,
            AdditionalIncludes = includes,
            Body = body with { Name = null },
            SourcePath = sourcePath,
        };
    }
}
