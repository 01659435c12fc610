using BenchmarkDotNet.Attributes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Benchmarks;

/// <summary>Cost of validating a large pipeline: 50 chained steps, each running a component, with long commands.</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private PipelineJob _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        var component = new ComponentDefinition
        {
            Name = "stage",
            Version = "1",
            Body = new CommandJob
            {
                Command = string.Concat(Enumerable.Repeat("python stage.py --in ${{inputs.data}} $[[--lr ${{inputs.lr}}]] --out ${{outputs.result}} && ", 20)) + "echo done",
                Environment = new EnvironmentReference("azureml:stage-env:3"),
                EnvironmentVariables = ValueMap.Of(("LOG_LEVEL", "INFO"), ("ENDPOINT", "https://example.com/api?x=1")),
                Inputs = ValueMap.Of<JobInput>(
                    ("data", new AssetInput { Type = AssetType.UriFolder }),
                    ("lr", new LiteralInput { Type = LiteralType.Number, Optional = true, Min = 0, Max = 1 })),
                Outputs = ValueMap.Of(("result", new JobOutput { Type = "uri_folder" })),
            },
        };
        var steps = Enumerable.Range(0, 50).Select(i => new KeyValuePair<string, PipelineStep>($"stage_{i}", new PipelineStep
        {
            Job = new CommandJob
            {
                Inputs = ValueMap.Of<JobInput>(
                    ("data", new BindingInput { Expression = i == 0 ? "${{parent.inputs.raw}}" : $"${{{{parent.jobs.stage_{i - 1}.outputs.result}}}}" }),
                    ("lr", new LiteralInput { Value = 0.01 })),
            },
            Component = new ComponentReference { Reference = "file:./stage.yml", Definition = component },
        }));
        _pipeline = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("raw", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:raw:1" })),
            Steps = ValueMap.From(steps),
        };
    }

    [Benchmark]
    public int ValidateFiftyStepPipeline() => _pipeline.Validate().Count;
}
