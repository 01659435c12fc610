using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>The names a command may use in its expressions: inputs, outputs and, in sweep trials, search-space entries.</summary>
internal sealed class CommandScope
{
    private readonly List<string> _inputs = [];
    private readonly List<string> _outputs = [];
    private readonly HashSet<string> _optionalInputs = new(StringComparer.Ordinal);
    private List<string>? _searchSpace;

    /// <summary>
    /// Whether the scope may hold names it does not list: a step that runs a registered component (its declarations are
    /// in the workspace) and overrides the command. Unknown input and output names are then not reported.
    /// </summary>
    public bool IsOpen { get; private set; }

    /// <summary>Marks the scope as open (see <see cref="IsOpen"/>).</summary>
    public CommandScope Open(bool open = true)
    {
        IsOpen |= open;
        return this;
    }

    /// <summary>Whether <c>${{search_space.x}}</c> is allowed at all (sweep trials only).</summary>
    public bool AllowsSearchSpace => _searchSpace is not null;

    /// <summary>The input names, for messages.</summary>
    public IReadOnlyList<string> Inputs => _inputs;

    /// <summary>The output names, for messages.</summary>
    public IReadOnlyList<string> Outputs => _outputs;

    /// <summary>The search-space names, for messages.</summary>
    public IReadOnlyList<string> SearchSpace => _searchSpace ?? [];

    /// <summary>Adds a job's inputs and outputs.</summary>
    public CommandScope AddPorts(JobDefinition? job)
    {
        if (job is null) return this;
        foreach (var (name, input) in Maps.Of(job.Inputs))
        {
            _inputs.Add(name);
            if (IsOptionalWithoutValue(input)) _optionalInputs.Add(name);
            else _optionalInputs.Remove(name);
        }
        foreach (var (name, _) in Maps.Of(job.Outputs)) _outputs.Add(name);
        return this;
    }

    /// <summary>Adds search-space entries (and allows <c>${{search_space.x}}</c>).</summary>
    public CommandScope AddSearchSpace(IEnumerable<string> names)
    {
        (_searchSpace ??= []).AddRange(names);
        return this;
    }

    /// <summary>Adds everything another scope holds.</summary>
    public CommandScope AddScope(CommandScope? other)
    {
        if (other is null) return this;
        _inputs.AddRange(other._inputs);
        _outputs.AddRange(other._outputs);
        IsOpen |= other.IsOpen;
        foreach (var name in other._optionalInputs) _optionalInputs.Add(name);
        if (other._searchSpace is not null) AddSearchSpace(other._searchSpace);
        return this;
    }

    /// <summary>Whether <paramref name="name"/> is an input (or a parameter group of inputs).</summary>
    public bool HasInput(string name) => IsOpen || Contains(_inputs, name);

    /// <summary>Whether <paramref name="name"/> is an output.</summary>
    public bool HasOutput(string name) => IsOpen || Contains(_outputs, name);

    /// <summary>Whether <paramref name="name"/> is a search-space entry.</summary>
    public bool HasSearchSpaceEntry(string name) => _searchSpace is not null && Contains(_searchSpace, name);

    /// <summary>Whether <paramref name="name"/> is an optional input with no default, which the command must wrap in <c>$[[…]]</c>.</summary>
    public bool IsOptionalWithoutValue(string name) => _optionalInputs.Contains(name);

    /// <summary>
    /// Whether <paramref name="name"/> is one of <paramref name="declared"/>, allowing parameter groups both ways:
    /// <c>group.sub.x</c> matches a declared <c>group</c>, and <c>group</c> matches declared <c>group.sub.x</c>.
    /// </summary>
    public static bool Contains(IEnumerable<string> declared, string name)
    {
        foreach (var candidate in declared)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal)) return true;
            if (candidate.Length > name.Length && candidate.StartsWith(name, StringComparison.Ordinal) && candidate[name.Length] == '.') return true;
            if (name.Length > candidate.Length && name.StartsWith(candidate, StringComparison.Ordinal) && name[candidate.Length] == '.') return true;
        }
        return false;
    }

    private static bool IsOptionalWithoutValue(JobInput? input) => input switch
    {
        LiteralInput literal => literal.Optional == true && literal.Value is null && literal.Default is null,
        AssetInput asset => asset.Optional == true && string.IsNullOrEmpty(asset.Path),
        _ => false,
    };
}
