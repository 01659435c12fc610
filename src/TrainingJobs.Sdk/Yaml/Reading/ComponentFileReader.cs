using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// Loads a component from a file named by a step's <c>component:</c> (or a sweep's <c>trial:</c>): resolves the path,
/// bounds the size and the nesting, stops cycles, and reads each file once.
/// </summary>
internal static class ComponentFileReader
{
    /// <summary>
    /// Loads the component that <paramref name="reference"/> (<c>file:x.yml</c> or <c>x.yml</c>) names, relative to
    /// <paramref name="baseDirectory"/>; problems are reported at <paramref name="at"/> and give null.
    /// </summary>
    public static ComponentDefinition? Load(string reference, string path, string baseDirectory, TreeNode at, ReadingContext context, out string? kind)
    {
        kind = null;
        var relative = reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? reference["file:".Length..] : reference;
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            context.Error(YamlDiagnosticCodes.UnresolvedReference, $"'{reference}' is not a valid file path.", path, at);
            return null;
        }
        var files = context.ComponentFiles;
        if (files.Find(fullPath) is { } cached)
        {
            // Read once; the second step that uses it gets the same locations under its own path.
            kind = cached.Kind;
            context.Map.CopyPrefix(cached.FirstPath, path);
            return cached.Definition;
        }
        if (files.IsLoading(fullPath))
        {
            context.Error(YamlDiagnosticCodes.ReferenceCycle, $"'{reference}' refers back to a component that is being loaded (a reference cycle).", path, at);
            return null;
        }
        var options = context.Options;
        if (files.Depth >= options.MaxReferenceDepth)
        {
            context.Error(YamlDiagnosticCodes.ReferenceCycle, $"Component references nest deeper than {options.MaxReferenceDepth} files.", path, at);
            return null;
        }
        if (ReadBytes(reference, fullPath, path, at, context) is not { } bytes) return null;

        files.BeginLoading(fullPath);
        try
        {
            var root = new YamlDocumentReader(fullPath, options, context.Diagnostics).Read(bytes);
            ComponentDefinition? definition = null;
            if (root is TreeMapping mapping)
            {
                context.Map.Record(path, root);
                definition = ComponentReader.Read(mapping, path, Path.GetDirectoryName(fullPath) ?? baseDirectory, fullPath, context, out kind);
            }
            else if (root is not null)
            {
                context.WrongType(root, path, $"The component file '{reference}' must hold a mapping");
            }
            files.Add(fullPath, definition, kind, path);
            return definition;
        }
        finally
        {
            files.EndLoading();
        }
    }

    /// <summary>
    /// For <c>name:version</c> or <c>name@label</c> written without <c>azureml:</c>, which reads as a file name: the hint that a
    /// registered component needs the prefix (azure-ai-ml refuses the text too); empty otherwise.
    /// </summary>
    private static string RegisteredHint(string reference) =>
        !reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        && reference.IndexOfAny(['/', '\\']) < 0
        && reference.IndexOfAny([':', '@']) > 0
        && !reference.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) && !reference.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            ? $" A registered component is referenced with the azureml: prefix: azureml:{reference}."
            : "";

    private static byte[]? ReadBytes(string reference, string fullPath, string path, TreeNode at, ReadingContext context)
    {
        var limit = context.Options.MaxDocumentBytes;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                context.Error(YamlDiagnosticCodes.UnresolvedReference,
                    $"The component file '{reference}' was not found (looked for {fullPath}).{RegisteredHint(reference)}", path, at);
                return null;
            }
            return IO.BoundedFile.ReadAllBytes(fullPath, limit);
        }
        catch (IO.BoundedFileException ex) when (ex.Problem == IO.BoundedFileProblem.TooLarge)
        {
            context.Error(YamlDiagnosticCodes.DocumentTooLarge, $"The component file '{reference}' is larger than {limit} bytes.", path, at);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error(YamlDiagnosticCodes.UnresolvedReference, $"The component file '{reference}' could not be read: {ex.Message}", path, at);
            return null;
        }
    }
}
