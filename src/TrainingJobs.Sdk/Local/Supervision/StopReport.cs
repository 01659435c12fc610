using System.Globalization;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// What stopping a job's processes verified from <c>/proc</c>: the processes found and now gone, and those still
/// alive afterwards. Its text is what a user is told, so it never claims more than was checked.
/// </summary>
/// <param name="Stopped">Processes of the job that were found alive during the stop and are gone now.</param>
/// <param name="Survivors">Processes of the job still alive when the stop gave up.</param>
internal sealed record StopReport(IReadOnlySet<int> Stopped, IReadOnlySet<int> Survivors)
{
    /// <summary>Nothing was found to stop.</summary>
    public static StopReport Nothing { get; } = new(new HashSet<int>(), new HashSet<int>());

    /// <summary>This stop followed by a later one: a survivor of this one that the later one stopped counts as stopped.</summary>
    public StopReport Then(StopReport later) =>
        new(Stopped.Concat(later.Stopped).Concat(Survivors).Except(later.Survivors).ToHashSet(), later.Survivors);

    /// <summary>E.g. "2 processes stopped", or "1 process stopped; 1 could not be stopped: pid 4242".</summary>
    public override string ToString()
    {
        var stopped = Stopped.Count == 1 ? "1 process stopped" : string.Create(CultureInfo.InvariantCulture, $"{Stopped.Count} processes stopped");
        if (Survivors.Count == 0) return stopped;
        var pids = string.Join(", ", Survivors.Order().Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture, $"{stopped}; {Survivors.Count} could not be stopped: {(Survivors.Count == 1 ? "pid" : "pids")} {pids}");
    }
}
