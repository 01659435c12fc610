using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    private JobEnvironment? ReadEnvironment(TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull || scalar.Value.Trim().Length == 0) return null;
            return new EnvironmentReference(scalar.Value.Trim());
        }
        if (node is not TreeMapping)
        {
            WrongType(node, path, "'environment' must be a reference (azureml:name:version) or a mapping (image, conda_file, build)");
            return null;
        }
        var environment = new InlineEnvironment();
        ForEach(node, path, "environment fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "image":
                    environment = environment with { Image = ReadString(value, childPath) };
                    break;
                case "conda_file":
                    if (value is TreeMapping) environment = environment with { CondaSpecification = ReadFreeform(value, childPath) };
                    else environment = environment with { CondaFile = ReadString(value, childPath) };
                    break;
                case "build":
                    environment = environment with { Build = ReadBuild(value, childPath) };
                    break;
                case "python_requirements_txt":
                    environment = environment with { PythonRequirementsTxt = ReadString(value, childPath) };
                    break;
                case "name":
                    environment = environment with { Name = ReadString(value, childPath) };
                    break;
                case "version":
                    environment = environment with { Version = ReadString(value, childPath) };
                    break;
                case "description":
                    environment = environment with { Description = ReadString(value, childPath) };
                    break;
                case "$schema":
                    break;
                default:
                    UnknownKey(key, childPath, "an inline environment");
                    break;
            }
        });
        return environment;
    }

    private BuildContext? ReadBuild(TreeNode node, string path)
    {
        string? contextPath = null;
        string? dockerfile = null;
        var ok = ForEach(node, path, "build fields (path, dockerfile_path)", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "path":
                    contextPath = ReadString(value, childPath);
                    break;
                case "dockerfile_path":
                    dockerfile = ReadString(value, childPath);
                    break;
                default:
                    UnknownKey(key, childPath, "an environment build");
                    break;
            }
        });
        if (!ok || node is TreeScalar { IsNull: true }) return null;
        if (contextPath is null)
        {
            _diagnostics.Error(YamlDiagnosticCodes.MissingKey, "An environment build needs a 'path' (the Docker build context).", path, Loc(node));
            return null;
        }
        return new BuildContext(contextPath, dockerfile);
    }

    private FreeformValue? ReadFreeform(TreeNode node, string path)
    {
        try
        {
            return ToFreeform(node);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException or ArgumentException)
        {
            WrongType(node, path, $"'{LastSegment(path)}' could not be kept as a free-form value: {ex.Message}");
            return null;
        }
    }
}
