using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.IO;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml.Reading;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Loads <c>az ml job create --file</c> YAML (command, pipeline and sweep jobs) into a <see cref="JobDefinition"/>.
/// Never throws for bad content: malformed YAML, wrong types, unknown keys and unsupported kinds all end in
/// <see cref="YamlLoadResult.Diagnostics"/> with a stable code and the file, line and column.
/// </summary>
public static class YamlJobLoader
{
    /// <summary>Loads a job file; component and trial references resolve against the file's folder.</summary>
    /// <remarks>Diagnostics name the file as <paramref name="path"/>, or as <see cref="YamlLoadOptions.SourceName"/> when set.</remarks>
    /// <param name="path">The file path.</param>
    /// <param name="options">Overrides (<c>--set</c>), validation and limits; null for the defaults.</param>
    public static YamlLoadResult Load(string path, YamlLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= YamlLoadOptions.Default;
        var diagnostics = new DiagnosticBag();
        byte[] bytes;
        try
        {
            // A FIFO, a device or a huge file is refused without blocking or reading it all.
            bytes = BoundedFile.ReadAllBytes(path, options.MaxDocumentBytes);
        }
        catch (BoundedFileException ex) when (ex.Problem == BoundedFileProblem.TooLarge)
        {
            diagnostics.Error(YamlDiagnosticCodes.DocumentTooLarge, $"The file is larger than the limit of {options.MaxDocumentBytes} bytes.", "", new SourceLocation(path, 1, 1));
            return new YamlLoadResult(null, diagnostics.Items, new SourceMap(), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Error(YamlDiagnosticCodes.FileNotReadable, $"The file could not be read: {ex.Message}", "", new SourceLocation(path, 1, 1));
            return new YamlLoadResult(null, diagnostics.Items, new SourceMap(), path);
        }
        var baseDirectory = options.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return LoadCore(options.SourceName ?? path, baseDirectory, options, diagnostics, reader => reader.Read(bytes));
    }

    /// <summary>Loads job YAML from text; references resolve against <see cref="YamlLoadOptions.BaseDirectory"/> (default: the current folder).</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="options">Overrides (<c>--set</c>), validation and limits; null for the defaults.</param>
    public static YamlLoadResult LoadText(string yaml, YamlLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        options ??= YamlLoadOptions.Default;
        var baseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory();
        return LoadCore(options.SourceName, baseDirectory, options, new DiagnosticBag(), reader => reader.Read(yaml));
    }

    /// <summary>Loads job YAML from UTF-8 bytes (invalid UTF-8 is a diagnostic, not an exception).</summary>
    /// <param name="utf8">The bytes.</param>
    /// <param name="options">Overrides (<c>--set</c>), validation and limits; null for the defaults.</param>
    public static YamlLoadResult LoadBytes(ReadOnlySpan<byte> utf8, YamlLoadOptions? options = null)
    {
        options ??= YamlLoadOptions.Default;
        var baseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory();
        var copy = utf8.ToArray();
        return LoadCore(options.SourceName, baseDirectory, options, new DiagnosticBag(), reader => reader.Read(copy));
    }

    private static YamlLoadResult LoadCore(string? file, string baseDirectory, YamlLoadOptions options, DiagnosticBag diagnostics, Func<YamlDocumentReader, TreeNode?> read)
    {
        var map = new SourceMap();
        var root = read(new YamlDocumentReader(file, options, diagnostics));
        if (root is null) return new YamlLoadResult(null, diagnostics.Items, map, file);

        if (options.Overrides.Count > 0)
        {
            if (root is TreeMapping mapping) YamlOverrides.Apply(mapping, options.Overrides, diagnostics);
        }

        var job = new JobYamlReader(diagnostics, map, options).ReadJob(root, baseDirectory);
        if (diagnostics.HasErrors) return new YamlLoadResult(null, diagnostics.Items, map, file);
        if (job is not null && options.Validate)
        {
            foreach (var diagnostic in JobValidator.Validate(job))
            {
                diagnostics.Add(map.Place(diagnostic));
            }
        }
        return new YamlLoadResult(job, diagnostics.Items, map, file);
    }
}
