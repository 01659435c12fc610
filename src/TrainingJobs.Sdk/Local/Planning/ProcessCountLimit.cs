using System.Globalization;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// The most processes one local job may plan (instances × processes per instance, or TensorFlow workers + parameter
/// servers). Every rank is a real process with its own interpreter on this one machine, so a count far beyond the
/// cores only time-slices, and a typo (<c>process_count_per_instance: 8000</c>) would fork until the user's process
/// limit is hit — failing the user's other programs too — before the job could fail.
/// </summary>
internal static class ProcessCountLimit
{
    /// <summary>A floor that no realistic local run of a distributed script reaches (e.g. 8 nodes × 8 GPUs = 64), on any machine.</summary>
    private const int Floor = 256;

    /// <summary>Processes allowed per core above the floor: past 16 per core ranks only wait for their turn.</summary>
    private const int PerCore = 16;

    /// <summary>The limit on this machine: <see cref="Compute"/> of its cores and the user's RLIMIT_NPROC.</summary>
    public static int ForThisMachine() => Compute(Environment.ProcessorCount, MaxUserProcesses());

    /// <summary>
    /// max(256, 16 × cores), and at most half of RLIMIT_NPROC when that is finite: the limit counts every process
    /// (and thread) of the user, so the other half is left for the user's session, the supervisor and what the ranks start.
    /// </summary>
    public static int Compute(int cores, long? maxUserProcesses)
    {
        var limit = Math.Max(Floor, PerCore * (long)Math.Max(1, cores));
        if (maxUserProcesses is { } nproc) limit = Math.Min(limit, Math.Max(1, nproc / 2));
        return (int)Math.Min(limit, int.MaxValue);
    }

    /// <summary>Why the limit has its value, for the error message.</summary>
    public static string Explain(int limit)
    {
        var nproc = MaxUserProcesses();
        var fromCores = Math.Max(Floor, PerCore * Environment.ProcessorCount);
        return nproc is { } n && limit < fromCores
            ? string.Create(CultureInfo.InvariantCulture, $"half of this user's process limit, ulimit -u = {n}")
            : string.Create(CultureInfo.InvariantCulture, $"max({Floor}, {PerCore} × {Environment.ProcessorCount} cores)");
    }

    // Read once: only this process could change its own limit, and it never does; a pipeline's supervisor plans each step.
    private static readonly Lazy<long?> s_maxUserProcesses = new(ReadMaxUserProcesses);

    private static long? MaxUserProcesses() => s_maxUserProcesses.Value;

    /// <summary>The soft RLIMIT_NPROC from <c>/proc/self/limits</c> ("Max processes"); null when unlimited or unknown.</summary>
    private static long? ReadMaxUserProcesses()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max processes", StringComparison.Ordinal)) continue;
                var fields = line["Max processes".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc limits: the fixed limit alone.
        }
        return null;
    }
}
