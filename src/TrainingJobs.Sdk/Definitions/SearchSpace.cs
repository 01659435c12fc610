namespace TrainingJobs.Sdk.Definitions;

/// <summary>One dimension of a sweep's search space.</summary>
public abstract record SearchSpaceParameter
{
    private protected SearchSpaceParameter()
    {
    }

    /// <summary>The distribution name as YAML spells it (<c>choice</c>, <c>uniform</c>, …).</summary>
    public abstract string TypeName { get; }
}

/// <summary>A choice among values; a value may itself be a nested group of parameters.</summary>
public sealed record ChoiceParameter : SearchSpaceParameter
{
    /// <summary>The options.</summary>
    public ValueList<ChoiceOption> Values { get; init; } = ValueList<ChoiceOption>.Empty;

    /// <inheritdoc />
    public override string TypeName => "choice";
}

/// <summary>One option of a <see cref="ChoiceParameter"/>: a literal, or a nested group of parameters.</summary>
public sealed record ChoiceOption
{
    /// <summary>The literal value, for a plain option.</summary>
    public LiteralValue? Value { get; init; }

    /// <summary>The nested parameters, for a group option.</summary>
    public ValueMap<SearchSpaceParameter>? Group { get; init; }

    /// <summary>Converts a literal to an option.</summary>
    public static implicit operator ChoiceOption(LiteralValue value) => new() { Value = value };
}

/// <summary>A fixed value inside a nested choice group.</summary>
/// <param name="Value">The value.</param>
public sealed record ConstantParameter(LiteralValue Value) : SearchSpaceParameter
{
    /// <inheritdoc />
    public override string TypeName => "constant";
}

/// <summary>A random integer in [0, upper).</summary>
/// <param name="Upper">The exclusive upper bound.</param>
public sealed record RandIntParameter(long Upper) : SearchSpaceParameter
{
    /// <inheritdoc />
    public override string TypeName => "randint";
}

/// <summary>A continuous range (<c>uniform</c>, <c>loguniform</c>, <c>quniform</c>, <c>qloguniform</c>).</summary>
public sealed record UniformParameter : SearchSpaceParameter
{
    /// <summary>The lower bound (an exponent for the log forms).</summary>
    public required double MinValue { get; init; }

    /// <summary>The upper bound (an exponent for the log forms).</summary>
    public required double MaxValue { get; init; }

    /// <summary>Whether values are sampled on a log scale.</summary>
    public bool Log { get; init; }

    /// <summary>The quantisation step (the <c>q</c> forms).</summary>
    public double? Q { get; init; }

    /// <inheritdoc />
    public override string TypeName => (Q is null ? "" : "q") + (Log ? "loguniform" : "uniform");
}

/// <summary>A normal distribution (<c>normal</c>, <c>lognormal</c>, <c>qnormal</c>, <c>qlognormal</c>).</summary>
public sealed record NormalParameter : SearchSpaceParameter
{
    /// <summary>The mean.</summary>
    public required double Mu { get; init; }

    /// <summary>The standard deviation.</summary>
    public required double Sigma { get; init; }

    /// <summary>Whether values are sampled on a log scale.</summary>
    public bool Log { get; init; }

    /// <summary>The quantisation step (the <c>q</c> forms).</summary>
    public double? Q { get; init; }

    /// <inheritdoc />
    public override string TypeName => (Q is null ? "" : "q") + (Log ? "lognormal" : "normal");
}

/// <summary>
/// A search-space entry in a form the SDK does not model (for example one a newer service version wrote), kept as
/// its JSON so that it survives a read and a write unchanged.
/// </summary>
/// <param name="Value">The entry as written.</param>
public sealed record UnrecognizedSearchSpaceParameter(FreeformValue Value) : SearchSpaceParameter
{
    /// <inheritdoc />
    public override string TypeName => "unrecognized";
}
