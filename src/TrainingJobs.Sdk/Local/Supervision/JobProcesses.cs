using System.Diagnostics;
using System.Text.Json;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Starts a job's processes (one per rank), each in its own session and process group and in the job's cgroup when it
/// has one (<see cref="JobContainment"/>, which also stops them), with its output going straight to the rank's log
/// file. A rank is one <c>posix_spawn</c> of the shell (<see cref="RankSpawn"/>); with a cgroup, of <c>/bin/sh</c>, which
/// joins the group and then execs the shell, so nothing of the job ever runs outside it. Where the libc cannot, the
/// older chain <c>sh</c> → <c>setsid</c> → shell started as a <see cref="Process"/>.
/// </summary>
internal sealed class JobProcesses
{
    private readonly List<(int Rank, int Pid, Task<int> Exit, RecordedProcessGroup Group)> _ranks = [];

    private JobProcesses()
    {
    }

    /// <summary>The process group of each rank, with its leader's start time.</summary>
    public IReadOnlyList<RecordedProcessGroup> Groups => [.. _ranks.Select(r => r.Group)];

    /// <summary>The pid of each rank (a child of ours that is waited for by its pid alone: no reaper may take it).</summary>
    public IReadOnlyList<int> Pids => [.. _ranks.Select(r => r.Pid)];

    /// <summary>The log file of each rank, relative to the artifacts folder.</summary>
    public static string LogFile(LocalJobPlan plan, int rank) =>
        plan.ProcessCount == 1 ? "user_logs/std_log.txt" : $"user_logs/std_log_process_{rank}.txt";

    /// <summary>
    /// Starts every rank, calling <paramref name="onStarted"/> with the groups so far as soon as each rank runs (so they
    /// are recorded before anything else can fail). When a rank cannot start, the ranks already started are killed.
    /// With <paramref name="joinFile"/> (a cgroup's <c>cgroup.procs</c>), each rank moves into the group before it runs
    /// the command, so nothing it starts is ever outside it; a rank that cannot join exits 125 and says why in its log.
    /// </summary>
    public static JobProcesses Start(LocalJobPlan plan, string artifactsFolder, IReadOnlyDictionary<string, string> environment,
        string? joinFile, Action<IReadOnlyList<RecordedProcessGroup>> onStarted)
    {
        var processes = new JobProcesses();
        try
        {
            processes.StartRanks(plan, artifactsFolder, environment, joinFile, onStarted);
            return processes;
        }
        catch
        {
            RecordedProcessGroup.KillAll(processes.Groups);
            throw;
        }
    }

    private void StartRanks(LocalJobPlan plan, string artifactsFolder, IReadOnlyDictionary<string, string> environment, string? joinFile,
        Action<IReadOnlyList<RecordedProcessGroup>> onStarted)
    {
        var shell = File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";
        var masterPort = Mlflow.MlflowServer.FreeLoopbackPort();
        var tfPorts = plan.DistributionType == PlannedDistributionType.TensorFlow ? Enumerable.Range(0, plan.ProcessCount).Select(_ => Mlflow.MlflowServer.FreeLoopbackPort()).ToArray() : [];
        for (var rank = 0; rank < plan.ProcessCount; rank++)
        {
            var log = Path.Combine(artifactsFolder, LogFile(plan, rank));
            // Shared, not File.Create's exclusive open: on Linux .NET backs FileShare with flock, so an exclusive open
            // fails while a reader (a stream that found the file a moment early) holds it, and the job would not start.
            using (new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }
            if (plan.ProcessCount > 1 && rank == 0)
            {
                // Rank 0's log is also std_log.txt, as on Azure ML: a link, so both names show the same bytes.
                var single = Path.Combine(artifactsFolder, "user_logs", "std_log.txt");
                if (!Path.Exists(single)) File.CreateSymbolicLink(single, Path.GetFileName(log));
            }
            // A clean environment, as on Azure ML: the allow-list, then the job's own variables (MLflow ones included).
            var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables()) variables[(string)entry.Key] = (string?)entry.Value;
            InheritedEnvironment.Clean(variables);
            foreach (var (key, value) in environment) variables[key] = value;
            foreach (var (key, value) in RankVariables(plan, rank, masterPort, tfPorts)) variables[key] = value;
            int pid;
            Task<int> exit;
            // Started and registered under the reapers' lock: a rank that exits at once must not be taken for an orphan
            // by the reaper of another job this process supervises (a pipeline's steps), which would steal its exit code.
            lock (OrphanReaper.StartLock)
            {
                // Without a cgroup the shell is the one exec. With one, /bin/sh joins it first ($2), then execs the shell
                // ($0) with the command ($1): a process cannot be spawned into a cgroup without clone3, and writing the
                // pid after the spawn would leave the job a moment to fork outside its group.
                // A command that is one program and its words skips bash (DirectCommand): sh execs the program itself.
                var direct = joinFile is not null && shell == "/bin/bash" ? DirectCommand.Resolve(plan.ExecutedCommand, variables) : null;
                if (direct is not null)
                {
                    foreach (var (key, value) in direct.Variables) variables[key] = value;
                }
                string[] arguments = joinFile is null
                    ? [shell, "-c", plan.ExecutedCommand]
                    : direct is not null
                        ? ["/bin/sh", "-c", JoinAndExecScript, joinFile, .. direct.Words]
                        : ["/bin/sh", "-c", JoinScript, shell, plan.ExecutedCommand, joinFile];
                if (RankSpawn.TrySpawn(arguments, variables!, plan.WorkingDirectory, log) is { } spawned)
                {
                    pid = spawned;
                    OrphanReaper.RegisterRank(pid);
                    exit = RankSpawn.WaitForExitAsync(pid);
                }
                else
                {
                    var process = StartWithSetsid(plan, log, joinFile, shell, variables!);
                    OrphanReaper.RegisterRank(process.Id);
                    (pid, exit) = (process.Id, ExitOf(process));
                }
            }
            // pid == process group (see above); its start time tells the group from a later one with a reused number.
            _ranks.Add((rank, pid, exit, new RecordedProcessGroup(pid, ProcessInfo.StartTime(pid))));
            onStarted(Groups);
        }
    }

    /// <summary>The <c>sh -c</c> script that joins the job's cgroup: <c>$0</c> shell, <c>$1</c> command, <c>$2</c> cgroup.procs.</summary>
    private const string JoinScript =
        "if ! echo $$ >\"$2\"; then echo \"trainingjobs: the rank could not join the job's cgroup ($2); it did not run.\"; exit 125; fi; " +
        "exec \"$0\" -c \"$1\"";

    /// <summary>
    /// The <c>sh -c</c> script that joins the job's cgroup and then execs a <see cref="DirectCommand"/>'s program:
    /// <c>$0</c> cgroup.procs, <c>"$@"</c> the command's words (sh finds the program on <c>PATH</c> as bash would).
    /// </summary>
    private const string JoinAndExecScript =
        "if ! echo $$ >\"$0\"; then echo \"trainingjobs: the rank could not join the job's cgroup ($0); it did not run.\"; exit 125; fi; " +
        "exec \"$@\"";

    /// <summary>The fallback where <see cref="RankSpawn"/> cannot: <c>sh</c> → <c>setsid</c> → shell, as a <see cref="Process"/>.</summary>
    private static Process StartWithSetsid(LocalJobPlan plan, string log, string? joinFile, string shell, IDictionary<string, string> variables)
    {
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
                     ?? throw new InvalidOperationException("The local backend needs the 'setsid' program (util-linux) to give each job its own process group.");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = plan.WorkingDirectory };
        // exec keeps the pid: setsid (not a group leader here, so it does not fork) makes pid == process group. The
        // shell joins the job's cgroup ($4) first, before anything of the job runs: nothing can be forked outside it.
        foreach (var argument in new[] { "-c", RankScript, setsid, shell, plan.ExecutedCommand, log, joinFile ?? "" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (key, value) in variables) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    private static async Task<int> ExitOf(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>The fallback rank's <c>sh -c</c> script: <c>$0</c> setsid, <c>$1</c> shell, <c>$2</c> command, <c>$3</c> log, <c>$4</c> cgroup.procs or empty.</summary>
    private const string RankScript =
        "exec >>\"$3\" 2>&1 </dev/null; " +
        "if [ -n \"$4\" ] && ! echo $$ >\"$4\"; then echo \"trainingjobs: the rank could not join the job's cgroup ($4); it did not run.\"; exit 125; fi; " +
        "exec \"$0\" \"$1\" -c \"$2\"";

    /// <summary>The variables the framework launchers set for a rank.</summary>
    public static Dictionary<string, string> RankVariables(LocalJobPlan plan, int rank, int masterPort, int[] tfPorts)
    {
        var perInstance = Math.Max(1, plan.ProcessesPerInstance);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (plan.DistributionType == PlannedDistributionType.None) return variables;
        string S(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        variables["RANK"] = S(rank);
        variables["LOCAL_RANK"] = S(rank % perInstance);
        variables["WORLD_SIZE"] = S(plan.ProcessCount);
        variables["LOCAL_WORLD_SIZE"] = S(perInstance);
        variables["NODE_RANK"] = S(rank / perInstance);
        variables["GROUP_RANK"] = S(rank / perInstance);
        variables["MASTER_ADDR"] = "127.0.0.1";
        variables["MASTER_PORT"] = S(masterPort);
        if (plan.DistributionType == PlannedDistributionType.Mpi)
        {
            variables["OMPI_COMM_WORLD_RANK"] = S(rank);
            variables["OMPI_COMM_WORLD_SIZE"] = S(plan.ProcessCount);
            variables["OMPI_COMM_WORLD_LOCAL_RANK"] = S(rank % perInstance);
            variables["OMPI_COMM_WORLD_LOCAL_SIZE"] = S(perInstance);
            variables["OMPI_COMM_WORLD_NODE_RANK"] = S(rank / perInstance);
            variables["PMI_RANK"] = S(rank);
            variables["PMI_SIZE"] = S(plan.ProcessCount);
        }
        if (plan.DistributionType == PlannedDistributionType.TensorFlow)
        {
            var workers = plan.ProcessCount - plan.ParameterServerCount;
            var cluster = new Dictionary<string, string[]>
            {
                ["worker"] = tfPorts.Take(workers).Select(p => "127.0.0.1:" + S(p)).ToArray(),
            };
            if (plan.ParameterServerCount > 0) cluster["ps"] = tfPorts.Skip(workers).Select(p => "127.0.0.1:" + S(p)).ToArray();
            var task = rank < workers ? ("worker", rank) : ("ps", rank - workers);
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartObject("cluster");
                foreach (var (role, addresses) in cluster)
                {
                    json.WriteStartArray(role);
                    foreach (var address in addresses) json.WriteStringValue(address);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
                json.WriteStartObject("task");
                json.WriteString("type", task.Item1);
                json.WriteNumber("index", task.Item2);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            variables["TF_CONFIG"] = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        return variables;
    }

    /// <summary>Waits until every rank has exited; returns (rank, exit code) of the first rank that failed, else rank 0's.</summary>
    public async Task<(int Rank, int ExitCode)> WaitAllAsync(Func<Task> onFirstFailure, CancellationToken cancellationToken)
    {
        var pending = _ranks.Select(r => (r.Rank, Task: r.Exit.WaitAsync(cancellationToken))).ToList();
        (int Rank, int ExitCode)? firstFailure = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending.Select(p => p.Task)).ConfigureAwait(false);
            var exitCode = await done.ConfigureAwait(false);
            var finished = pending.First(p => p.Task == done);
            pending.Remove(finished);
            if (exitCode != 0 && firstFailure is null)
            {
                firstFailure = (finished.Rank, exitCode);
                // One rank failed: the others would wait for it forever (collectives), so stop them.
                if (pending.Count > 0) await onFirstFailure().ConfigureAwait(false);
            }
        }
        return firstFailure ?? (0, await _ranks.First(r => r.Rank == 0).Exit.ConfigureAwait(false));
    }
}
