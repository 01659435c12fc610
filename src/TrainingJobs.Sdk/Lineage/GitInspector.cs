using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage;

/// <summary>
/// The one reader of a code folder's git state, for both backends (a local job's record, and the git properties an
/// Azure ML submit adds as azure-ai-ml does): the commit, the branch, whether the folder differs from the commit, and
/// the remote's URL without credentials. Two short runs of the <c>git</c> program, side by side: <c>status
/// --porcelain=v2 --branch -- .</c> (commit, branch and the folder's changes at once) and <c>ls-remote --get-url</c>. Without git, or outside a
/// work tree, there is no state (null) and submission goes on.
/// </summary>
internal static class GitInspector
{
    /// <summary>How long one git run may take; a slower one (a huge work tree, a hung file system) leaves the state unknown.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The git state of <paramref name="codePath"/> (a folder, or a file in one), or null when it is not in a git work tree or git is missing.</summary>
    public static async Task<GitState?> ReadAsync(string codePath, CancellationToken cancellationToken = default)
    {
        var folder = Directory.Exists(codePath) ? codePath : Path.GetDirectoryName(Path.GetFullPath(codePath));
        if (string.IsNullOrEmpty(folder)) return null;
        // Both runs at once: they read the same repository and neither needs the other's answer, so a submit waits for
        // one git start instead of two in a row. The pathspec limits the changes to the code folder: what is outside
        // it is not in the job's snapshot.
        var statusRun = RunAsync(folder, cancellationToken, "status", "--porcelain=v2", "--branch", "--", ".");
        var remoteRun = RunAsync(folder, cancellationToken, "ls-remote", "--get-url");
        var status = await statusRun.ConfigureAwait(false);
        var remote = (await remoteRun.ConfigureAwait(false))?.Trim();
        if (status is null) return null;
        string? commit = null, branch = null;
        var dirty = false;
        foreach (var line in status.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal)) commit = line["# branch.oid ".Length..] is var oid && oid != "(initial)" ? oid : null;
            else if (line.StartsWith("# branch.head ", StringComparison.Ordinal)) branch = line["# branch.head ".Length..] is var head && head != "(detached)" ? head : null;
            else if (!line.StartsWith('#')) dirty = true;
        }
        // ls-remote --get-url echoes "origin" back when there is no such remote.
        return new GitState(commit, branch, dirty, string.IsNullOrEmpty(remote) || remote == "origin" ? null : WithoutCredentials(remote));
    }

    /// <summary>
    /// A remote URL without what could sign in: the user-info part (<c>user:token@</c>) of a URL is dropped, as are
    /// query and fragment (SAS tokens travel there); an scp-style address (<c>git@host:org/repo</c>) names no secret and
    /// is kept, but anything before an <c>@</c> that holds a <c>:</c> is dropped all the same.
    /// </summary>
    internal static string WithoutCredentials(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && url.Contains("://", StringComparison.Ordinal))
        {
            var builder = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
            return builder.Uri.IsDefaultPort
                ? $"{builder.Scheme}://{builder.Host}{builder.Path}"
                : $"{builder.Scheme}://{builder.Host}:{builder.Port}{builder.Path}";
        }
        var at = url.LastIndexOf('@');
        return at > 0 && url[..at].Contains(':', StringComparison.Ordinal) ? url[(at + 1)..] : url;
    }

    /// <summary>
    /// The git states a pipeline's or sweep's supervisor has read, by folder: its children share code folders and are
    /// planned one after another, so each folder's state is read once (when the first child using it starts) instead
    /// of running git twice for every step.
    /// </summary>
    internal sealed class Remembered
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<GitState?>>> _states = new(StringComparer.Ordinal);

        /// <summary>The state of <paramref name="codePath"/>'s folder, read once.</summary>
        public Task<GitState?> ReadAsync(string codePath) =>
            _states.GetOrAdd(Path.GetFullPath(codePath), path => new Lazy<Task<GitState?>>(() => GitInspector.ReadAsync(path))).Value;
    }

    private static async Task<string?> RunAsync(string folder, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // No hook or file-system monitor the repository's config names may run, no lock is taken, no prompt waits.
        foreach (var argument in new[] { "-c", "core.fsmonitor=false", "-C", folder }.Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            return null; // No git on this machine.
        }
        using (process)
        {
            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var errors = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var text = await output.ConfigureAwait(false);
                await errors.ConfigureAwait(false);
                return process.ExitCode == 0 ? text : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
        }
    }
}
