using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Enumerates the grid of a search space for <c>sampling_algorithm: grid</c>: every combination of choice values,
/// exactly once each.
/// </summary>
/// <remarks>
/// <para>
/// Azure ML's grid sampling supports <c>choice</c> only (the sweep YAML reference and
/// <c>SearchSpaceChecks</c>); a <c>constant</c>, which only appears inside a nested group, contributes its single value.
/// Any other distribution has no finite grid: validation reports it, and this class throws
/// <see cref="InvalidOperationException"/> rather than guess.
/// </para>
/// <para>
/// Order is deterministic: the search space's order, the last parameter varying fastest, like nested loops written in
/// the file's order. A choice option that is a nested group stands for its own grid at that position (the group's
/// combinations in the same order), under <see cref="TrialParameters.NestedName"/> names. Azure ML itself rejects
/// nested groups under grid sampling (so does validation); they are expanded here so the driver never meets a case it
/// cannot enumerate.
/// </para>
/// </remarks>
internal static class GridSampler
{
    /// <summary>The number of grid points, saturating at <see cref="long.MaxValue"/>.</summary>
    /// <exception cref="InvalidOperationException">A parameter is not a choice (or a constant inside a group).</exception>
    public static long Count(ValueMap<SearchSpaceParameter> space)
    {
        ArgumentNullException.ThrowIfNull(space);
        long total = 1;
        foreach (var (name, parameter) in space) total = SaturatingMultiply(total, Count(name, parameter));
        return total;
    }

    /// <summary>The grid points, lazily, in grid order.</summary>
    /// <exception cref="InvalidOperationException">A parameter is not a choice (or a constant inside a group).</exception>
    public static IEnumerable<TrialParameters> Enumerate(ValueMap<SearchSpaceParameter> space)
    {
        ArgumentNullException.ThrowIfNull(space);
        // Checked before the first point is asked for, so a bad space fails at the call, not mid-sweep.
        Count(space);
        return Points(space, prefix: null).Select(entries => new TrialParameters(entries));
    }

    private static long Count(string name, SearchSpaceParameter parameter) => parameter switch
    {
        ConstantParameter => 1,
        ChoiceParameter choice => choice.Values.Aggregate(0L, (sum, option) =>
            SaturatingAdd(sum, option.Group is { } group ? Count(group) : option.Value is null ? 0 : 1)),
        _ => throw Unsupported(name, parameter),
    };

    // Each top-level parameter is a list of alternatives (a choice's values, a group's combinations); the grid is
    // their product, walked like an odometer with the last wheel turning fastest.
    private static IEnumerable<List<KeyValuePair<string, LiteralValue>>> Points(ValueMap<SearchSpaceParameter> space, string? prefix)
    {
        var wheels = space.Select(p => Alternatives(Name(prefix, p.Key), p.Value).ToList()).ToList();
        if (wheels.Any(w => w.Count == 0)) yield break;
        var positions = new int[wheels.Count];
        while (true)
        {
            var point = new List<KeyValuePair<string, LiteralValue>>();
            for (var i = 0; i < wheels.Count; i++) point.AddRange(wheels[i][positions[i]]);
            yield return point;

            var wheel = wheels.Count - 1;
            while (wheel >= 0 && ++positions[wheel] == wheels[wheel].Count)
            {
                positions[wheel] = 0;
                wheel--;
            }
            if (wheel < 0) yield break;
        }
    }

    private static IEnumerable<List<KeyValuePair<string, LiteralValue>>> Alternatives(string name, SearchSpaceParameter parameter)
    {
        switch (parameter)
        {
            case ConstantParameter constant:
                yield return [new(name, constant.Value)];
                break;
            case ChoiceParameter choice:
                foreach (var option in choice.Values)
                {
                    if (option.Group is { } group)
                    {
                        foreach (var point in Points(group, name)) yield return point;
                    }
                    else if (option.Value is { } value)
                    {
                        yield return [new(name, value)];
                    }
                }
                break;
            default:
                throw Unsupported(name, parameter);
        }
    }

    private static string Name(string? prefix, string name) => prefix is null ? name : TrialParameters.NestedName(prefix, name);

    private static InvalidOperationException Unsupported(string name, SearchSpaceParameter parameter) =>
        new($"Grid sampling enumerates choices only; '{name}' is {parameter.TypeName}, which has no finite grid. Validation reports this; use random sampling.");

    private static long SaturatingMultiply(long a, long b) =>
        a == 0 || b == 0 ? 0 : a > long.MaxValue / b ? long.MaxValue : a * b;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
