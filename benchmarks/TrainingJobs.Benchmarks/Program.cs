using BenchmarkDotNet.Running;
using TrainingJobs.Benchmarks.Streaming;

namespace TrainingJobs.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- --filter '*'</c>;
/// the end-to-end streaming figures with <c>-- streaming</c>; the HTTP requests of an Azure ML submit whose code is
/// unchanged with <c>-- azure-submit</c>; the bytes an Azure log stream fetches (this SDK's byte ranges and azure-ai-ml's
/// whole-file polls, live on one job) with <c>-- azure-stream [MB] [seconds]</c>; Azure downloads, 8 blobs in flight
/// versus one at a time versus <c>curl --parallel</c>, over loopback and a modelled round trip, with
/// <c>-- azure-download [files] [bytes-per-file] [--rtt ms]</c>; a generated DAG of trivial steps as a local pipeline
/// versus GNU make at the same parallelism with <c>-- pipeline-dag [steps] [parallelism]</c>; <c>tj job create</c> of a
/// trivial local job versus a <c>python3</c> start with <c>-- cli-start [runs] [--tj PATH]</c>; the native supervisor
/// against the JIT one (resident memory while a job runs, start, submit → first log line) with <c>-- supervisor [native-path]</c>. Each prints its ratios
/// measured in one run. benchmarks/README.md lists them all.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["streaming", ..]) return await StreamingEndToEnd.RunAsync(logsOnly: args.Contains("--logs-only"));
        if (args is ["supervisor", ..]) return await Supervision.SupervisorFootprint.RunAsync(args);
        if (args is ["azure-submit", ..]) return await AzureSubmit.SubmitRequestCount.RunAsync();
        if (args is ["azure-stream", ..]) return await AzureStream.StreamedBytes.RunAsync(args);
        if (args is ["azure-download", ..]) return await AzureDownload.ParallelDownload.RunAsync(args);
        if (args is ["pipeline-dag", ..]) return await PipelineDag.PipelineVersusMake.RunAsync(args);
        if (args is ["cli-start", ..]) return await CliStart.CliStartup.RunAsync(args);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
