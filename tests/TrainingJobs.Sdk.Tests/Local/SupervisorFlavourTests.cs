using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// Both supervisors run a job end to end: the JIT one (always; it is the fallback where no native build exists)
/// and the native one (when test.sh published it, <see cref="TestSupervisors.Variable"/>). The process that runs is
/// the one asked for: <c>dotnet</c> for the dll, the executable itself for the native one.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class SupervisorFlavourTests
{
    [Test]
    public async Task The_jit_supervisor_runs_a_job_through_the_dotnet_host()
    {
        var (job, executable) = await RunAsync(TestSupervisors.Jit);

        job.Status.Should().Be(JobStatus.Completed);
        Path.GetFileName(executable).Should().Be("dotnet");
    }

    [Test]
    public async Task The_native_supervisor_runs_a_job_as_itself()
    {
        Assume.That(TestSupervisors.Native, Is.Not.Null, $"no native supervisor: test.sh publishes one and sets {TestSupervisors.Variable}");

        var (job, executable) = await RunAsync(TestSupervisors.Native!);

        job.Status.Should().Be(JobStatus.Completed);
        executable.Should().Be(Path.GetFullPath(TestSupervisors.Native!));
    }

    [Test]
    public void A_dll_is_started_by_the_dotnet_host_and_anything_else_as_itself()
    {
        var jit = SupervisorLauncher.Program("/app/TrainingJobs.Supervisor.dll");
        jit.Should().HaveCount(3);
        Path.GetFileName(jit[0]).Should().Be("dotnet");
        jit.Skip(1).Should().Equal("exec", "/app/TrainingJobs.Supervisor.dll");
        SupervisorLauncher.Program("/app/trainingjobs-supervisor/native/linux-x64/TrainingJobs.Supervisor").Should()
            .Equal("/app/trainingjobs-supervisor/native/linux-x64/TrainingJobs.Supervisor");
    }

    /// <summary>Runs a job that records its supervisor's executable (its parent's /proc/&lt;pid&gt;/exe), then waits for it.</summary>
    private static async Task<(Job Job, string Executable)> RunAsync(string supervisor)
    {
        await using var ws = new TempWorkspace();
        ws.Options.SupervisorPath = supervisor;
        var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(ws.Options));
        // The job's shell is a child of the supervisor (its rank process), so its parent's exe is the supervisor's.
        var job = await client.SubmitAsync(new CommandJob { Command = "readlink /proc/$PPID/exe > supervisor-exe.txt; echo done" });
        using var timeout = new CancellationTokenSource(TempWorkspace.Patience);
        var done = await client.WaitForCompletionAsync(job.Name, timeout.Token);
        var executable = (await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "code", "supervisor-exe.txt"))).Trim();
        return (done, executable);
    }
}
