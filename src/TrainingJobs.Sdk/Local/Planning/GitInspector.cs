using System.Diagnostics;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Reads the git state of a code folder at submission with the <c>git</c> program (as azure-ai-ml does): the commit,
/// the branch, whether the work tree differs from the commit, and the <c>origin</c> URL without credentials. Two
/// short runs of git: <c>status --porcelain=v2 --branch</c> (commit, branch and changes at once) and <c>remote get-url</c>.
/// </summary>
internal static class GitInspector
{
    /// <summary>How long one git run may take; a slower one (a huge work tree, a hung file system) leaves the state unknown.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The git state of <paramref name="codePath"/> (a folder or a file in one), or null when it is not in a git work tree or git is missing.</summary>
    public static GitState? Read(string codePath)
    {
        var folder = Directory.Exists(codePath) ? codePath : Path.GetDirectoryName(Path.GetFullPath(codePath))!;
        if (Run(folder, "status", "--porcelain=v2", "--branch") is not { } status) return null;
        string? commit = null, branch = null;
        var dirty = false;
        foreach (var line in status.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal)) commit = line["# branch.oid ".Length..] is var oid && oid != "(initial)" ? oid : null;
            else if (line.StartsWith("# branch.head ", StringComparison.Ordinal)) branch = line["# branch.head ".Length..] is var head && head != "(detached)" ? head : null;
            else if (!line.StartsWith('#')) dirty = true;
        }
        var remote = Run(folder, "remote", "get-url", "origin")?.Trim();
        return new GitState(commit, branch, dirty, string.IsNullOrEmpty(remote) ? null : WithoutCredentials(remote));
    }

    /// <summary>
    /// A remote URL with any user information (<c>user:token@</c>) removed, and query strings dropped (SAS tokens travel
    /// there). Scp-like addresses (<c>git@host:org/repo.git</c>) name an SSH user, never a secret, and stay as they are.
    /// </summary>
    internal static string WithoutCredentials(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile) return url;
        var builder = new UriBuilder(uri) { UserName = "", Password = "", Query = "" };
        var text = builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return text;
    }

    /// <summary>
    /// The git states a pipeline's or sweep's supervisor has read, by folder: its children share code folders and are
    /// planned one after another, so each folder's state is read once (when the first child using it starts) instead
    /// of running git twice for every step.
    /// </summary>
    internal sealed class Remembered
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GitState?> _states = new(StringComparer.Ordinal);

        /// <summary>The state of <paramref name="codePath"/>'s folder, read once.</summary>
        public GitState? Read(string codePath) => _states.GetOrAdd(Path.GetFullPath(codePath), GitInspector.Read);
    }

    private static void Kill(Process git)
    {
        try
        {
            git.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    private static string? Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No hook or monitor the repository's config names may run, no lock is taken, no prompt waits for a terminal.
        foreach (var argument in new[] { "-c", "core.fsmonitor=false", "-C", folder }.Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            using var git = Process.Start(start);
            if (git is null) return null;
            // Its errors ("not a git repository") are drained, not shown: outside a work tree the state is simply unknown.
            git.ErrorDataReceived += (_, _) => { };
            git.BeginErrorReadLine();
            // A git that hangs is killed at the end of its patience, which ends the read below.
            using var deadline = new Timer(_ => Kill(git), null, Patience, Timeout.InfiniteTimeSpan);
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed: the state is unknown, which the record says by having none.
            return null;
        }
    }
}
