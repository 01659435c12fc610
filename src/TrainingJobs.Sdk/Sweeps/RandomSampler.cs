using System.Globalization;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Samples trials for <c>sampling_algorithm: random</c>. Pure and repeatable: trial n of a given search space, seed,
/// rule and log base is always the same, on any machine and .NET version, and can be computed without the trials
/// before it (so a resumed sweep continues with the same points).
/// </summary>
/// <remarks>
/// <para>Distributions follow the Azure ML sweep YAML reference and "Hyperparameter tuning a model (v2)", which take
/// hyperopt's definitions:</para>
/// <list type="bullet">
/// <item><c>choice</c>: each option equally likely; an option that is a group samples the group's own parameters.</item>
/// <item><c>randint(upper)</c>: an integer in [0, upper), as <see cref="LiteralValue.FromInteger"/>.</item>
/// <item><c>uniform(min, max)</c>; <c>loguniform(min, max)</c> = exp(uniform(min, max)): min and max are exponents
/// (the reference: "the minimum value in the range is exp(min_value)").</item>
/// <item><c>normal(mu, sigma)</c>; <c>lognormal</c> = exp(normal(mu, sigma)).</item>
/// <item>The q forms: round(value / q) * q, rounding half to even as numpy (hyperopt) does. No clamping: like
/// hyperopt, a quantised value may fall one step outside [min, max] when the bounds are not multiples of q.</item>
/// <item><c>logbase</c>, when the algorithm sets it, replaces e as the base of the log forms (azure-ai-ml's
/// <c>RandomSamplingAlgorithm(logbase=…)</c>).</item>
/// </list>
/// <para>
/// Reals, quantised ones included, are <see cref="LiteralValue.FromNumber"/>: hyperopt's quniform returns a float
/// (hyperopt issue 508: "quniform still gives float values instead of int"), and the Azure docs give the same
/// formula. A whole number still reaches the command line as <c>32</c>, not <c>32.0</c>, because
/// <see cref="LiteralValue.ToString"/> writes the shortest round-trip form.
/// </para>
/// <para>
/// Every parameter takes exactly one uniform number u in (0, 1): a choice or randint takes ⌊u·n⌋, a normal takes the
/// normal quantile of u (<see cref="NormalQuantile"/>). Under <c>rule: random</c> u comes from a SplitMix64 stream
/// seeded by (seed, trial index). Under <c>rule: sobol</c> the top-level parameters, in search-space order, each take
/// one dimension of a seed-scrambled Sobol sequence at the trial's index, discrete ones included (⌊u·n⌋ of a
/// low-discrepancy u spreads choices evenly too); parameters inside a chosen nested group, and any beyond
/// <see cref="SobolSequence.MaxDimensions"/>, use the pseudo-random stream, because a group's parameters exist only in
/// the trials that pick it and have no fixed dimension to take.
/// </para>
/// </remarks>
internal sealed class RandomSampler
{
    private readonly ValueMap<SearchSpaceParameter> _space;
    private readonly SobolSequence? _sobol;
    private readonly double _logBase;

    /// <summary>A sampler over <paramref name="space"/>.</summary>
    /// <param name="space">The search space (assumed valid: see <c>SearchSpaceChecks</c>).</param>
    /// <param name="seed">The seed: the algorithm's, or one the driver chose and recorded.</param>
    /// <param name="rule">Pseudo-random or Sobol.</param>
    /// <param name="logBase">The base of the log forms; e unless the algorithm's <c>logbase</c> says otherwise.</param>
    /// <exception cref="InvalidOperationException">The space holds an entry this SDK does not model.</exception>
    public RandomSampler(ValueMap<SearchSpaceParameter> space, long seed, SamplingRule rule = SamplingRule.Random, double logBase = Math.E)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!(logBase > 0) || logBase == 1 || !double.IsFinite(logBase))
        {
            throw new ArgumentOutOfRangeException(nameof(logBase), logBase, "A log base must be positive, finite and not 1.");
        }
        CheckSampleable(space, prefix: null);
        _space = space;
        _logBase = logBase;
        Seed = seed;
        Rule = rule;
        if (rule == SamplingRule.Sobol)
        {
            var dimensions = Math.Min(space.Count(p => p.Value is not ConstantParameter), SobolSequence.MaxDimensions);
            _sobol = new SobolSequence(dimensions, (ulong)seed);
        }
    }

    /// <summary>A sampler for a sweep's random sampling algorithm.</summary>
    /// <param name="algorithm">The algorithm: its seed, rule and log base.</param>
    /// <param name="space">The search space.</param>
    /// <param name="seedWhenUnset">The seed to use when the algorithm sets none (the driver records it).</param>
    public static RandomSampler For(RandomSamplingAlgorithm algorithm, ValueMap<SearchSpaceParameter> space, long seedWhenUnset)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var rule = string.Equals(algorithm.Rule?.Trim(), "sobol", StringComparison.OrdinalIgnoreCase) ? SamplingRule.Sobol : SamplingRule.Random;
        return new RandomSampler(space, algorithm.Seed ?? seedWhenUnset, rule, ParseLogBase(algorithm.LogBase));
    }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <summary>The rule.</summary>
    public SamplingRule Rule { get; }

    /// <summary>Trial <paramref name="trialIndex"/>'s parameters (0-based).</summary>
    public TrialParameters Sample(long trialIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trialIndex);
        var random = new SplitMix64(SplitMix64.Mix(SplitMix64.Mix((ulong)Seed) ^ (ulong)trialIndex));
        var entries = new List<KeyValuePair<string, LiteralValue>>();
        var dimension = 0;
        foreach (var (name, parameter) in _space)
        {
            if (parameter is ConstantParameter constant)
            {
                entries.Add(new(name, constant.Value));
                continue;
            }
            var u = _sobol is not null && dimension < _sobol.Dimensions ? _sobol.Coordinate(trialIndex, dimension) : random.NextOpenDouble();
            dimension++;
            Add(name, parameter, u, ref random, entries);
        }
        return new TrialParameters(entries);
    }

    /// <summary>Trials 0 to <paramref name="count"/> − 1, lazily.</summary>
    public IEnumerable<TrialParameters> Samples(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (long i = 0; i < count; i++) yield return Sample(i);
    }

    private void Add(string name, SearchSpaceParameter parameter, double u, ref SplitMix64 random, List<KeyValuePair<string, LiteralValue>> entries)
    {
        switch (parameter)
        {
            case ConstantParameter constant:
                entries.Add(new(name, constant.Value));
                break;
            case ChoiceParameter choice:
                var option = choice.Values[(int)Index(u, choice.Values.Count)];
                if (option.Group is { } group)
                {
                    foreach (var (innerName, inner) in group)
                    {
                        var innerU = inner is ConstantParameter ? 0.5 : random.NextOpenDouble();
                        Add(TrialParameters.NestedName(name, innerName), inner, innerU, ref random, entries);
                    }
                }
                else if (option.Value is { } value)
                {
                    entries.Add(new(name, value));
                }
                break;
            case RandIntParameter randInt:
                entries.Add(new(name, LiteralValue.FromInteger(Index(u, randInt.Upper))));
                break;
            case UniformParameter uniform:
                var x = uniform.MinValue + u * (uniform.MaxValue - uniform.MinValue);
                entries.Add(new(name, LiteralValue.FromNumber(Finish(x, uniform.Log, uniform.Q))));
                break;
            case NormalParameter normal:
                var z = normal.Mu + normal.Sigma * NormalQuantile.Of(u);
                entries.Add(new(name, LiteralValue.FromNumber(Finish(z, normal.Log, normal.Q))));
                break;
            default:
                throw Unsupported(name, parameter);
        }
    }

    private double Finish(double value, bool log, double? q)
    {
        if (log) value = _logBase == Math.E ? Math.Exp(value) : Math.Pow(_logBase, value);
        return q is { } step ? Quantize(value, step) : value;
    }

    /// <summary>round(value / q) * q, half to even (numpy's rounding, which hyperopt uses).</summary>
    internal static double Quantize(double value, double q) => Math.Round(value / q, MidpointRounding.ToEven) * q;

    // ⌊u·n⌋ for u in (0, 1); the clamp guards the one rounding case where u·n lands on n.
    private static long Index(double u, long count) => Math.Min((long)Math.Floor(u * count), count - 1);

    private static double ParseLogBase(string? text)
    {
        if (text is null || text.Trim().Equals("e", StringComparison.OrdinalIgnoreCase)) return Math.E;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static void CheckSampleable(ValueMap<SearchSpaceParameter> space, string? prefix)
    {
        foreach (var (name, parameter) in space)
        {
            var full = prefix is null ? name : TrialParameters.NestedName(prefix, name);
            switch (parameter)
            {
                case ChoiceParameter choice:
                    if (choice.Values.IsEmpty) throw new InvalidOperationException($"The choice '{full}' has no values to sample.");
                    foreach (var option in choice.Values)
                    {
                        if (option.Group is { } group) CheckSampleable(group, full);
                        else if (option.Value is null) throw new InvalidOperationException($"The choice '{full}' has an option with neither a value nor a group.");
                    }
                    break;
                case RandIntParameter randInt when randInt.Upper < 1:
                    throw new InvalidOperationException($"randint '{full}' has upper {randInt.Upper}; it needs at least 1.");
                case ConstantParameter or RandIntParameter or UniformParameter or NormalParameter:
                    break;
                default:
                    throw Unsupported(full, parameter);
            }
        }
    }

    private static InvalidOperationException Unsupported(string name, SearchSpaceParameter parameter) =>
        new($"The search-space entry '{name}' ({parameter.TypeName}) is not a distribution this SDK can sample.");
}
