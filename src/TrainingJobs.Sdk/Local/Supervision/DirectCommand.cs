namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// A command that <c>bash -c</c> would run as exactly one program, its words the arguments, with nothing else for the
/// shell to do: such a command can be started without bash, as GNU make starts a recipe line without a shell when it
/// holds no shell syntax. When bash runs a lone simple command it does not fork: it execs the program in its own place,
/// so the program, its pid, arguments, working directory, descriptors and exit code are the same either way; only bash's
/// start-up (a few milliseconds of CPU for every step of a pipeline) is saved. Of what bash adds to the environment,
/// <c>PWD</c> is set by the <c>/bin/sh</c> that starts the program, and <see cref="Resolve"/> returns the two others
/// (<c>SHLVL</c>, <c>_</c>).
/// </summary>
/// <remarks>
/// Anything that would make bash do more than exec one program keeps the command on bash: any character with a meaning
/// to the shell (quotes, <c>$</c>, globs, redirections, separators, <c>~</c>, braces, <c>#</c>, backslash, newline), a
/// first word that is an assignment, a reserved word or a builtin (bash would run that itself; only <c>true</c> and
/// <c>false</c> without arguments behave exactly like their programs), a program not found on an absolute
/// <c>PATH</c> or that is neither an ELF binary nor a <c>#!</c> script, and an environment that changes how bash
/// starts (<c>BASH_ENV</c>, <c>ENV</c>, <c>SHELLOPTS</c>, <c>BASHOPTS</c>, exported functions) or that bash would edit
/// (<c>OLDPWD</c>).
/// </remarks>
internal static class DirectCommand
{
    /// <summary>The words of a direct command: its program as written (found on <c>PATH</c>) and its arguments.</summary>
    /// <param name="Program">The resolved path of the program, as bash puts it in <c>_</c>.</param>
    /// <param name="Words">The command's words, the first as written (it becomes <c>argv[0]</c>).</param>
    /// <param name="Variables">What bash would add to the environment besides <c>PWD</c>: <c>SHLVL</c> (0 when unset: bash counts itself, then execs) and <c>_</c>.</param>
    public sealed record Resolved(string Program, IReadOnlyList<string> Words, IReadOnlyDictionary<string, string> Variables);

    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
        "function", "time", "coproc", "{", "}", "!", "[[", "]]",
    };

    // bash 5's builtins (help -s), each run by bash itself rather than as a program.
    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        ".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "compopt",
        "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc", "fg",
        "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd",
        "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times",
        "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    };

    private static readonly string[] StartUpVariables = ["BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "OLDPWD"];

    /// <summary>The command as one program and its arguments, or null when bash must run it.</summary>
    /// <param name="command">The command line, as <c>bash -c</c> would get it.</param>
    /// <param name="environment">The environment the command runs with.</param>
    public static Resolved? Resolve(string command, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Keys.Any(k => StartUpVariables.Contains(k, StringComparer.Ordinal) || k.StartsWith("BASH_FUNC_", StringComparison.Ordinal))) return null;
        var words = command.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !words.All(IsPlainWord)) return null;
        var first = words[0];
        if (first.Contains('=', StringComparison.Ordinal) || ReservedWords.Contains(first)) return null;
        if (Builtins.Contains(first) && !(first is "true" or "false" && words.Length == 1)) return null;
        if (FindProgram(first, environment.GetValueOrDefault("PATH")) is not { } program) return null;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SHLVL"] = environment.GetValueOrDefault("SHLVL") ?? "0",
            ["_"] = program,
        };
        return new Resolved(program, words, variables);
    }

    /// <summary>A word the shell leaves as it is: no quoting, expansion, globbing, redirection, separator or comment.</summary>
    private static bool IsPlainWord(string word) =>
        word.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ',' or '+' or ':' or '@' or '%' or '=');

    /// <summary>The program bash would exec: a name with a slash as it is, else the first executable regular file on an all-absolute <c>PATH</c>.</summary>
    private static string? FindProgram(string name, string? path)
    {
        // A relative name with a slash, or a PATH entry that is relative or empty, depends on the job's working
        // directory, which this process does not share: bash resolves those.
        if (name.Contains('/', StringComparison.Ordinal)) return name.StartsWith('/') && IsExecutableFile(name) ? name : null;
        if (string.IsNullOrEmpty(path)) return null;
        foreach (var folder in path.Split(':'))
        {
            if (!folder.StartsWith('/')) return null;
            var candidate = Path.Combine(folder, name);
            if (IsExecutableFile(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// An ELF binary or a script with a <c>#!</c> line: what the kernel execs itself. A file without either, bash runs as
    /// a bash script and sh as an sh script, so that one stays on bash.
    /// </summary>
    private static bool StartsLikeAProgram(string path)
    {
        Span<byte> start = stackalloc byte[4];
        using var handle = File.OpenHandle(path);
        var read = RandomAccess.Read(handle, start, 0);
        return (read >= 2 && start[0] == '#' && start[1] == '!') || (read == 4 && start.SequenceEqual("\u007fELF"u8));
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            // Following links, as exec does: a link to a folder or to nothing is not a program.
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            return target is { Exists: true }
                   && (target.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0
                   && StartsLikeAProgram(target.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
