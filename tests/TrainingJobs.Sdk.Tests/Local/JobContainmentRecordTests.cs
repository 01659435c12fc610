using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The containment a job records (in its process-groups text) is read back by any process, a row of an older version
/// still yields its groups, and a recorded cgroup path is used only if it is one this backend makes.
/// </summary>
public class JobContainmentRecordTests
{
    [Test]
    public void A_record_without_a_cgroup_round_trips_its_token_deadline_and_groups_and_old_readers_still_see_the_groups()
    {
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var written = JobContainment.Create("/tmp/ws-" + Guid.NewGuid().ToString("N"), "job-1", ContainmentPreference.Processes, deadline);
        written.Track([new RecordedProcessGroup(4242, 987654), new RecordedProcessGroup(77, null)]);

        var record = written.Record();
        var read = JobContainment.FromRecord(record);

        read.Mechanism.Should().Be(ContainmentMechanism.ProcessToken);
        read.Token.Should().Be(written.Token).And.MatchRegex("^[0-9a-f]{32}$");
        read.Deadline.Should().Be(deadline);
        RecordedProcessGroup.ParseList(record).Should().Equal(new RecordedProcessGroup(4242, 987654), new RecordedProcessGroup(77, null));
    }

    [Test]
    public void A_recorded_cgroup_is_found_again_by_a_reader_and_removed_with_its_workspace_folder()
    {
        var written = JobContainment.Create("/tmp/ws-" + Guid.NewGuid().ToString("N"), "job-1", ContainmentPreference.Automatic, null);
        try
        {
            if (written.CgroupPath is null) Assert.Ignore("This machine has no writable cgroup: " + written.Description);

            var read = JobContainment.FromRecord(written.Record());

            read.Mechanism.Should().Be(written.Mechanism);
            read.CgroupPath.Should().Be(written.CgroupPath);
            read.LiveProcesses().Should().BeEmpty("no rank joined it");
            read.Remove();
            Directory.Exists(written.CgroupPath).Should().BeFalse();
            Directory.Exists(Path.GetDirectoryName(written.CgroupPath)).Should().BeFalse("the workspace's parent group goes with its last job");
            JobContainment.FromRecord(written.Record()).Mechanism.Should().Be(written.Mechanism, "the record still says what the job used");
        }
        finally
        {
            written.Remove();
        }
    }

    [Test]
    public void A_row_of_an_older_version_holds_groups_only()
    {
        var read = JobContainment.FromRecord("4242:987654,77");

        read.Mechanism.Should().Be(ContainmentMechanism.ProcessToken);
        read.CgroupPath.Should().BeNull();
        read.Token.Should().BeNull();
        read.Deadline.Should().BeNull();
    }

    [TestCase("containment=cgroup2:%2Fsys%2Ffs%2Fcgroup%2Funified")]
    [TestCase("containment=cgroup2:%2Fsys%2Ffs%2Fcgroup%2Funified%2Fsystem.slice%2Fsshd.service")]
    [TestCase("containment=cgroup2:%2Fsys%2Ffs%2Fcgroup%2Funified%2Ftrainingjobs-x%2F..%2F..%2Funified")]
    [TestCase("containment=cgroup1:%2Fetc%2Ftrainingjobs-x%2Fjob")]
    [TestCase("containment=cgroup2:relative%2Ftrainingjobs-x%2Fjob")]
    public void A_recorded_cgroup_that_this_backend_did_not_make_is_never_used(string record)
    {
        JobContainment.FromRecord(record + ",token=00112233445566778899aabbccddeeff").CgroupPath.Should().BeNull(
            "a reader kills what a recorded cgroup holds, so it must be a job folder under a trainingjobs-* folder on a cgroup mount");
    }

    [TestCase(2, null, 256)]
    [TestCase(64, null, 1024)]
    [TestCase(2, 200L, 100)]
    [TestCase(64, 100_000L, 1024)]
    public void The_process_limit_is_max_of_256_and_16_per_core_and_at_most_half_the_user_process_limit(int cores, long? nproc, int expected)
    {
        ProcessCountLimit.Compute(cores, nproc).Should().Be(expected);
    }
}
