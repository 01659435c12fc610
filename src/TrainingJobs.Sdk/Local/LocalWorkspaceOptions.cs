using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TrainingJobs.Sdk.Local;

/// <summary>Settings of the embedded local workspace.</summary>
public sealed class LocalWorkspaceOptions
{
    /// <summary>
    /// The variable that names the workspace folder when <see cref="Home"/> is not set. Set but empty, or only
    /// white space, it counts as unset (as the XDG base-directory variables do): the default <c>~/.trainingjobs</c>
    /// is used, never a folder named by spaces in the current folder.
    /// </summary>
    public const string HomeVariable = "TRAININGJOBS_HOME";

    /// <summary>
    /// The workspace folder; default: <c>$TRAININGJOBS_HOME</c>, else <c>~/.trainingjobs</c>. Null, empty or only
    /// white space means the default.
    /// </summary>
    public string? Home { get; set; }

    /// <summary>How many jobs run at once; the rest wait in <c>Queued</c>. Default: the number of cores.</summary>
    public int MaxConcurrentJobs { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a canceled job's processes get between the graceful signal (SIGTERM) and the kill (SIGKILL). Default 10 s.</summary>
    public TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock used for timestamps and waits (tests may replace it).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where diagnostics go.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>How often waits poll the workspace for a status change (default 50 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The supervisor program (<c>TrainingJobs.Supervisor.dll</c>). Default: <c>$TRAININGJOBS_SUPERVISOR</c>, else next
    /// to the application, else its <c>trainingjobs-supervisor/</c> folder (where the package puts it). A path set
    /// here or in the variable must exist: submitting fails rather than look elsewhere.
    /// </summary>
    public string? SupervisorPath { get; set; }

    /// <summary>Which ways of holding a job's processes the supervisor may use (tests narrow it to cover each one).</summary>
    internal Supervision.ContainmentPreference Containment { get; set; } = Supervision.ContainmentPreference.Automatic;

    /// <summary>
    /// Every problem with the settings, each with the property it is about, for the options validation of
    /// <c>AddTrainingJobs</c>. A client made directly from these options does not run them: there the backend clamps
    /// <see cref="MaxConcurrentJobs"/> to at least one, and a bad wait fails where it is used.
    /// </summary>
    internal IEnumerable<(string Property, string Message)> FindProblems()
    {
        if (MaxConcurrentJobs < 1) yield return (nameof(MaxConcurrentJobs), $"{nameof(MaxConcurrentJobs)} must be at least 1; got {MaxConcurrentJobs}.");
        if (CancelGracePeriod < TimeSpan.Zero) yield return (nameof(CancelGracePeriod), $"{nameof(CancelGracePeriod)} must not be negative; got {CancelGracePeriod}.");
        // Task.Delay refuses a negative wait, and a zero one would make every wait a busy loop.
        if (PollInterval <= TimeSpan.Zero) yield return (nameof(PollInterval), $"{nameof(PollInterval)} must be positive; got {PollInterval}.");
        if (TimeProvider is null) yield return (nameof(TimeProvider), $"{nameof(TimeProvider)} must not be null.");
        if (LoggerFactory is null) yield return (nameof(LoggerFactory), $"{nameof(LoggerFactory)} must not be null.");
    }

    internal string ResolveHome(Func<string, string?>? getEnvironment = null)
    {
        if (!string.IsNullOrWhiteSpace(Home)) return Path.GetFullPath(Home);
        var fromEnvironment = (getEnvironment ?? Environment.GetEnvironmentVariable)(HomeVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".trainingjobs");
    }
}
