namespace TrainingJobs.Package.Tests;

/// <summary>
/// An app with only a PackageReference to the packed TrainingJobs.Sdk (tests/PackageConsumer) is published
/// and completes a real local job from a generic host through AddTrainingJobs: the supervisor comes out of the package.
/// </summary>
public class PackageConsumerTests
{
    private string _work = "";

    [SetUp]
    public void CreateWorkFolder()
    {
        _work = Path.Combine(Path.GetTempPath(), "tj-package-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
    }

    [TearDown]
    public void DeleteWorkFolder()
    {
        // The job's supervisor may still be closing its files after the job ended; a leftover temp folder is harmless.
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Test]
    public async Task An_app_that_only_references_the_package_completes_a_local_job_through_AddTrainingJobs_in_a_generic_host()
    {
        var feed = await PackageFeed.GetAsync();
        var app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        foreach (var file in new[] { "PackageConsumer.csproj", "Program.cs" })
        {
            File.Copy(Path.Combine(PackageFeed.RepositoryRoot, "tests", "PackageConsumer", file), Path.Combine(app, file));
        }
        // Outside the repository, so none of its build settings apply.
        await PackageFeed.WriteNuGetConfigAsync(_work, feed);
        // A packages folder of its own: a TrainingJobs.Sdk 0.1.0 cached by an earlier run is never used.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };
        var publish = Path.Combine(_work, "publish");

        await PackageFeed.RunAsync(app, TimeSpan.FromMinutes(4), environment, "dotnet", "publish", "-c", "Release", "-o", publish);

        var supervisor = Path.Combine("trainingjobs-supervisor", "TrainingJobs.Supervisor.dll");
        File.Exists(Path.Combine(app, "bin", "Release", "net10.0", supervisor)).Should().BeTrue("the build output gets the supervisor");
        File.Exists(Path.Combine(publish, supervisor)).Should().BeTrue("the publish output gets the supervisor");
        // The native supervisor for this machine (test.sh packs it), executable, with its SQLite library: the job below runs under it.
        var native = Path.Combine("trainingjobs-supervisor", "native", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
        foreach (var folder in new[] { Path.Combine(app, "bin", "Release", "net10.0"), publish })
        {
            var executable = Path.Combine(folder, native, "TrainingJobs.Supervisor");
            File.Exists(executable).Should().BeTrue($"{folder} gets the native supervisor");
            if (!OperatingSystem.IsWindows()) (File.GetUnixFileMode(executable) & UnixFileMode.UserExecute).Should().NotBe(UnixFileMode.None, $"{executable} can be run");
            File.Exists(Path.Combine(folder, native, "libe_sqlite3.so")).Should().BeTrue($"{folder} gets the native supervisor's SQLite library");
        }
        var restored = Directory.GetFiles(Path.Combine(_work, "packages", "trainingjobs.sdk"), "*.nupkg", SearchOption.AllDirectories);
        restored.Should().ContainSingle().Which.Should().Match(p => File.ReadAllBytes(p).SequenceEqual(File.ReadAllBytes(PackageFeed.Nupkg(feed, "TrainingJobs.Sdk"))),
            "the app is built against the package just packed");

        var output = await PackageFeed.RunAsync(app, TimeSpan.FromMinutes(2), null, "dotnet", Path.Combine(publish, "PackageConsumer.dll"), Path.Combine(_work, "workspace"));

        output.Should().Contain("log: hello from the packed sdk").And.Contain("status: Completed");
    }
}
