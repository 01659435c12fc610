using System.IO.Compression;
using System.Text.RegularExpressions;

namespace TrainingJobs.Package.Tests;

/// <summary>What the packed packages carry: the files a consumer needs, and the metadata a package feed shows.</summary>
public class PackageContentsTests
{
    private static async Task<(string Feed, string Sdk)> SdkAsync()
    {
        var feed = await PackageFeed.GetAsync();
        return (feed, PackageFeed.Nupkg(feed, "TrainingJobs.Sdk"));
    }

    private static List<string> Entries(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    [Test]
    public async Task The_sdk_package_carries_the_library_the_supervisor_and_the_targets_that_copy_it()
    {
        var (_, sdk) = await SdkAsync();
        var entries = Entries(sdk);
        entries.Should().Contain(
        [
            "lib/net10.0/TrainingJobs.Sdk.dll", "lib/net10.0/TrainingJobs.Sdk.xml",
            "tools/supervisor/TrainingJobs.Supervisor.dll", "tools/supervisor/TrainingJobs.Supervisor.runtimeconfig.json",
            "buildTransitive/TrainingJobs.Sdk.targets", "README.md",
        ]);
        // Without a .deps.json the supervisor takes the SDK and its dependencies from the app's folder.
        entries.Should().NotContain(e => e.StartsWith("tools/supervisor/", StringComparison.Ordinal) && e.EndsWith(".deps.json", StringComparison.Ordinal));
        entries.Should().NotContain(e => e.StartsWith("tools/supervisor/TrainingJobs.Sdk", StringComparison.Ordinal), "the SDK comes from lib/, once");
    }

    [Test]
    public async Task The_sdk_package_carries_the_native_supervisor_for_the_machine_that_packed_it_with_its_sqlite_library()
    {
        var (_, sdk) = await SdkAsync();
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Entries(sdk).Should().Contain([$"tools/supervisor/native/{rid}/TrainingJobs.Supervisor", $"tools/supervisor/native/{rid}/libe_sqlite3.so"],
            "test.sh publishes the native supervisor before it packs");
    }

    [Test]
    public async Task The_targets_copy_every_supervisor_file_into_the_app_folder_the_sdk_searches()
    {
        var (_, sdk) = await SdkAsync();
        using var zip = ZipFile.OpenRead(sdk);
        using var reader = new StreamReader(zip.GetEntry("buildTransitive/TrainingJobs.Sdk.targets")!.Open());
        var targets = await reader.ReadToEndAsync();
        targets.Should().Contain("../tools/supervisor/").And.Contain("Link=\"trainingjobs-supervisor/")
            .And.Contain("CopyToOutputDirectory=").And.Contain("CopyToPublishDirectory=");
    }

    [Test]
    public async Task The_sdk_package_depends_only_on_what_the_sdk_uses()
    {
        var (_, sdk) = await SdkAsync();
        var dependencies = PackageFeed.Nuspec(sdk).Descendants("dependency").Select(d => d.Attribute("id")!.Value);
        // Azure.Identity: DefaultAzureCredential, the Azure ML backend's credential when none is given.
        // Azure.Storage.Blobs: the Azure ML backend's uploads of local code and inputs.
        // Microsoft.Extensions.Configuration.Abstractions, DependencyInjection.Abstractions, Options.ConfigurationExtensions: AddTrainingJobs.
        dependencies.Should().BeEquivalentTo("Azure.Core", "Azure.Identity", "Azure.Storage.Blobs", "Microsoft.Data.Sqlite",
            "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
            "Microsoft.Extensions.Options.ConfigurationExtensions", "YamlDotNet");
    }

    [TestCase("TrainingJobs.Sdk")]
    [TestCase("TrainingJobs.Sdk.Testing")]
    [TestCase("TrainingJobs.Cli")]
    public async Task Each_package_has_a_readme_an_MIT_licence_expression_source_control_metadata_and_a_symbols_package(string id)
    {
        var feed = await PackageFeed.GetAsync();
        var nupkg = PackageFeed.Nupkg(feed, id);
        var nuspec = PackageFeed.Nuspec(nupkg);
        nuspec.Element("license")!.Attribute("type")!.Value.Should().Be("expression");
        nuspec.Element("license")!.Value.Should().Be("MIT");
        nuspec.Element("readme")!.Value.Should().Be("README.md");
        Entries(nupkg).Should().Contain("README.md");
        nuspec.Element("authors")!.Value.Should().NotBeNullOrWhiteSpace();
        var repository = nuspec.Element("repository");
        repository.Should().NotBeNull("SourceLink records the repository the package was built from");
        repository!.Attribute("type")!.Value.Should().Be("git");
        repository.Attribute("commit")!.Value.Should().MatchRegex("^[0-9a-f]{40}$");
        File.Exists(Path.ChangeExtension(nupkg, ".snupkg")).Should().BeTrue($"{id} should have a symbols package next to it");
    }

    [Test]
    public async Task The_three_packages_share_one_version()
    {
        var feed = await PackageFeed.GetAsync();
        var versions = PackageFeed.PackageIds
            .Select(id => PackageFeed.Nuspec(PackageFeed.Nupkg(feed, id)).Element("version")!.Value)
            .ToList();
        versions.Distinct().Should().ContainSingle($"the packages have versions {string.Join(", ", versions)}");
        versions[0].Should().MatchRegex(@"^\d+\.\d+\.\d+");
        // The consumer pins the version the packages have, so the check below really uses the packed one.
        var consumer = await File.ReadAllTextAsync(Path.Combine(PackageFeed.RepositoryRoot, "tests", "PackageConsumer", "PackageConsumer.csproj"));
        Regex.Match(consumer, "Include=\"TrainingJobs.Sdk\" Version=\"([^\"]+)\"").Groups[1].Value.Should().Be(versions[0]);
    }
}
