using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace TrainingJobs.Package.Tests;

/// <summary>
/// The folder feed the packages are in: <c>$TRAININGJOBS_PACKAGE_FEED</c> (test.sh packs into it), else a
/// temporary folder this class packs the three packable projects into, once per run.
/// </summary>
internal static class PackageFeed
{
    /// <summary>The variable test.sh sets to the feed it packed.</summary>
    public const string FeedVariable = "TRAININGJOBS_PACKAGE_FEED";

    /// <summary>The packable projects, which must share one version.</summary>
    public static readonly string[] PackageIds = ["TrainingJobs.Sdk", "TrainingJobs.Sdk.Testing", "TrainingJobs.Cli"];

    private static readonly Lazy<Task<string>> Folder = new(PackAsync);

    /// <summary>The repository root (the folder that holds TrainingJobs.Sdk.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The feed folder, packed on first use when test.sh did not.</summary>
    public static Task<string> GetAsync() => Folder.Value;

    /// <summary>The one <c>.nupkg</c> of <paramref name="id"/> in the feed (not its symbols package).</summary>
    public static string Nupkg(string feed, string id)
    {
        var found = Directory.GetFiles(feed, id + ".*.nupkg")
            .Where(f => Version(Path.GetFileName(f), id) is { } v && char.IsDigit(v[0]))
            .ToList();
        found.Should().ContainSingle($"the feed {feed} should hold exactly one package {id}");
        return found[0];
    }

    /// <summary>The version in a package file name such as <c>TrainingJobs.Sdk.0.1.0.nupkg</c>.</summary>
    public static string? Version(string fileName, string id) =>
        fileName.StartsWith(id + ".", StringComparison.Ordinal) && fileName.EndsWith(".nupkg", StringComparison.Ordinal)
            ? fileName[(id.Length + 1)..^".nupkg".Length]
            : null;

    /// <summary>The nuspec of a package, with its namespace stripped so tests can name elements plainly.</summary>
    public static XElement Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        var document = XDocument.Load(stream);
        foreach (var element in document.Descendants()) element.Name = element.Name.LocalName;
        return document.Root!.Element("metadata")!;
    }

    /// <summary>
    /// Writes a nuget.config into <paramref name="folder"/> whose only source of TrainingJobs.* is the packed
    /// <paramref name="feed"/>; everything else comes from this machine's packages folder, or from the source this
    /// machine configures under the key "nuget.org" (inherited from the user's NuGet settings, so no address is written here).
    /// </summary>
    public static Task WriteNuGetConfigAsync(string folder, string feed)
    {
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{feed}" />
                <add key="machine-packages" value="{globalPackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="packed"><package pattern="TrainingJobs.*" /></packageSource>
                <packageSource key="machine-packages"><package pattern="*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    /// <summary>Runs a program to its end, failing the test with its output when it does not exit 0.</summary>
    public static async Task<string> RunAsync(string workingDirectory, TimeSpan limit, IReadOnlyDictionary<string, string>? environment, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No MSBuild nodes left behind by the builds these tests start.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran past {limit}:\n{await output}\n{await error}");
        }
        var text = await output + await error;
        process.ExitCode.Should().Be(0, $"{file} {string.Join(' ', arguments)} should succeed; it printed:\n{text}");
        return text;
    }

    private static async Task<string> PackAsync()
    {
        if (Environment.GetEnvironmentVariable(FeedVariable) is { Length: > 0 } given) return Path.GetFullPath(given);
        var feed = Path.Combine(Path.GetTempPath(), "tj-package-feed-" + Guid.NewGuid().ToString("N"));
        foreach (var id in PackageIds)
        {
            await RunAsync(RepositoryRoot, TimeSpan.FromMinutes(5), null, "dotnet", "pack", Path.Combine("src", id, id + ".csproj"), "-c", "Release", "-o", feed);
        }
        return feed;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrainingJobs.Sdk.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No TrainingJobs.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
