using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    /// <summary>Node kinds the YAML allows but the SDK does not model; each is one clear error.</summary>
    private static readonly HashSet<string> KnownUnsupportedNodeKinds = new(StringComparer.Ordinal)
    {
        "parallel", "spark", "automl", "data_transfer", "do_while", "parallel_for", "if_else", "import", "flow", "finetuning",
    };

    private PipelineJob ReadPipeline(TreeMapping mapping, string path, string baseDirectory, JobShape shape, Action<TreeScalar, TreeNode, string>? other = null)
    {
        JobDefinition job = new PipelineJob();
        ForEach(mapping, path, "fields", (key, value, childPath) =>
        {
            if (TryReadCommon(ref job, key.Value, value, childPath)) return;
            var pipeline = (PipelineJob)job;
            switch (key.Value)
            {
                case "jobs":
                    job = pipeline with { Steps = ReadSteps(value, childPath, baseDirectory) };
                    break;
                case "settings":
                    job = pipeline with { Settings = ReadPipelineSettings(value, childPath) };
                    break;
                default:
                    if (other is not null) other(key, value, childPath);
                    else UnknownKey(key, childPath, Describe(shape, "pipeline"));
                    break;
            }
        });
        return (PipelineJob)job;
    }

    private PipelineSettings? ReadPipelineSettings(TreeNode node, string path)
    {
        var settings = new PipelineSettings();
        var ok = ForEach(node, path, "pipeline settings", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "default_compute":
                    settings = settings with { DefaultCompute = ReadString(value, childPath) };
                    break;
                case "default_datastore":
                    settings = settings with { DefaultDatastore = ReadString(value, childPath) };
                    break;
                case "continue_on_step_failure":
                    settings = settings with { ContinueOnStepFailure = ReadBool(value, childPath) };
                    break;
                case "force_rerun":
                    settings = settings with { ForceRerun = ReadBool(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "pipeline settings");
                    break;
            }
        });
        return ok && node is TreeMapping ? settings : null;
    }

    private ValueMap<PipelineStep> ReadSteps(TreeNode node, string path, string baseDirectory)
    {
        var steps = new List<KeyValuePair<string, PipelineStep>>();
        ForEach(node, path, "step names to steps", (key, value, childPath) =>
        {
            if (ReadStep(value, childPath, baseDirectory) is { } step) steps.Add(new(key.Value, step));
        });
        return ValueMap<PipelineStep>.From(steps);
    }

    /// <summary>Reads one pipeline node: its kind, its component (resolved when local), and its own fields.</summary>
    private PipelineStep? ReadStep(TreeNode node, string path, string baseDirectory)
    {
        if (node is not TreeMapping mapping)
        {
            WrongType(node, path, $"step '{LastSegment(path)}' must be a mapping");
            return null;
        }
        var declaredKind = mapping.Get("type") is null ? null : ReadKind(mapping, path, out _);
        var typeNode = mapping.Get("type") ?? mapping;
        if (declaredKind is not null && !IsSupportedKind(declaredKind))
        {
            ReportUnsupportedNode(declaredKind, path, typeNode);
            return null;
        }

        ComponentReference? component = null;
        var componentNode = mapping.Get("component");
        if (componentNode is not null)
        {
            _map.Record(DiagnosticPath.Append(path, "component"), componentNode);
            component = ReadComponentReference(componentNode, DiagnosticPath.Append(path, "component"), baseDirectory, out var componentKind);
            if (componentKind is not null && !IsSupportedKind(componentKind))
            {
                ReportUnsupportedNode(componentKind, path, componentNode);
                return null;
            }
            if (declaredKind is not null && componentKind is not null && declaredKind != componentKind)
            {
                _diagnostics.Error(YamlDiagnosticCodes.ComponentKindMismatch,
                    $"Step '{LastSegment(path)}' is of type '{declaredKind}' but its component is of type '{componentKind}'.", path, Loc(typeNode));
            }
            declaredKind ??= componentKind;
        }

        void NodeKey(TreeScalar key, TreeNode value, string childPath)
        {
            if (key.Value != "component") UnknownKey(key, childPath, $"step '{LastSegment(path)}'");
        }

        JobDefinition job = (declaredKind ?? "command") switch
        {
            "pipeline" => ReadPipeline(mapping, path, baseDirectory, JobShape.Node, NodeKey),
            "sweep" => ReadSweep(mapping, path, baseDirectory, JobShape.Node, NodeKey),
            _ => ReadCommand(mapping, path, JobShape.Node, NodeKey),
        };
        return new PipelineStep { Job = job, Component = component };
    }

    private static bool IsSupportedKind(string kind) => kind is "command" or "pipeline" or "sweep";

    private void ReportUnsupportedNode(string kind, string path, TreeNode at)
    {
        var known = KnownUnsupportedNodeKinds.Contains(kind) ? "" : " (unknown node type)";
        _diagnostics.Error(YamlDiagnosticCodes.UnsupportedNodeKind,
            $"Step '{LastSegment(path)}' is a node of kind '{kind}'{known}, which TrainingJobs.Sdk does not support; supported steps are command, sweep and pipeline.",
            path, Loc(at));
    }
}
