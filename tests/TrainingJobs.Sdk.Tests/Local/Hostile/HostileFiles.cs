using System.Diagnostics;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>What the file-system hostile tests share: a secret outside every job folder, and special files made by real tools.</summary>
internal static class HostileFiles
{
    /// <summary>Text that must never be read by the backend: it sits in a file outside the workspace.</summary>
    public const string SecretText = "TOP-SECRET-5f0c1d";

    /// <summary>Writes the secret file beside the workspace (under <see cref="TempWorkspace.Home"/>, outside <c>ws/</c>) and returns its path.</summary>
    public static string WriteSecret(TempWorkspace ws)
    {
        var path = Path.Combine(ws.Home, "secret.txt");
        File.WriteAllText(path, SecretText + "\n");
        return path;
    }

    /// <summary>Runs a bash script (mkfifo, ln -s, printf) and fails the test when it fails.</summary>
    public static void Bash(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", script]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, error);
    }

    /// <summary>Every file's text under a folder, links not followed (what a user would find there).</summary>
    public static string AllText(string folder)
    {
        var texts = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (new FileInfo(file).LinkTarget is null) texts.Add(File.ReadAllText(file));
        }
        return string.Join('\n', texts);
    }

    /// <summary>The names of the staging folders left in the workspace's jobs folder.</summary>
    public static IEnumerable<string> StagingLeftovers(TempWorkspace ws)
    {
        var jobs = Path.Combine(ws.Options.Home!, "jobs");
        return Directory.Exists(jobs) ? Directory.EnumerateDirectories(jobs, ".staging-*").Select(Path.GetFileName).OfType<string>() : [];
    }
}
