using System.Diagnostics;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>A recorded process group is signalled only while its number still names the job's group (pids wrap).</summary>
public class RecordedProcessGroupTests
{
    [Test]
    public void The_workspace_form_round_trips_and_skips_what_it_cannot_read()
    {
        RecordedProcessGroup[] groups = [new(4242, 987654), new(77, null)];

        var text = RecordedProcessGroup.Format(groups);

        text.Should().Be("4242:987654,77");
        RecordedProcessGroup.ParseList(text).Should().Equal(groups);
        RecordedProcessGroup.ParseList("12,x,-3,:5, 9:oops").Should().Equal(new RecordedProcessGroup(12, null), new RecordedProcessGroup(9, null));
        RecordedProcessGroup.ParseList(null).Should().BeEmpty();
    }

    [Test]
    public async Task A_group_whose_number_now_leads_another_process_is_left_alone_and_the_recorded_one_is_killed()
    {
        // A real group leader (setsid makes pid == process group), standing in for a stranger that reused the number.
        using var leader = Process.Start(new ProcessStartInfo("/usr/bin/setsid", ["sleep", "30"]))!;
        try
        {
            await Eventually.HoldsAsync(() => ProcessInfo.ProcessGroup(leader.Id) == leader.Id, "setsid made the process a group leader");
            var start = ProcessInfo.StartTime(leader.Id)!.Value;

            RecordedProcessGroup.KillAll([new RecordedProcessGroup(leader.Id, start - 1)]);
            leader.WaitForExit(TimeSpan.FromMilliseconds(300)).Should().BeFalse("a group recorded with another leader start time is not the job's");

            RecordedProcessGroup.KillAll([new RecordedProcessGroup(leader.Id, start)]);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await leader.WaitForExitAsync(patience.Token);
            leader.ExitCode.Should().Be(137, "SIGKILL reached the recorded group");
        }
        finally
        {
            if (!leader.HasExited) leader.Kill();
        }
    }
}
