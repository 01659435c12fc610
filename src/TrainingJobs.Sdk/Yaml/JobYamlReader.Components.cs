using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    private readonly Dictionary<string, string?> _componentKinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _componentFirstPath = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads <c>component:</c> (or a sweep's <c>trial:</c>): an <c>azureml:</c> reference or an ARM id is kept as written; a
    /// <c>file:</c> or plain relative path is resolved against <paramref name="baseDirectory"/> and loaded; a
    /// mapping is a component written in place. <paramref name="kind"/> is the component's type when known.
    /// </summary>
    private ComponentReference? ReadComponentReference(TreeNode node, string path, string baseDirectory, out string? kind)
    {
        kind = null;
        switch (node)
        {
            case TreeScalar { IsNull: true }:
                _diagnostics.Error(YamlDiagnosticCodes.MissingKey, $"'{LastSegment(path)}' is empty; give a component file, an azureml: reference or a mapping.", path, Loc(node));
                return null;
            case TreeScalar scalar:
                var reference = scalar.Value.Trim();
                // A bare ARM id (/subscriptions/…) is a reference too, never a file: REST payloads spell components that way.
                if (reference.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase)
                    || reference.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
                {
                    return new ComponentReference { Reference = reference };
                }
                var definition = LoadComponentFile(reference, path, baseDirectory, scalar, out kind);
                return new ComponentReference { Reference = reference, Definition = definition };
            case TreeMapping mapping:
                var inline = ReadComponent(mapping, path, baseDirectory, sourcePath: null, out kind);
                return inline is null ? null : new ComponentReference { Definition = inline };
            default:
                WrongType(node, path, $"'{LastSegment(path)}' must be a file reference, an azureml: reference or a mapping");
                return null;
        }
    }

    private ComponentDefinition? LoadComponentFile(string reference, string path, string baseDirectory, TreeNode at, out string? kind)
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
            _diagnostics.Error(YamlDiagnosticCodes.UnresolvedReference, $"'{reference}' is not a valid file path.", path, Loc(at));
            return null;
        }
        if (_componentCache.TryGetValue(fullPath, out var cached))
        {
            // Read once; the second step that uses it gets the same locations under its own path.
            kind = _componentKinds[fullPath];
            _map.CopyPrefix(_componentFirstPath[fullPath], path);
            return cached;
        }
        if (_loading.Contains(fullPath))
        {
            _diagnostics.Error(YamlDiagnosticCodes.ReferenceCycle, $"'{reference}' refers back to a component that is being loaded (a reference cycle).", path, Loc(at));
            return null;
        }
        if (_loading.Count >= _options.MaxReferenceDepth)
        {
            _diagnostics.Error(YamlDiagnosticCodes.ReferenceCycle, $"Component references nest deeper than {_options.MaxReferenceDepth} files.", path, Loc(at));
            return null;
        }
        byte[] bytes;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                _diagnostics.Error(YamlDiagnosticCodes.UnresolvedReference,
                    $"The component file '{reference}' was not found (looked for {fullPath}).", path, Loc(at));
                return null;
            }
            bytes = IO.BoundedFile.ReadAllBytes(fullPath, _options.MaxDocumentBytes);
        }
        catch (IO.BoundedFileException ex) when (ex.Problem == IO.BoundedFileProblem.TooLarge)
        {
            _diagnostics.Error(YamlDiagnosticCodes.DocumentTooLarge, $"The component file '{reference}' is larger than {_options.MaxDocumentBytes} bytes.", path, Loc(at));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(YamlDiagnosticCodes.UnresolvedReference, $"The component file '{reference}' could not be read: {ex.Message}", path, Loc(at));
            return null;
        }

        _loading.Push(fullPath);
        try
        {
            var root = new YamlDocumentReader(fullPath, _options, _diagnostics).Read(bytes);
            ComponentDefinition? definition = null;
            if (root is TreeMapping mapping)
            {
                _map.Record(path, root);
                definition = ReadComponent(mapping, path, Path.GetDirectoryName(fullPath) ?? baseDirectory, fullPath, out kind);
            }
            else if (root is not null)
            {
                WrongType(root, path, $"The component file '{reference}' must hold a mapping");
            }
            _componentCache[fullPath] = definition;
            _componentKinds[fullPath] = kind;
            _componentFirstPath[fullPath] = path;
            return definition;
        }
        finally
        {
            _loading.Pop();
        }
    }

    /// <summary>Reads a component (file or in place): name, version and the body as a command or pipeline job.</summary>
    private ComponentDefinition? ReadComponent(TreeMapping mapping, string path, string baseDirectory, string? sourcePath, out string? kind)
    {
        kind = ReadKind(mapping, path, out _);
        if (kind == "sweep") kind = "sweep component";
        if (!IsSupportedKind(kind))
        {
            // The caller reports the unsupported kind once, naming the step.
            return null;
        }
        string? version = null;
        bool? deterministic = null;
        var includes = ValueList<string>.Empty;

        void ComponentKey(TreeScalar key, TreeNode value, string childPath)
        {
            switch (key.Value)
            {
                case "version":
                    version = ReadString(value, childPath);
                    break;
                case "is_deterministic":
                    deterministic = ReadBool(value, childPath);
                    break;
                case "additional_includes":
                    includes = ReadStringList(value, childPath);
                    break;
                default:
                    UnknownKey(key, childPath, "a component");
                    break;
            }
        }

        JobDefinition body = kind == "pipeline"
            ? ReadPipeline(mapping, path, baseDirectory, JobShape.Component, ComponentKey)
            : ReadCommand(mapping, path, JobShape.Component, ComponentKey);
        var name = body.Name;
        return new ComponentDefinition
        {
            Name = name,
            Version = version,
            IsDeterministic = deterministic,
            AdditionalIncludes = includes,
            Body = body with { Name = null },
            SourcePath = sourcePath,
        };
    }
}
