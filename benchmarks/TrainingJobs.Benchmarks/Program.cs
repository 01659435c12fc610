using BenchmarkDotNet.Running;
using TrainingJobs.Benchmarks.Streaming;

namespace TrainingJobs.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- --filter '*'</c>;
/// the end-to-end streaming figures with <c>-- streaming</c>; the HTTP requests of an Azure ML submit whose code is
/// unchanged with <c>-- azure-submit</c>; parallel versus one-at-a-time Azure downloads with <c>-- azure-download</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["streaming", ..]) return await StreamingEndToEnd.RunAsync();
        if (args is ["azure-submit", ..]) return await AzureSubmit.SubmitRequestCount.RunAsync();
        if (args is ["azure-download", ..]) return await AzureDownload.ParallelDownload.RunAsync(args);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
