using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Docs.Snippets.Yaml;

/// <summary>The examples of docs/yaml.md; compiled and run by the test project.</summary>
public static class YamlSnippets
{
    /// <summary>Loads a job file with overrides, prints its diagnostics and returns it (null when it has errors).</summary>
    public static JobDefinition? LoadWithOverrides(string path, TextWriter log)
    {
        #region Snippet:LoadYaml
        YamlLoadResult result = YamlJobLoader.Load(path, new YamlLoadOptions
        {
            Overrides = ["inputs.learning_rate=0.05", "tags.team=vision"],
        });
        foreach (var diagnostic in result.Diagnostics)
        {
            log.WriteLine(diagnostic); // job.yml:12:5: error TJ1011: 'instance_count' must be a whole number (found a scalar).
        }
        JobDefinition? job = result.Succeeded ? result.Definition : null;
        #endregion
        return job;
    }

    /// <summary>Saves a job as canonical YAML, as text and as a file.</summary>
    public static async Task<string> Save(JobDefinition job, string path)
    {
        #region Snippet:SaveYaml
        string yaml = YamlJobWriter.Write(job);            // $schema, type, then the fields az ml documents
        await YamlJobWriter.WriteFileAsync(job, path);     // temp file + rename: never a half-written file
        #endregion
        return yaml;
    }
}
