namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// What of the submitter's environment a job inherits: like an Azure ML job, it gets a clean environment (its declared
/// <c>environment_variables</c>, the <c>AZUREML_*</c>/<c>MLFLOW_*</c> the backend sets, the rank variables) plus only
/// what it needs to run on this machine. Not the submitter's whole shell: its tokens, cloud credentials, proxies with
/// passwords and tool settings (<c>PYTHONPATH</c>, <c>MLFLOW_TRACKING_*</c> for another server) would otherwise leak
/// into third-party training code and make the job behave differently here than on Azure ML. This is the one place
/// that says what is kept; a job that needs more declares it in <c>environment_variables</c>.
/// </summary>
internal static class InheritedEnvironment
{
    /// <summary>The variables kept, each for a reason.</summary>
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "PATH",               // to find python, the shell's tools, and the tools of an activated conda/venv
        "HOME",               // caches and config of the job's tools (pip, torch, huggingface) live under it
        "USER", "LOGNAME",    // who runs the job; some tools (getpass, ssh, tar) read them
        "SHELL",              // what a script that spawns "the user's shell" starts
        "LANG", "LANGUAGE",   // text encoding: without it Python and the shell fall back to ASCII
        "TZ",                 // timestamps in the job's logs read as the user's
        "TMPDIR",             // where temporary files go (a machine may point it at a larger disk)
        "TERM",               // progress bars and colors of the job's tools
        "LD_LIBRARY_PATH",    // where the CUDA and conda libraries a GPU job loads are found on many machines
        "CUDA_HOME",          // where PyTorch and others find nvcc and the CUDA toolkit
        "CUDA_VISIBLE_DEVICES", // which GPUs the submitter chose to give the job
        "VIRTUAL_ENV",        // an activated venv (its bin is on PATH; tools ask which venv it is)
    };

    /// <summary>Prefixes of the variable families kept.</summary>
    private static readonly string[] Prefixes =
    [
        "LC_",                // the locale's parts (LC_ALL, LC_CTYPE, ...), as LANG
        "CONDA_",             // an activated conda environment (CONDA_PREFIX, CONDA_EXE, ...), as VIRTUAL_ENV
    ];

    /// <summary>Whether a variable of the submitter's environment reaches the job.</summary>
    public static bool Keeps(string name) =>
        Names.Contains(name) || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Removes from a process's environment (a copy of this process's) every variable the job does not inherit.</summary>
    public static void Clean(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(n => !Keeps(n)).ToList()) environment.Remove(name);
    }
}
