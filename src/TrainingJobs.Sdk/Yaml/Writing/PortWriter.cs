using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes a job's <c>inputs</c> and <c>outputs</c>, each in its shortest form that reads back the same.</summary>
internal static class PortWriter
{
    /// <summary>Writes <c>inputs</c> and <c>outputs</c>, each when the job has any.</summary>
    public static void WritePorts(YamlEmitter e, JobDefinition job)
    {
        e.Map("inputs", job.Inputs, WriteInput);
        e.Map("outputs", job.Outputs, WriteOutput);
    }

    private static void WriteInput(YamlEmitter e, JobInput input)
    {
        switch (input)
        {
            case LiteralInput literal:
                if (literal is { Type: null, Default: null, Min: null, Max: null, Description: null, Optional: null } && literal.Enum.IsEmpty)
                {
                    if (literal.Value is { } shorthand) e.Literal(shorthand);
                    else e.Null();
                    return;
                }
                e.BeginMap();
                if (literal.Type is { } type)
                {
                    e.Key("type");
                    e.Text(type.ToString());
                }
                if (literal.Value is { } value)
                {
                    e.Key("value");
                    e.Literal(value);
                }
                if (literal.Default is { } defaultValue)
                {
                    e.Key("default");
                    e.Literal(defaultValue);
                }
                Bound(e, "min", literal.Min, literal.Type);
                Bound(e, "max", literal.Max, literal.Type);
                e.StringList("enum", literal.Enum);
                e.OptionalBool("optional", literal.Optional);
                e.OptionalText("description", literal.Description);
                e.EndMap();
                return;
            case AssetInput asset:
                e.BeginMap();
                if (asset.TypeIsExplicit || (asset.Path is null && asset.Mode is null && asset.Datastore is null))
                {
                    e.Key("type");
                    e.Text(asset.Type.ToString());
                }
                e.OptionalText("path", asset.Path);
                e.OptionalText("mode", asset.Mode?.ToString());
                e.OptionalText("datastore", asset.Datastore);
                e.OptionalBool("optional", asset.Optional);
                e.OptionalText("description", asset.Description);
                e.EndMap();
                return;
            case BindingInput binding:
                if (binding is { Type: null, Mode: null, Description: null, Optional: null })
                {
                    e.Text(binding.Expression);
                    return;
                }
                e.BeginMap();
                e.OptionalText("type", binding.Type?.ToString());
                e.OptionalText("path", binding.Expression);
                e.OptionalText("mode", binding.Mode?.ToString());
                e.OptionalBool("optional", binding.Optional);
                e.OptionalText("description", binding.Description);
                e.EndMap();
                return;
            default:
                e.Null();
                return;
        }
    }

    /// <summary>
    /// Writes a <c>min</c>/<c>max</c>. The model keeps bounds as doubles, so <c>max: 5</c> and <c>max: 5.0</c> are
    /// the same value; for an integer input a whole bound is written as an integer (as it was almost surely
    /// written), for other inputs as a number.
    /// </summary>
    private static void Bound(YamlEmitter e, string key, double? value, LiteralType? type)
    {
        if (value is { } v && type == LiteralType.Integer && v == Math.Floor(v) && Math.Abs(v) < 9e15)
        {
            e.Key(key);
            e.Integer((long)v);
            return;
        }
        e.OptionalNumber(key, value);
    }

    private static void WriteOutput(YamlEmitter e, JobOutput output)
    {
        if (output is { Type: null, Mode: null, Description: null, AssetName: null, AssetVersion: null, IsControl: null })
        {
            if (output.Path is { } path) e.Text(path);
            else e.Null();
            return;
        }
        e.BeginMap();
        e.OptionalText("type", output.Type?.ToString());
        e.OptionalText("path", output.Path);
        e.OptionalText("mode", output.Mode?.ToString());
        e.OptionalText("name", output.AssetName);
        e.OptionalText("version", output.AssetVersion);
        e.OptionalBool("is_control", output.IsControl);
        e.OptionalText("description", output.Description);
        e.EndMap();
    }
}
