using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Sweeps;

namespace TrainingJobs.Sdk.Tests.Sweeps;

/// <summary>Short ways to write search spaces in the sweep tests.</summary>
internal static class SearchSpaces
{
    public static ValueMap<SearchSpaceParameter> Of(params (string Name, SearchSpaceParameter Parameter)[] entries) => ValueMap.Of(entries);

    /// <summary>A choice; each option is a <see cref="ChoiceOption"/> (a group) or a plain int, long, double, string or bool.</summary>
    public static ChoiceParameter Choice(params object[] options) => new() { Values = ValueList<ChoiceOption>.From(options.Select(Option)) };

    private static ChoiceOption Option(object option) => option switch
    {
        ChoiceOption o => o,
        LiteralValue v => v,
        int i => (LiteralValue)i,
        long l => (LiteralValue)l,
        double d => (LiteralValue)d,
        string t => (LiteralValue)t,
        bool b => (LiteralValue)b,
        _ => throw new ArgumentException($"Not a choice option: {option}"),
    };

    public static ChoiceOption Group(params (string Name, SearchSpaceParameter Parameter)[] entries) => new() { Group = ValueMap.Of(entries) };

    public static UniformParameter Uniform(double min, double max, double? q = null, bool log = false) => new() { MinValue = min, MaxValue = max, Q = q, Log = log };

    public static NormalParameter Normal(double mu, double sigma, double? q = null, bool log = false) => new() { Mu = mu, Sigma = sigma, Q = q, Log = log };

    public static TrialParameters Trial(params (string Name, LiteralValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, LiteralValue>(e.Name, e.Value)));
}
