using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Building;

public class BuildAggregationTests
{
    [Test]
    public void Build_lists_every_error_of_a_pipeline_with_its_path_in_one_exception()
    {
        var data = Input.UriFolder("data");
        var model = Output.UriFolder("model");
        var train = new CommandJobBuilder().WithCommand($"python train.py --data {data} --out {model}").WithEnvironment("azureml:env:1").AsStep("train");
        var scoreA = Input.UriFolder("a");
        var scoreB = Input.UriFolder("b");
        var score = new CommandJobBuilder().WithCommand($"python score.py {scoreA} {scoreB}").WithEnvironment("azureml:env:1").AsStep("score")
            .WithInput(scoreA, train.Output("weights"))
            .WithInput(scoreB, train.Output("metrics"));
        var orphan = new CommandJobBuilder().WithCommand($"python x.py {Input.UriFolder("in")}").WithEnvironment("azureml:env:1").AsStep("orphan")
            .WithInput("in", new CommandJobBuilder().AsStep("ghost").Output("out"));

        var act = () => new PipelineJobBuilder().WithSteps(train, score, orphan, train).Build();

        var exception = act.Should().Throw<JobValidationException>().Which;
        exception.Errors.Select(e => e.Path).Should().Contain(
        [
            "jobs.score.inputs.a", "jobs.score.inputs.b", "jobs.orphan.inputs.in", "jobs.train",
        ]);
        foreach (var error in exception.Errors)
        {
            exception.Message.Should().Contain(error.Path);
        }
    }

    [Test]
    public void Build_aggregates_errors_from_every_level_of_nested_builders()
    {
        var a = Input.Number("lr", 0.1);
        var b = Input.Number("lr", 0.2);
        var conflicted = new CommandJobBuilder().WithCommand($"python train.py {a} {b}").WithEnvironment("azureml:env:1");
        var sweep = new SweepJobBuilder().WithTrial(conflicted).WithObjective("accuracy", Goal.Maximize);
        var pipeline = new PipelineJobBuilder().WithSteps(conflicted.AsStep("first"), sweep.AsStep("tune"));

        var act = () => pipeline.Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Select(d => (d.Code, d.Path)).Should().Contain(new[]
        {
            (BuilderDiagnosticCodes.ConflictingHandles, "jobs.first.inputs.lr"),
            (BuilderDiagnosticCodes.ConflictingHandles, "jobs.tune.trial.inputs.lr"),
            (BuilderDiagnosticCodes.MissingRequiredPart, "jobs.tune.sampling_algorithm"),
        });
    }

    [Test]
    public void Build_lists_validator_findings_next_to_builder_findings()
    {
        var sweep = new SweepJobBuilder().WithTrial(new CommandJobBuilder().WithCommand(string.Empty));
        var root = new CommandJobBuilder().WithOutput(Output.UriFolder("model"));

        var sweepErrors = sweep.Validate().Where(d => d.IsError).Select(d => d.Path).ToList();
        var rootErrors = root.Validate().Where(d => d.IsError).Select(d => d.Path).ToList();

        sweepErrors.Should().Contain(["sampling_algorithm", "objective"]);
        rootErrors.Should().Contain("command", "the validator's own finding (a command job needs a command) is listed");
    }

    [Test]
    public void A_problem_the_validator_reports_at_the_same_path_is_listed_once()
    {
        var context = new BuilderContext();
        context.Error("TJ0902", "builder view", "jobs.score.inputs.model");
        context.Error("TJ0904", "builder only", "jobs.train");

        var merged = context.Merge([new Diagnostic("TJ0006", DiagnosticSeverity.Error, "validator view", "jobs.score.inputs.model")]);

        merged.Select(d => d.Code).Should().Equal("TJ0006", "TJ0904");
    }

    [Test]
    public void Validator_findings_about_a_placeholder_are_dropped_and_errors_come_first()
    {
        var context = new BuilderContext();
        context.PlaceholderPaths.Add("trial");

        var merged = context.Merge(
        [
            new Diagnostic("TJ0100", DiagnosticSeverity.Warning, "w", "environment"),
            new Diagnostic("TJ0001", DiagnosticSeverity.Error, "placeholder", "trial.command"),
            new Diagnostic("TJ0001", DiagnosticSeverity.Error, "real", "trials"),
        ]);

        merged.Select(d => d.Message).Should().Equal("real", "w");
    }
}
