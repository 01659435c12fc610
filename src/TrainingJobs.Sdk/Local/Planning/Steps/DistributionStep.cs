using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>
/// Turns the job's distribution and instance count into the processes the supervisor starts, and refuses a count
/// beyond <see cref="ProcessCountLimit"/> (every rank is a real process on this one machine).
/// </summary>
internal static class DistributionStep
{
    /// <summary>The processes to start: the distribution type, how many in all, per instance, and TensorFlow parameter servers.</summary>
    public sealed record ProcessLayout(PlannedDistributionType Type, int ProcessCount, int ProcessesPerInstance, int ParameterServerCount);

    /// <summary>The layout, with this machine's limit.</summary>
    public static ProcessLayout Plan(PlanningContext context) => Plan(context, ProcessCountLimit.ForThisMachine());

    /// <summary>The layout; a count above <paramref name="processLimit"/> is reported as an error.</summary>
    public static ProcessLayout Plan(PlanningContext context, int processLimit)
    {
        var job = context.Job;
        var instances = Math.Max(1, job.Resources?.InstanceCount ?? 1);
        var (type, perInstance, parameterServers) = job.Distribution switch
        {
            PyTorchDistribution p => (PlannedDistributionType.PyTorch, Math.Max(1, p.ProcessCountPerInstance ?? 1), 0),
            MpiDistribution m => (PlannedDistributionType.Mpi, Math.Max(1, m.ProcessCountPerInstance ?? 1), 0),
            TensorFlowDistribution t => (PlannedDistributionType.TensorFlow, Math.Max(1, t.WorkerCount ?? instances), Math.Max(0, t.ParameterServerCount ?? 0)),
            _ => (PlannedDistributionType.None, 1, 0),
        };
        // TensorFlow counts workers across the job; the others count processes on each instance.
        var planned = type == PlannedDistributionType.TensorFlow ? (long)perInstance + parameterServers : (type == PlannedDistributionType.None ? 1 : (long)perInstance * instances);
        if (planned > processLimit)
        {
            context.Error(LocalDiagnosticCodes.TooManyProcesses, "distribution",
                $"The job would start {planned} processes ({(type == PlannedDistributionType.TensorFlow ? "workers + parameter servers" : "instances × processes per instance")}); " +
                $"a local job runs at most {processLimit} ({ProcessCountLimit.Explain(processLimit)}).");
        }
        var processCount = (int)Math.Min(planned, int.MaxValue);
        return new ProcessLayout(type, processCount, type == PlannedDistributionType.TensorFlow ? processCount : perInstance, parameterServers);
    }
}
