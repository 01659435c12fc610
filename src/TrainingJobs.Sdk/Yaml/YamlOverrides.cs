using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Applies <c>--set path=value</c> overrides to a YAML tree before it is converted, as <c>az ml</c> does:
/// an existing key is replaced; a new key may be added under a free map (tags, inputs, environment_variables, …)
/// or where the job schema defines the field; any other missing path is an error.
/// </summary>
internal static class YamlOverrides
{
    /// <summary>Maps whose keys are names chosen by the user, so new keys may be added.</summary>
    private static readonly HashSet<string> FreeMaps = new(StringComparer.Ordinal)
    {
        "tags", "properties", "inputs", "outputs", "environment_variables", "services", "search_space",
    };

    /// <summary>Field names the job schema defines somewhere; <c>--set</c> may add them where they are missing.</summary>
    private static readonly HashSet<string> SchemaFields = new(StringComparer.Ordinal)
    {
        "name", "display_name", "experiment_name", "description", "tags", "properties", "compute", "inputs", "outputs",
        "identity", "services", "command", "code", "environment", "environment_variables", "resources", "distribution",
        "limits", "queue_settings", "settings", "timeout", "instance_count", "instance_type", "shm_size", "docker_args",
        "max_instance_count", "locations", "process_count_per_instance", "worker_count", "parameter_server_count",
        "max_total_trials", "max_concurrent_trials", "trial_timeout", "default_compute", "default_datastore",
        "continue_on_step_failure", "force_rerun", "job_tier", "priority", "type", "path", "mode", "value", "default",
        "early_termination", "sampling_algorithm", "objective", "primary_metric", "goal", "image", "conda_file",
    };

    /// <summary>Applies every override in order; each problem becomes a diagnostic.</summary>
    public static void Apply(TreeMapping root, IReadOnlyList<string> overrides, DiagnosticBag diagnostics)
    {
        foreach (var item in overrides)
        {
            Apply(root, item ?? "", diagnostics);
        }
    }

    private static void Apply(TreeMapping root, string item, DiagnosticBag diagnostics)
    {
        var equals = item.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            var shown = equals == 0 ? "" : item.Trim();
            diagnostics.Error(YamlDiagnosticCodes.BadOverride, $"--set '{shown}' must have the form path=value, e.g. inputs.lr=0.1.", "", null);
            return;
        }
        var pathText = item[..equals].Trim();
        var valueText = item[(equals + 1)..];
        var segments = SplitPath(pathText);
        if (segments.Count == 0 || segments.Any(s => s.Length == 0))
        {
            diagnostics.Error(YamlDiagnosticCodes.BadOverride, $"--set '{pathText}' has an empty segment in its path.", pathText, null);
            return;
        }

        TreeNode current = root;
        var index = 0;
        string? parentKey = null;
        while (true)
        {
            switch (current)
            {
                case TreeMapping mapping:
                {
                    // Longest match first, so dotted names such as inputs.group.sub.x are found as one key.
                    var matched = -1;
                    var length = 0;
                    for (var take = segments.Count - index; take >= 1; take--)
                    {
                        var key = string.Join('.', segments.Skip(index).Take(take));
                        matched = mapping.IndexOf(key);
                        if (matched >= 0)
                        {
                            length = take;
                            break;
                        }
                    }
                    if (matched < 0)
                    {
                        var rest = segments.Skip(index).ToList();
                        if (Blocker(rest, parentKey) is { } blocker)
                        {
                            var under = rest[0] == blocker ? parentKey : rest[Math.Max(0, rest.IndexOf(blocker) - 1)];
                            diagnostics.Error(YamlDiagnosticCodes.OverridePathNotFound,
                                $"--set '{pathText}': '{blocker}' does not exist{(under is null ? "" : $" under '{under}'")}, and it is not a field that can be added there.",
                                pathText, new SourceLocation(mapping.File, mapping.Line, mapping.Column));
                            return;
                        }
                        AddPath(mapping, rest, parentKey, valueText, diagnostics);
                        return;
                    }
                    index += length;
                    var entry = mapping.Entries[matched];
                    if (index == segments.Count)
                    {
                        mapping.Entries[matched] = new(entry.Key, ParseValue(valueText, entry.Key, diagnostics));
                        return;
                    }
                    parentKey = entry.Key.Value;
                    if (entry.Value is TreeScalar { IsNull: true })
                    {
                        // An empty map (e.g. a bare "outputs:" or "tags:") can take new keys.
                        var empty = new TreeMapping(entry.Key.Line, entry.Key.Column, entry.Key.File, isFlow: false);
                        mapping.Entries[matched] = new(entry.Key, empty);
                        current = empty;
                    }
                    else
                    {
                        current = entry.Value;
                    }
                    break;
                }
                case TreeSequence sequence when int.TryParse(segments[index], out var position) && position >= 0 && position < sequence.Items.Count:
                    index++;
                    if (index == segments.Count)
                    {
                        sequence.Items[position] = ParseValue(valueText, sequence.Items[position], diagnostics);
                        return;
                    }
                    current = sequence.Items[position];
                    break;
                default:
                    diagnostics.Error(YamlDiagnosticCodes.OverridePathNotFound,
                        $"--set '{pathText}': '{string.Join('.', segments.Take(index))}' is {current.ShapeName}, so '{segments[index]}' cannot be set inside it.",
                        pathText, new SourceLocation(current.File, current.Line, current.Column));
                    return;
            }
        }
    }

    /// <summary>The first segment that may not be added (null when the whole remaining path may be created).</summary>
    private static string? Blocker(List<string> rest, string? parentKey)
    {
        if (parentKey is not null && FreeMaps.Contains(parentKey)) return null;
        for (var i = 0; i < rest.Count; i++)
        {
            if (!SchemaFields.Contains(rest[i])) return rest[i];
            if (FreeMaps.Contains(rest[i]) && i < rest.Count - 1) return null;
        }
        return null;
    }

    private static void AddPath(TreeMapping mapping, List<string> rest, string? parentKey, string valueText, DiagnosticBag diagnostics)
    {
        var at = mapping;
        // Under a free map the remaining segments form one name (tags.a.b=1 adds the tag "a.b").
        if (parentKey is not null && FreeMaps.Contains(parentKey)) rest = [string.Join('.', rest)];
        for (var i = 0; i < rest.Count - 1; i++)
        {
            var child = new TreeMapping(at.Line, at.Column, at.File, isFlow: false);
            at.Entries.Add(new(new TreeScalar(rest[i], true, null, at.Line, at.Column, at.File), child));
            if (FreeMaps.Contains(rest[i]) && i < rest.Count - 1)
            {
                var name = string.Join('.', rest.Skip(i + 1));
                var key = new TreeScalar(name, true, null, at.Line, at.Column, at.File);
                child.Entries.Add(new(key, ParseValue(valueText, key, diagnostics)));
                return;
            }
            at = child;
        }
        var last = new TreeScalar(rest[^1], true, null, at.Line, at.Column, at.File);
        at.Entries.Add(new(last, ParseValue(valueText, last, diagnostics)));
    }

    /// <summary>Parses a value: flow YAML (<c>{…}</c>, <c>[…]</c>) when it looks like it, else a plain scalar typed as YAML would type it.</summary>
    private static TreeNode ParseValue(string text, TreeNode at, DiagnosticBag diagnostics)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            var local = new DiagnosticBag();
            var parsed = new YamlDocumentReader(null, YamlLoadOptions.Default, local).Read(trimmed);
            if (parsed is not null && !local.HasErrors) return Relocate(parsed, at);
            // The value itself is not repeated: overrides often carry secrets.
            diagnostics.Error(YamlDiagnosticCodes.BadOverride, "A --set value that starts with '{' or '[' must be valid flow YAML.", "", new SourceLocation(at.File, at.Line, at.Column));
        }
        return new TreeScalar(trimmed, isPlain: true, tag: null, at.Line, at.Column, at.File);
    }

    private static TreeNode Relocate(TreeNode node, TreeNode at)
    {
        switch (node)
        {
            case TreeMapping mapping:
                var m = new TreeMapping(at.Line, at.Column, at.File, mapping.IsFlow);
                foreach (var (key, value) in mapping.Entries) m.Entries.Add(new((TreeScalar)Relocate(key, at), Relocate(value, at)));
                return m;
            case TreeSequence sequence:
                var s = new TreeSequence(at.Line, at.Column, at.File);
                foreach (var item in sequence.Items) s.Items.Add(Relocate(item, at));
                return s;
            case TreeScalar scalar:
                return new TreeScalar(scalar.Value, scalar.IsPlain, scalar.Tag, at.Line, at.Column, at.File);
            default:
                return node;
        }
    }

    private static List<string> SplitPath(string path)
    {
        // a.b[0].c → a, b, 0, c
        var normalized = path.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return [.. normalized.Split('.')];
    }
}
