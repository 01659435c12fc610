using TrainingJobs.Sdk.Testing.Emulator.Blob;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// One Azurite for the tests of the ARM protocol, given to their emulators as BlobEndpoint: each emulator still makes
/// its own workspace container, and starting an Azurite per emulator would cost a node process start each. The tests
/// of Azurite's start and stop, and of running jobs, start their own.
/// </summary>
[SetUpFixture]
public sealed class SharedAzurite
{
    private static AzuriteServer? _server;
    private static string? _folder;

    public static Uri Endpoint => _server?.ServiceUri ?? throw new InvalidOperationException("The shared Azurite has not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = Directory.CreateTempSubdirectory("tj-shared-azurite-").FullName;
        _server = await AzuriteServer.StartAsync(_folder);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
