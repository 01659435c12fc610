using System.Diagnostics;
using System.Text;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary><c>/proc/PID/stat</c> as the supervisor parses it: state, parent, process group and start time.</summary>
public class ProcessInfoTests
{
    private static (char State, int Parent, int ProcessGroup, long StartTime)? Parse(string line) => ProcessInfo.ParseStat(Encoding.UTF8.GetBytes(line));

    [Test]
    public void A_stat_line_gives_its_state_parent_group_and_start_time_even_when_the_command_name_holds_spaces_and_parentheses()
    {
        const string tail = " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 123456789 4096 12 18446744073709551615\n";

        Parse("4242 (python3) S 17 4242" + tail).Should().Be(('S', 17, 4242, 123456789L));
        // A job names its own processes: ") T 1 1" inside the name must not be read as fields.
        Parse("4243 (evil) T 1 1 (x) R 99 4243" + tail).Should().Be(('R', 99, 4243, 123456789L));
    }

    [Test]
    public void A_line_that_is_cut_short_or_holds_no_number_where_one_belongs_gives_nothing()
    {
        Parse("4242 (python3) S 17 4242 0 0").Should().BeNull();
        Parse("4242 (python3) S x 4242 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 2 3").Should().BeNull();
        Parse("4242 (python3) S 17 4242 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 12a 2 3").Should().BeNull();
        Parse("no parenthesis at all").Should().BeNull();
        Parse("1 (x)").Should().BeNull();
    }

    [Test]
    public void A_live_child_reads_as_alive_with_this_process_as_its_parent_and_not_after_it_is_reaped()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", ["30"]))!;
        try
        {
            var start = ProcessInfo.StartTime(child.Id);
            start.Should().NotBeNull();
            ProcessInfo.IsAlive(child.Id, start!.Value).Should().BeTrue();
            ProcessInfo.Scan().Should().Contain(p => p.Pid == child.Id && p.Parent == Environment.ProcessId && p.StartTime == start);
            child.Kill();
            child.WaitForExit();
            ProcessInfo.IsAlive(child.Id, start.Value).Should().BeFalse();
        }
        finally
        {
            if (!child.HasExited) child.Kill();
        }
    }
}
