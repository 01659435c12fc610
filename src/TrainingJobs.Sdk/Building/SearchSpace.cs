using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>Creates search-space handles: <c>SearchSpace.Choice("batch", 16, 32)</c>, <c>SearchSpace.LogUniform("lr", -6, -1)</c>.</summary>
public static class SearchSpace
{
    /// <summary>A choice among literal values.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values.</param>
    public static SearchSpaceHandle Choice(string name, params LiteralValue[] values) =>
        new(name, new ChoiceParameter { Values = ValueList<ChoiceOption>.From(values.Select(v => (ChoiceOption)v)) });

    /// <summary>A random integer in [0, <paramref name="upper"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="upper">The exclusive upper bound.</param>
    public static SearchSpaceHandle RandInt(string name, long upper) => new(name, new RandIntParameter(upper));

    /// <summary>A uniform value in [<paramref name="min"/>, <paramref name="max"/>] (<c>quniform</c> when <paramref name="q"/> is given).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <param name="q">The quantisation step.</param>
    public static SearchSpaceHandle Uniform(string name, double min, double max, double? q = null) =>
        new(name, new UniformParameter { MinValue = min, MaxValue = max, Q = q });

    /// <summary>A value whose logarithm is uniform in [<paramref name="min"/>, <paramref name="max"/>] (<c>qloguniform</c> with <paramref name="q"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="min">The lower bound of the exponent.</param>
    /// <param name="max">The upper bound of the exponent.</param>
    /// <param name="q">The quantisation step.</param>
    public static SearchSpaceHandle LogUniform(string name, double min, double max, double? q = null) =>
        new(name, new UniformParameter { MinValue = min, MaxValue = max, Log = true, Q = q });

    /// <summary>A normally distributed value (<c>qnormal</c> with <paramref name="q"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="mu">The mean.</param>
    /// <param name="sigma">The standard deviation.</param>
    /// <param name="q">The quantisation step.</param>
    public static SearchSpaceHandle Normal(string name, double mu, double sigma, double? q = null) =>
        new(name, new NormalParameter { Mu = mu, Sigma = sigma, Q = q });

    /// <summary>A value whose logarithm is normally distributed (<c>qlognormal</c> with <paramref name="q"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="mu">The mean of the logarithm.</param>
    /// <param name="sigma">The standard deviation of the logarithm.</param>
    /// <param name="q">The quantisation step.</param>
    public static SearchSpaceHandle LogNormal(string name, double mu, double sigma, double? q = null) =>
        new(name, new NormalParameter { Mu = mu, Sigma = sigma, Log = true, Q = q });

    /// <summary>A parameter with any distribution, including nested choice groups.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="parameter">The distribution.</param>
    public static SearchSpaceHandle Of(string name, SearchSpaceParameter parameter) => new(name, parameter);
}
