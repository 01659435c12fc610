using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// A local job gets a clean environment, as on Azure ML: its declared variables, the ones the backend sets, and a short
/// allow-list needed to run (PATH, HOME, locale...) — not the submitter's whole shell with its tokens and credentials.
/// Setting variables changes this test process's environment, which every supervisor inherits, so it runs alone.
/// </summary>
[NonParallelizable]
public class HostileEnvironmentTests
{
    private const string Sentinel = "sentinel-submitter-secret-7c1f";

    // Variables the job's own shell, or the backend (as Azure ML does), sets whatever the job inherited.
    private static readonly HashSet<string> SetForTheJob = new(StringComparer.Ordinal) { "PWD", "OLDPWD", "SHLVL", "_", "PYTHONUNBUFFERED" };

    [Test]
    public async Task The_submitters_variables_do_not_reach_the_job_only_the_allow_list_and_its_own()
    {
        Environment.SetEnvironmentVariable("SUBMITTER_SECRET_XYZ", Sentinel);
        try
        {
            await using var ws = new TempWorkspace();
            var job = await ws.Client.SubmitAsync(new CommandJob
            {
                Command = "echo \"secret=${SUBMITTER_SECRET_XYZ-unset} path=$PATH declared=$DECLARED\"; env -0 > outputs/env",
                EnvironmentVariables = ValueMap.Of(("DECLARED", "kept")),
            });

            var done = await ws.WaitAsync(job.Name);

            done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
            var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt"));
            log.Should().Be($"secret=unset path={Environment.GetEnvironmentVariable("PATH")} declared=kept\n");
            var jobVariables = (await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "outputs", "env")))
                .Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(e => e[..e.IndexOf('=', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
            var inherited = Environment.GetEnvironmentVariables().Keys.Cast<string>()
                .Where(name => jobVariables.Contains(name) && !SetForTheJob.Contains(name));
            inherited.Should().OnlyContain(name => InheritedEnvironment.Keeps(name), "only the allow-list of the submitter's environment reaches the job");
            jobVariables.Should().NotContain("SUBMITTER_SECRET_XYZ");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SUBMITTER_SECRET_XYZ", null);
        }
    }
}
