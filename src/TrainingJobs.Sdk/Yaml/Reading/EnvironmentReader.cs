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
                default:
                    context.UnknownKey(key, childPath, "an inline environment");
                    break;
            }
        });
        return environment;
    }

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
                    context.UnknownKey(key, childPath, "an environment build");
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
