using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// A typed reference to one sweep search-space parameter. Interpolated into a trial command it writes
/// <c>${{search_space.name}}</c>, and the sweep that runs the trial declares the parameter.
/// </summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Parameter">The distribution the parameter is sampled from.</param>
public sealed record SearchSpaceHandle(string Name, SearchSpaceParameter Parameter)
{
    /// <summary>The expression a trial command uses: <c>${{search_space.name}}</c>.</summary>
    public string Expression => "${{search_space." + Name + "}}";

    /// <summary>Returns <see cref="Expression"/>.</summary>
    public override string ToString() => Expression;
}
