using System.ComponentModel;
using System.Diagnostics;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// The git lineage azure-ai-ml adds to a job's properties (<c>get_git_properties</c>): repository URL with any
/// credentials removed, branch, commit and whether the work tree has changes. Read with the git CLI; when git is
/// missing or the folder is not in a work tree, there are none (submission goes on without them).
/// </summary>
internal static class GitProperties
{
    public const string RepositoryUrl = "mlflow.source.git.repoURL";
    public const string Branch = "mlflow.source.git.branch";
    public const string Commit = "mlflow.source.git.commit";
    public const string Dirty = "azureml.git.dirty";

    /// <summary>How long one git command may take before its answer is given up on.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The properties for <paramref name="folder"/>; empty outside a git work tree or without git.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var directory = Directory.Exists(folder) ? folder : Path.GetDirectoryName(folder);
        if (string.IsNullOrEmpty(directory)) return result;
        if (await GitAsync(directory, cancellationToken, "rev-parse", "--is-inside-work-tree").ConfigureAwait(false) != "true") return result;
        if (await GitAsync(directory, cancellationToken, "ls-remote", "--get-url").ConfigureAwait(false) is { Length: > 0 } url) result[RepositoryUrl] = WithoutCredentials(url);
        if (await GitAsync(directory, cancellationToken, "rev-parse", "--abbrev-ref", "HEAD").ConfigureAwait(false) is { Length: > 0 } branch) result[Branch] = branch;
        if (await GitAsync(directory, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false) is { Length: > 0 } commit) result[Commit] = commit;
        if (await GitAsync(directory, cancellationToken, "status", "--porcelain", ".").ConfigureAwait(false) is { } status)
        {
            // azure-ai-ml writes Python's bool text.
            result[Dirty] = status.Length > 0 ? "True" : "False";
        }
        return result;
    }

    /// <summary>
    /// A remote URL without what could sign in: the user-info part (<c>user:token@</c>) of a URL is dropped, as are
    /// query and fragment; an scp-style address (<c>git@host:org/repo</c>) names no secret and is kept.
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
        // scp-like: [user@]host:path. A user with a password (user:secret@host:path) is not a form git reads as scp,
        // but drop anything before '@' that has a ':' in it all the same.
        var at = url.LastIndexOf('@');
        return at > 0 && url[..at].Contains(':', StringComparison.Ordinal) ? url[(at + 1)..] : url;
    }

    private static async Task<string?> GitAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        // Never ask for credentials or open an editor: lineage must not block a submit.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
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
            timeout.CancelAfter(CommandTimeout);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var error = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                var text = await output.ConfigureAwait(false);
                await error.ConfigureAwait(false);
                return process.ExitCode == 0 ? text.Trim() : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
        }
    }
}
