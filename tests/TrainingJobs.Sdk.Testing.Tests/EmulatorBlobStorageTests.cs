using System.Diagnostics;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Testing.Emulator;
using TrainingJobs.Sdk.Testing.Emulator.Blob;

namespace TrainingJobs.Sdk.Testing.Tests;

public class EmulatorBlobStorageTests
{
    private static BlobContainerClient Container(AzureMLEmulator emulator) =>
        new(new Uri($"{emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/{emulator.BlobContainerName}"),
            new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));

    [Test]
    public async Task The_emulator_starts_a_real_Azurite_with_the_workspace_container_and_stops_it_and_its_temporary_folder_on_dispose()
    {
        var emulator = await AzureMLEmulator.StartAsync();
        string dataDirectory;
        try
        {
            emulator.BlobServiceUri.Host.Should().Be("127.0.0.1");
            emulator.BlobServiceUri.AbsolutePath.Should().Be("/devstoreaccount1");
            emulator.BlobContainerName.Should().MatchRegex("^azureml-blobstore-[0-9a-f-]{36}$");
            dataDirectory = emulator.DataDirectory;
            Directory.Exists(Path.Combine(dataDirectory, "azurite")).Should().BeTrue();

            var container = Container(emulator);
            (await container.ExistsAsync()).Value.Should().BeTrue();
            await container.GetBlobClient("hello.txt").UploadAsync(BinaryData.FromString("hi"));
            (await container.GetBlobClient("hello.txt").DownloadContentAsync()).Value.Content.ToString().Should().Be("hi");
        }
        finally
        {
            await emulator.DisposeAsync();
        }

        Directory.Exists(dataDirectory).Should().BeFalse();
        using var http = new HttpClient();
        var refused = async () => await http.GetAsync(emulator.BlobServiceUri);
        await refused.Should().ThrowAsync<HttpRequestException>("Azurite was killed with the emulator");
    }

    [Test]
    public async Task With_a_BlobEndpoint_the_emulator_uses_that_Azurite_and_a_given_DataDirectory_is_kept()
    {
        var data = Directory.CreateTempSubdirectory("tj-emulator-test-").FullName;
        try
        {
            await using var azurite = await AzuriteServer.StartAsync(Path.Combine(data, "own-azurite"));
            // The root URL (no account path) is accepted and completed with the development account.
            var root = new Uri(azurite.ServiceUri.GetLeftPart(UriPartial.Authority));
            await using (var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { BlobEndpoint = root, DataDirectory = data }))
            {
                emulator.BlobServiceUri.Should().Be(azurite.ServiceUri);
                emulator.DataDirectory.Should().Be(data);
                Directory.Exists(Path.Combine(data, "azurite")).Should().BeFalse("no Azurite of its own was started");
                (await Container(emulator).ExistsAsync()).Value.Should().BeTrue();
            }
            Directory.Exists(data).Should().BeTrue();
            // The given Azurite still runs after the emulator is gone.
            var service = new BlobServiceClient(azurite.ServiceUri, new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey));
            (await service.GetPropertiesAsync()).GetRawResponse().Status.Should().Be(200);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    [NonParallelizable]
    public void A_missing_Azurite_named_by_TRAININGJOBS_AZURITE_is_a_clear_error()
    {
        var previous = Environment.GetEnvironmentVariable(AzuriteServer.ExecutableVariable);
        Environment.SetEnvironmentVariable(AzuriteServer.ExecutableVariable, "/nonexistent/azurite-blob");
        try
        {
            var find = () => AzuriteServer.FindExecutable();
            find.Should().Throw<FileNotFoundException>().WithMessage("*TRAININGJOBS_AZURITE*/nonexistent/azurite-blob*");
        }
        finally
        {
            Environment.SetEnvironmentVariable(AzuriteServer.ExecutableVariable, previous);
        }
    }

    [Test]
    public void Without_the_variable_Azurite_is_found_under_tools_azurite_above_the_test_folder()
    {
        AzuriteServer.FindExecutable().Should().EndWith(Path.Combine("tools", "azurite", "node_modules", ".bin", "azurite-blob"));
    }
}
