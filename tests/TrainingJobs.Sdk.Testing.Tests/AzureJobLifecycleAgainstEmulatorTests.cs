using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// Jobs that really run, end to end through <see cref="TrainingJobsClient"/> with the Azure backend: local code uploaded
/// to the emulator's Azurite, run by the emulator with the local backend, outputs and logs back in Blob storage. A
/// completed job with its output, a failing script, and a cancel that leaves no process behind.
/// </summary>
[NonParallelizable]
public sealed class AzureJobLifecycleAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-azure-lifecycle-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private CommandJob Job(EmulatorSession session, string name, string command, params (string Path, string Text)[] files)
    {
        var code = Path.Combine(_folder, name);
        Directory.CreateDirectory(code);
        foreach (var (path, text) in files) File.WriteAllText(Path.Combine(code, path), text);
        return new CommandJob
        {
            Name = name,
            Command = command,
            Code = code,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        };
    }

    private static BlobContainerClient Container(AzureMLEmulator emulator, string name) =>
        new(new Uri($"{emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/{name}"), new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));

    private static async Task<string> ReadAsync(BlobContainerClient container, string blob) =>
        (await container.GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToString();

    [Test]
    public async Task A_submitted_job_completes_and_its_output_and_log_are_in_Blob_storage()
    {
        await using var session = await EmulatorSession.StartAsync();
        var job = Job(session, "trains", "echo training && cp weights.txt ${{outputs.model}}/model.txt", ("weights.txt", "w=0.42"))
            with
            {
                Outputs = ValueMap.From([new KeyValuePair<string, JobOutput>("model", new JobOutput { Type = PortType.UriFolder })]),
            };

        var submitted = await session.Client.SubmitAsync(job);
        var finished = await session.Client.WaitForCompletionAsync(submitted.Name).WaitAsync(Bound);

        finished.Status.Should().Be(JobStatus.Completed);
        (await ReadAsync(Container(session.Emulator, session.Emulator.BlobContainerName), "azureml/trains/model/model.txt")).Should().Be("w=0.42");
        (await ReadAsync(Container(session.Emulator, "azureml"), "ExperimentRun/dcid.trains/user_logs/std_log.txt")).Should().Contain("training");
    }

    [Test]
    public async Task A_failing_script_ends_Failed_and_the_job_carries_its_error_and_exit_code()
    {
        await using var session = await EmulatorSession.StartAsync();
        var job = Job(session, "fails", "bash fail.sh", ("fail.sh", "echo about to fail; echo 'ValueError: bad learning rate' 1>&2; exit 3"));

        await session.Client.SubmitAsync(job);
        var finished = await session.Client.WaitForCompletionAsync("fails").WaitAsync(Bound);

        finished.Status.Should().Be(JobStatus.Failed);
        // The ARM job resource has no error field: the error comes from run history's details of the run, as a real
        // workspace serves it, both in the job and in the stream's final status.
        finished.Error.Should().NotBeNull();
        finished.Error!.Code.Should().Be(JobErrorCode.UserError);
        finished.Error.Message.Should().Contain("3");
        var details = session.Emulator.RequestLog.Last(e => e.Url.Contains("/runs/fails/details", StringComparison.Ordinal)).ResponseBody!;
        details["error"]!["error"]!["code"]!.GetValue<string>().Should().Be("UserError");
        var events = new List<JobEvent>();
        await foreach (var e in session.Client.StreamAsync("fails").WithCancellation(new CancellationTokenSource(Bound).Token)) events.Add(e);
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Should().BeEquivalentTo(new { Status = JobStatus.Failed, Error = finished.Error });
        // The emulator also keeps them in the job's properties.
        finished.Definition.Properties.Should().ContainKey("emulator.exitCode").WhoseValue.Should().Be("3");
        finished.Definition.Properties["emulator.error.message"].Should().Contain("3");
        (await ReadAsync(Container(session.Emulator, "azureml"), "ExperimentRun/dcid.fails/user_logs/std_log.txt")).Should().Contain("ValueError: bad learning rate");
    }

    [Test]
    public async Task Cancel_of_a_running_job_ends_Canceled_and_its_processes_are_gone()
    {
        await using var session = await EmulatorSession.StartAsync();
        var job = Job(session, "sleeps", "bash slow.sh", ("slow.sh", "sleep 300 & echo $! > sleep.pid; wait"));
        await session.Client.SubmitAsync(job);
        var pidFile = Path.Combine(session.Emulator.DataDirectory, "local", "jobs", "sleeps", "code", "sleep.pid");
        using (var started = new CancellationTokenSource(Bound))
        {
            // The job writes the pid of its child; the client's own view says Running by then.
            while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0) || (await session.Client.GetAsync("sleeps", started.Token)).Status != JobStatus.Running)
            {
                await Task.Yield();
                started.Token.ThrowIfCancellationRequested();
            }
        }
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        IsAlive(pid).Should().BeTrue("the job's child runs");

        var canceled = await session.Client.CancelAsync("sleeps").WaitAsync(Bound);

        canceled.Status.Should().Be(JobStatus.Canceled);
        IsAlive(pid).Should().BeFalse("cancel waits until the job's processes are gone");
    }

    /// <summary>Whether a process runs; a zombie (ended, not yet reaped by its parent) counts as gone.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
