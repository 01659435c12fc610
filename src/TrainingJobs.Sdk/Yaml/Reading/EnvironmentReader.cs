using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a command job's <c>environment</c>: a reference, or an environment written in place (image, conda file, build).</summary>
internal static class EnvironmentReader
{
    /// <summary>Reads the environment; null when it is empty or (reported) neither text nor a mapping.</summary>
    public static JobEnvironment? Read(TreeNode node, string path, ReadingContext context)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull || scalar.Value.Trim().Length == 0) return null;
            return new EnvironmentReference(scalar.Value.Trim());
        }
        if (node is not TreeMapping)
        {
            context.WrongType(node, path, "'environment' must be a reference (azureml:name:version) or a mapping (image, conda_file, build)");
            return null;
        }
        var environment = new InlineEnvironment();
        context.ForEach(node, path, "environment fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "image":
                    environment = environment with { Image = context.ReadString(value, childPath) };
                    break;
                case "conda_file":
                    if (value is TreeMapping) environment = environment with { CondaSpecification = context.ReadFreeform(value, childPath) };
                    else environment = environment with { CondaFile = context.ReadString(value, childPath) };
                    break;
                case "build":
                    environment = environment with { Build = ReadBuild(value, childPath, context) };
                    break;
                case "python_requirements_txt":
                    environment = environment with { PythonRequirementsTxt = context.ReadString(value, childPath) };
                    break;
                case "name":
                    environment = environment with { Name = context.ReadString(value, childPath) };
                    break;
                case "version":
                    environment = environment with { Version = context.ReadString(value, childPath) };
                    break;
                case "description":
                    environment = environment with { Description = context.ReadString(value, childPath) };
                    break;
                case "$schema":
                    break;
                case "os_type" or "inference_config" or "datastore" or "tags":
                    // azure-ai-ml's environment has these; the model does not carry them, so the file loads and says so.
                    context.Warning(YamlDiagnosticCodes.UnknownKey,
                        $"'{key.Value}' is a field of azure-ai-ml's environment that this SDK does not carry; it is ignored and not sent.",
                        childPath, key);
                    break;
                case "channels" or "dependencies":
                    context.Error(YamlDiagnosticCodes.InvalidValue,
                        $"'{key.Value}' belongs in a conda file, not in the environment: write it in a conda YAML file (or under 'conda_file:') " +
                        "and name that file in 'conda_file' (azure-ai-ml refuses it here too).", childPath, key);
                    break;
                default:
                    // environment is a union in azure-ai-ml (an inline environment, a registry URI or an azureml: reference):
                    // a key the environment schema lacks makes every member fail, so it is an error there.
                    context.UnknownKeyInUnion(key, childPath, "an inline environment", EnvironmentKeys);
                    break;
            }
        });
        return environment;
    }

    /// <summary>The keys of azure-ai-ml's anonymous environment schema, which the model reads or (with a warning) ignores.</summary>
    private static readonly string[] EnvironmentKeys =
        ["image", "conda_file", "build", "os_type", "inference_config", "datastore", "description", "tags", "name", "version"];

    private static BuildContext? ReadBuild(TreeNode node, string path, ReadingContext context)
    {
        string? contextPath = null;
        string? dockerfile = null;
        var ok = context.ForEach(node, path, "build fields (path, dockerfile_path)", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "path":
                    contextPath = context.ReadString(value, childPath);
                    break;
                case "dockerfile_path":
                    dockerfile = context.ReadString(value, childPath);
                    break;
                default:
                    // Inside the environment union, as above: azure-ai-ml's build schema refuses the key, so the union fails.
                    context.UnknownKeyInUnion(key, childPath, "an environment build", ["path", "dockerfile_path"]);
                    break;
            }
        });
        if (!ok || node is TreeScalar { IsNull: true }) return null;
        if (contextPath is null)
        {
            context.Error(YamlDiagnosticCodes.MissingKey, "An environment build needs a 'path' (the Docker build context).", path, node);
            return null;
        }
        return new BuildContext(contextPath, dockerfile);
    }
}
