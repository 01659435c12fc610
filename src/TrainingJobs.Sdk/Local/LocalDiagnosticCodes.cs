namespace TrainingJobs.Sdk.Local;

/// <summary>The stable diagnostic codes of the local backend (<c>TJ4xxx</c>).</summary>
public static class LocalDiagnosticCodes
{
    /// <summary>The job kind cannot run locally yet (pipeline, sweep, other).</summary>
    public const string UnsupportedKind = "TJ4001";

    /// <summary>An input or code reference names an Azure ML asset or datastore, which needs an Azure workspace.</summary>
    public const string NeedsAzureWorkspace = "TJ4002";

    /// <summary>The command uses an input or output the job does not declare or give.</summary>
    public const string UnboundReference = "TJ4003";

    /// <summary>A local path (code or input) does not exist.</summary>
    public const string PathNotFound = "TJ4004";

    /// <summary>An input's path uses a scheme the local backend cannot read (https, wasbs, abfss, …).</summary>
    public const string UnsupportedScheme = "TJ4005";

    /// <summary>The job's environment has no entry in the workspace's environment table; it runs with the machine's tools.</summary>
    public const string EnvironmentNotMapped = "TJ4006";

    // TJ4007 (an input without a value) is retired: TJ4003 reports a command that names an input with no value.

    /// <summary>A setting the local backend ignores (compute, instance type, …).</summary>
    public const string IgnoredSetting = "TJ4008";

    /// <summary>A job, input or output name that is not a valid Azure ML name (it would also be unsafe as a folder name).</summary>
    public const string InvalidName = "TJ4009";

    /// <summary>
    /// An entry of the code folder (or of a <c>download</c>-mode input) was not copied as it is: a symbolic link
    /// pointing out of the folder, a device, FIFO or socket, the workspace folder itself, or past a size limit; or a
    /// link to a folder was kept as a link. The message names the entry; a link's target is never read.
    /// </summary>
    public const string EntrySkipped = "TJ4010";

    /// <summary>A code or input path is a device, FIFO or socket (e.g. <c>/dev/zero</c>): only regular files and folders are read.</summary>
    public const string NotAFileOrFolder = "TJ4011";

    /// <summary>The job plans more processes (instances × processes per instance, or workers + parameter servers) than this machine runs for one job.</summary>
    public const string TooManyProcesses = "TJ4012";

    /// <summary>A pipeline step the local backend cannot run: a registered component, a sweep step, a nested pipeline whose steps cannot be flattened into it, or a binding that is not a whole value.</summary>
    public const string StepNotRunnable = "TJ4013";
}
