using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrainingJobs.Sdk.Testing.Emulator.Blob;
using TrainingJobs.Sdk.Testing.Emulator.Faults;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>The fault proxy in front of Azurite: faults are injected, and a retrying client still gets every byte right.</summary>
public sealed class BlobFaultProxyTests
{
    [Test]
    public async Task With_a_third_of_requests_faulted_uploads_and_ranged_reads_through_the_proxy_are_byte_identical()
    {
        await using var proxy = await BlobFaultProxy.StartAsync(SharedAzurite.Endpoint, faultRate: 0.33, faultSeed: 11, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), TimeProvider.System);
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 10;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        var container = new BlobContainerClient(new Uri($"{proxy.ServiceUri.AbsoluteUri.TrimEnd('/')}/proxy-{Guid.NewGuid():N}"),
            new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey), options);
        await container.CreateIfNotExistsAsync();
        var contents = Enumerable.Range(0, 20).ToDictionary(i => $"blob-{i}.bin", i => Enumerable.Range(0, 10_000 + i).Select(b => (byte)(b * 7 + i)).ToArray());

        foreach (var (name, bytes) in contents) await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        foreach (var (name, bytes) in contents)
        {
            (await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray().Should().Equal(bytes);
            var range = await container.GetBlobClient(name).DownloadContentAsync(new BlobDownloadOptions { Range = new Azure.HttpRange(100, 1000) });
            range.Value.Content.ToArray().Should().Equal(bytes.Skip(100).Take(1000));
        }

        proxy.FaultsInjected.Should().BeGreaterThan(10, "a third of some 60 requests met a fault, and the client got past every one");
    }

    [Test]
    public async Task With_a_round_trip_every_request_is_answered_only_once_that_much_time_has_passed_and_then_unchanged()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var roundTrip = TimeSpan.FromMinutes(10);
        await using var proxy = await BlobFaultProxy.StartAsync(SharedAzurite.Endpoint, faultRate: 0, faultSeed: 0, TimeSpan.Zero, TimeSpan.Zero, time, roundTrip);
        var key = new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey);
        var name = $"roundtrip-{Guid.NewGuid():N}";
        var direct = new BlobContainerClient(new Uri($"{SharedAzurite.Endpoint.AbsoluteUri.TrimEnd('/')}/{name}"), key);
        await direct.CreateIfNotExistsAsync();
        var bytes = Enumerable.Range(0, 5000).Select(b => (byte)b).ToArray();
        await direct.GetBlobClient("b.bin").UploadAsync(BinaryData.FromBytes(bytes));
        var proxied = new BlobContainerClient(new Uri($"{proxy.ServiceUri.AbsoluteUri.TrimEnd('/')}/{name}"), key);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var read = proxied.GetBlobClient("b.bin").DownloadContentAsync();
            // The proxy's clock moves a minute at a time, with a moment between steps for the request to be served if it
            // could be: an answer before ten minutes have passed would mean a request skipped its round trip.
            var waited = TimeSpan.Zero;
            while (!read.IsCompleted && waited < TimeSpan.FromHours(1))
            {
                await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(50)));
                if (read.IsCompleted) break;
                time.Advance(TimeSpan.FromMinutes(1));
                waited += TimeSpan.FromMinutes(1);
            }
            waited.Should().BeGreaterThanOrEqualTo(roundTrip);
            (await read).Value.Content.ToArray().Should().Equal(bytes);
        }
    }
}
