using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes a command job's <c>environment</c>: a reference as text, an environment written in place as a mapping.</summary>
internal static class EnvironmentWriter
{
    /// <summary>Writes <c>environment</c>.</summary>
    public static void Write(YamlEmitter e, JobEnvironment environment)
    {
        e.Key("environment");
        switch (environment)
        {
            case EnvironmentReference reference:
                e.Text(reference.Reference);
                return;
            case InlineEnvironment inline:
                e.BeginMap();
                e.OptionalText("name", inline.Name);
                e.OptionalText("version", inline.Version);
                e.OptionalText("description", inline.Description);
                e.OptionalText("image", inline.Image);
                if (inline.CondaSpecification is { } specification)
                {
                    e.Key("conda_file");
                    e.Freeform(specification);
                }
                else
                {
                    e.OptionalText("conda_file", inline.CondaFile);
                }
                if (inline.Build is { } build)
                {
                    e.Key("build");
                    e.BeginMap();
                    e.OptionalText("path", build.Path);
                    e.OptionalText("dockerfile_path", build.DockerfilePath);
                    e.EndMap();
                }
                e.OptionalText("python_requirements_txt", inline.PythonRequirementsTxt);
                e.EndMap();
                return;
            default:
                e.Null();
                return;
        }
    }
}
