using BenchmarkDotNet.Attributes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Benchmarks;

/// <summary>Cost of validating a small command job (the floor every submit pays).</summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private readonly CommandJob _job = new()
    {
        Command = "python train.py --lr ${{inputs.lr}}",
        Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Value = 0.1 })),
    };

    [Benchmark]
    public int ValidateCommandJob() => _job.Validate().Count;
}
