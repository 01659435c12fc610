using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a job output.</summary>
internal static class OutputReader
{
    /// <summary>Reads an output: a bare key (defaults), a binding or URI, or a mapping (type, path, mode, name/version).</summary>
    public static JobOutput? Read(TreeNode node, string path, ReadingContext context)
    {
        switch (node)
        {
            case TreeScalar { IsNull: true }:
                return new JobOutput();
            case TreeScalar scalar:
                return new JobOutput { Path = scalar.Value };
            case TreeMapping:
                var output = new JobOutput();
                context.ForEach(node, path, "output fields", (key, value, childPath) =>
                {
                    switch (key.Value)
                    {
                        case "type":
                            output = output with { Type = context.ReadString(value, childPath) is { } outputType ? new PortType(outputType) : (PortType?)null };
                            break;
                        case "path":
                            output = output with { Path = context.ReadString(value, childPath) };
                            break;
                        case "mode":
                            output = output with { Mode = context.ReadString(value, childPath) is { } m ? (OutputMode?)OutputMode.Parse(m) : null };
                            break;
                        case "description":
                            output = output with { Description = context.ReadString(value, childPath) };
                            break;
                        case "name":
                            output = output with { AssetName = context.ReadString(value, childPath) };
                            break;
                        case "version":
                            output = output with { AssetVersion = context.ReadString(value, childPath) };
                            break;
                        case "is_control":
                            output = output with { IsControl = context.ReadBool(value, childPath) };
                            break;
                        default:
                            context.UnknownKey(key, childPath, "an output");
                            break;
                    }
                });
                return output;
            default:
                context.WrongType(node, path, $"output '{ReadingContext.LastSegment(path)}' must be empty, a path or a mapping");
                return null;
        }
    }
}
