using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Testing.Emulator;
using TrainingJobs.Sdk.Testing.Emulator.Blob;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>The emulator's upload of a finished job's files, against the shared Azurite.</summary>
public class EmulatedResultUploadTests
{
    [Test]
    public async Task A_file_that_still_grows_while_it_is_uploaded_is_uploaded_as_it_was_when_the_upload_began()
    {
        // A supervisor writes its own log after the job's terminal status; its length must not break the upload.
        var folder = Directory.CreateTempSubdirectory("tj-upload-test-").FullName;
        var container = new BlobContainerClient(new Uri($"{SharedAzurite.Endpoint.AbsoluteUri.TrimEnd('/')}/growing-{Guid.NewGuid():N}"),
            new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey));
        await container.CreateAsync();
        var file = Path.Combine(folder, "system_logs", "supervisor.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var line = new string('x', 4095) + "\n";
        await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat(line, 4096)));
        using var stop = new CancellationTokenSource();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var bytes = System.Text.Encoding.ASCII.GetBytes(line);
            // Capped: a writer as fast as the disk would otherwise outrun any copy of the file and fill the disk.
            for (var written = 0L; !stop.IsCancellationRequested && written < 64 << 20; written += bytes.Length)
            {
                await stream.WriteAsync(bytes);
                await stream.FlushAsync();
                writing.TrySetResult();
            }
        });
        try
        {
            await writing.Task;
            for (var round = 0; round < 2; round++)
            {
                await EmulatedJobRunner.UploadFolderAsync(container, folder, $"round-{round}", []);
                var uploaded = (await container.GetBlobClient($"round-{round}/system_logs/supervisor.txt").DownloadContentAsync()).Value.Content.ToMemory();
                uploaded.Length.Should().BeGreaterThanOrEqualTo(4096 * line.Length, "the file had that much when the upload began");
                uploaded.Span[..line.Length].SequenceEqual(System.Text.Encoding.ASCII.GetBytes(line)).Should().BeTrue();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
            await container.DeleteAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
