using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads one pipeline step: its kind (declared, or its component's), its component, and its own fields.</summary>
internal static class StepReader
{
    /// <summary>Node kinds the YAML allows but the SDK does not model; each is one clear error.</summary>
    private static readonly HashSet<string> KnownUnsupportedNodeKinds = new(StringComparer.Ordinal)
    {
        "parallel", "spark", "automl", "data_transfer", "do_while", "parallel_for", "if_else", "import", "flow", "finetuning",
    };

    /// <summary>Reads the step at <paramref name="path"/>; null when it is not a mapping or is of a kind the SDK does not support.</summary>
    public static PipelineStep? Read(TreeNode node, string path, string baseDirectory, ReadingContext context)
    {
        if (node is not TreeMapping mapping)
        {
            context.WrongType(node, path, $"step '{ReadingContext.LastSegment(path)}' must be a mapping");
            return null;
        }
        var declaredKind = mapping.Get("type") is null ? null : JobKindReader.Read(mapping, path, context, out _);
        var typeNode = mapping.Get("type") ?? mapping;
        if (declaredKind is not null && !JobKindReader.IsSupported(declaredKind))
        {
            ReportUnsupported(declaredKind, path, typeNode, context);
            return null;
        }

        ComponentReference? component = null;
        var componentNode = mapping.Get("component");
        if (componentNode is not null)
        {
            context.Map.Record(DiagnosticPath.Append(path, "component"), componentNode);
            component = ComponentReader.ReadReference(componentNode, DiagnosticPath.Append(path, "component"), baseDirectory, context, out var componentKind);
            if (componentKind is not null && !JobKindReader.IsSupported(componentKind))
            {
                ReportUnsupported(componentKind, path, componentNode, context);
                return null;
            }
            if (declaredKind is not null && componentKind is not null && declaredKind != componentKind)
            {
                context.Error(YamlDiagnosticCodes.ComponentKindMismatch,
                    $"Step '{ReadingContext.LastSegment(path)}' is of type '{declaredKind}' but its component is of type '{componentKind}'.", path, typeNode);
            }
            declaredKind ??= componentKind;
        }

        void NodeKey(TreeScalar key, TreeNode value, string childPath)
        {
            if (key.Value != "component") context.UnknownKey(key, childPath, $"step '{ReadingContext.LastSegment(path)}'");
        }

        JobDefinition job = (declaredKind ?? "command") switch
        {
            "pipeline" => PipelineReader.Read(mapping, path, baseDirectory, JobShape.Node, context, NodeKey),
            "sweep" => SweepReader.Read(mapping, path, baseDirectory, JobShape.Node, context, NodeKey),
            _ => CommandReader.Read(mapping, path, JobShape.Node, context, NodeKey),
        };
        return new PipelineStep { Job = job, Component = component };
    }

    private static void ReportUnsupported(string kind, string path, TreeNode at, ReadingContext context)
    {
        var known = KnownUnsupportedNodeKinds.Contains(kind) ? "" : " (unknown node type)";
        context.Error(YamlDiagnosticCodes.UnsupportedNodeKind,
            $"Step '{ReadingContext.LastSegment(path)}' is a node of kind '{kind}'{known}, which TrainingJobs.Sdk does not support; supported steps are command, sweep and pipeline.",
            path, at);
    }
}
