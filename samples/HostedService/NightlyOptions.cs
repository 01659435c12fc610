namespace TrainingJobs.Samples.HostedService;

/// <summary>The nightly job's settings: the <c>Nightly</c> section of appsettings.json (or the command line).</summary>
public sealed class NightlyOptions
{
    /// <summary>The configuration section: <c>Nightly</c>.</summary>
    public const string SectionName = "Nightly";

    /// <summary>The time of day the job is submitted, in the <see cref="TimeProvider.LocalTimeZone"/> of the host's clock.</summary>
    public TimeOnly At { get; set; } = new(2, 0);

    /// <summary>How long a run may take from its submission; a run still going then is canceled (the runaway GPU run).</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Run one job now and stop the host when it ends, instead of waiting for <see cref="At"/> every day (<c>--once</c>).</summary>
    public bool Once { get; set; }

    /// <summary>The experiment the jobs are filed under.</summary>
    public string Experiment { get; set; } = "nightly";

    /// <summary>The job's code folder, relative to the program's folder; null for none.</summary>
    public string? Code { get; set; } = "job";

    /// <summary>
    /// The job's environment: a curated one of the azureml registry, as on Azure ML. A local workspace runs the command
    /// with this machine's tools unless its <c>environments.json</c> maps the environment (docs/local-backend.md).
    /// </summary>
    public string Environment { get; set; } = "azureml://registries/azureml/environments/sklearn-1.5/versions/1";

    /// <summary>The job's command, run in its code folder.</summary>
    public string Command { get; set; } = "bash train.sh";
}
