using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml.Writing;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Writes a <see cref="JobDefinition"/> as canonical <c>az ml</c> YAML (with <c>$schema</c> and <c>type</c>).
/// Loading what it writes gives an equal definition (component and trial references are written as
/// references, so load the text with the same base folder).
/// </summary>
public static class YamlJobWriter
{
    // The entry points only: each part of a job has its own writer in Writing/ (JobBodyWriter and the writers it calls).

    /// <summary>Where the az ml schemas named in <c>$schema</c> live.</summary>
    internal const string SchemaBase = "https://azuremlschemas.azureedge.net/latest/";

    /// <summary>Returns the job as YAML text.</summary>
    /// <param name="job">The job.</param>
    public static string Write(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(job, writer);
        return writer.ToString();
    }

    /// <summary>Writes the job as YAML to <paramref name="writer"/>.</summary>
    /// <param name="job">The job.</param>
    /// <param name="writer">Where the YAML goes.</param>
    public static void Write(JobDefinition job, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(writer);
        var emitter = new YamlEmitter(writer);
        emitter.BeginMap();
        emitter.Key("$schema");
        emitter.Text(SchemaBase + job.Kind switch
        {
            _ when job.Kind == JobKind.Pipeline => "pipelineJob.schema.json",
            _ when job.Kind == JobKind.Sweep => "sweepJob.schema.json",
            _ => "commandJob.schema.json",
        });
        JobBodyWriter.Write(emitter, job);
        emitter.EndMap();
        emitter.Finish();
    }

    /// <summary>
    /// Writes a JSON object as a YAML block mapping with the face's scalar rules (text that would read back as another
    /// type is quoted), for output that is not a job definition, such as what the CLI shows about a job beside it.
    /// </summary>
    /// <param name="value">The object.</param>
    internal static string WriteJson(System.Text.Json.Nodes.JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new YamlEmitter(writer);
        emitter.Json(value);
        emitter.Finish();
        return writer.ToString();
    }

    /// <summary>Writes the job as YAML to a file atomically (a temporary file renamed over the target).</summary>
    /// <param name="job">The job.</param>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteFileAsync(JobDefinition job, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(path);
        var text = Write(job);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
