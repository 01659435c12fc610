using System.Globalization;
using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Which files of <c>user_logs/</c> a stream follows, and the rank each belongs to, for every backend: per-rank files
/// are named <c>std_log_process_&lt;rank&gt;.txt</c> (as Azure ML's Common Runtime names them); when there are any,
/// <c>std_log.txt</c> is rank 0's second name and is left out.
/// </summary>
internal static partial class LogFileNames
{
    [GeneratedRegex(@"^std_log_process_(\d+)\.txt$")]
    private static partial Regex RankLog();

    /// <summary>The rank that wrote a log file (by its name without folder): N for <c>std_log_process_N.txt</c>, else 0.</summary>
    public static int RankOf(string fileName)
    {
        var match = RankLog().Match(fileName);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : 0;
    }

    /// <summary>Of the file names (without folder) in <c>user_logs/</c>, those a stream follows: <c>.txt</c> files, without <c>std_log.txt</c> where per-rank files exist.</summary>
    public static IEnumerable<string> Followed(IReadOnlyCollection<string> fileNames)
    {
        var distributed = fileNames.Any(n => RankLog().IsMatch(n));
        return fileNames.Where(n => n.EndsWith(".txt", StringComparison.Ordinal) && !(distributed && n == "std_log.txt"));
    }
}
