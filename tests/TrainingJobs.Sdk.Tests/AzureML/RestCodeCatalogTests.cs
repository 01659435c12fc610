using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Tests.Yaml;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>
/// For every REST face code (<see cref="RestDiagnosticCodes"/>), one definition or payload that raises it, at a
/// known path, and one close to it that does not. The table is the catalog: a code without a row fails
/// <see cref="Every_code_has_a_raising_case_or_is_a_listed_exception"/>.
/// </summary>
public sealed class RestCodeCatalogTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    private static CommandJob Train => new()
    {
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
    };

    /// <summary>Codes no input can raise through the public API (none today); a code listed here must have no row in <see cref="Cases"/>.</summary>
    private static readonly IReadOnlyList<string> KnownUnraisable = [];

    /// <summary>One row per code: what raises it, where (the diagnostic's path) and the close input that does not.</summary>
    private static readonly RestCase[] Cases =
    [
        // Writing a definition (JobDefinition → PUT body).
        new(RestDiagnosticCodes.UnresolvedLabel, DiagnosticSeverity.Warning, "environment",
            () => Write(Train with { Environment = new EnvironmentReference("azureml:sklearn@latest") }),
            () => Write(Train with { Environment = new EnvironmentReference("azureml:sklearn:3") })),
        new(RestDiagnosticCodes.PendingAsset, DiagnosticSeverity.Info, "code",
            () => Write(Train with { Code = "./src" }),
            () => Write(Train with { Code = "azureml:train-code:7" })),
        new(RestDiagnosticCodes.NotCarried, DiagnosticSeverity.Warning, "inputs.lr",
            () => Write(Train with { Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Value = 0.1, Min = 0 })) }),
            () => Write(Train with { Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Value = 0.1 })) })),
        new(RestDiagnosticCodes.LiteralTypeAmbiguous, DiagnosticSeverity.Warning, "inputs.version",
            () => Write(Train with { Inputs = ValueMap.Of<JobInput>(("version", new LiteralInput { Value = "10" })) }),
            () => Write(Train with { Inputs = ValueMap.Of<JobInput>(("version", new LiteralInput { Value = "v10" })) })),
        new(RestDiagnosticCodes.LocalCompute, DiagnosticSeverity.Warning, "compute",
            () => Write(Train with { Compute = "local" }),
            () => Write(Train with { Compute = "cpu-cluster" })),
        new(RestDiagnosticCodes.UnsupportedDefinition, DiagnosticSeverity.Error, "",
            () => Write(new ForeignKindJob(Train)),
            () => Write(Train)),
        new(RestDiagnosticCodes.ConflictingResources, DiagnosticSeverity.Warning, "trial.resources",
            () => Write(Sweep(onSweep: 4, onTrial: 1)),
            () => Write(Sweep(onSweep: 4, onTrial: 4))),

        // Reading a payload (GET body → JobDefinition).
        new(RestDiagnosticCodes.UnsupportedJobType, DiagnosticSeverity.Error, "jobType",
            () => Read(Resource(Train), p => p["jobType"] = "AutoML"),
            () => Read(Resource(Train), p => p["jobType"] = "Command")),
        new(RestDiagnosticCodes.InvalidPayload, DiagnosticSeverity.Error, "properties",
            () => Read(Resource(Train), remove: "properties"),
            () => Read(Resource(Train))),
        new(RestDiagnosticCodes.UnknownWireValue, DiagnosticSeverity.Warning, "identity",
            () => Read(Resource(Train), p => p["identity"] = new JsonObject { ["identityType"] = "WorkloadIdentity" }),
            () => Read(Resource(Train), p => p["identity"] = new JsonObject { ["identityType"] = "AMLToken" })),
        new(RestDiagnosticCodes.UnreadableStep, DiagnosticSeverity.Warning, "jobs.train",
            () => Read(Resource(Pipeline), p => p["jobs"]!["train"]!["type"] = "parallel"),
            () => Read(Resource(Pipeline), p => p["jobs"]!["train"]!["type"] = "command")),
        new(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, "limits.timeout",
            () => Read(Resource(Train), p => p["limits"] = new JsonObject { ["jobLimitsType"] = "Command", ["timeout"] = "1 hour" }),
            () => Read(Resource(Train), p => p["limits"] = new JsonObject { ["jobLimitsType"] = "Command", ["timeout"] = "PT1H" })),
        new(RestDiagnosticCodes.MalformedStep, DiagnosticSeverity.Error, "jobs.train",
            () => Read(Resource(Pipeline), p => p["jobs"]!["train"]!["type"] = 5),
            () => Read(Resource(Pipeline), p => p["jobs"]!["train"]!["type"] = "command")),
    ];

    /// <summary>A clean pipeline: with a compute at some level, as the Azure ML face requires ("Compute not set").</summary>
    private static PipelineJob Pipeline => new() { Compute = "azureml:cpu", Steps = ValueMap.Of(("train", new PipelineStep { Job = Train })) };

    private static SweepJob Sweep(int onSweep, int onTrial) => new()
    {
        Trial = Train with { Resources = new JobResources { InstanceCount = onTrial } },
        Resources = new JobResources { InstanceCount = onSweep },
        SamplingAlgorithm = new GridSamplingAlgorithm(),
        Objective = new SweepObjective("accuracy", Goal.Maximize),
    };

    private static IReadOnlyList<Diagnostic> Write(JobDefinition job) => JobRestMapper.ToRest(job, new RestMappingSession(Scope)).Diagnostics;

    /// <summary>A job resource as GET returns it, made from a clean definition.</summary>
    private static JsonObject Resource(JobDefinition job)
    {
        var payload = JobRestMapper.ToRest(job, new RestMappingSession(Scope));
        payload.HasErrors.Should().BeFalse("the starting definition is clean: {0}", string.Join("; ", payload.Diagnostics));
        return new JsonObject { ["id"] = Scope.JobId("job-1"), ["name"] = "job-1", ["properties"] = payload.Body["properties"]!.DeepClone() };
    }

    private static IReadOnlyList<Diagnostic> Read(JsonObject resource, Action<JsonObject>? change = null, string? remove = null)
    {
        change?.Invoke(resource["properties"]!.AsObject());
        if (remove is not null) resource.Remove(remove);
        return JobRestMapper.ReadJob(resource.ToJsonString()).Diagnostics;
    }

    private static IEnumerable<TestCaseData> Rows() => Cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Code));

    [TestCaseSource(nameof(Rows))]
    public void The_raising_input_reports_the_code_with_its_severity_and_path(RestCase row)
    {
        var diagnostic = row.Raise().Should().ContainSingle(d => d.Code == row.Code, "the input is the example of {0}", row.Code).Subject;

        diagnostic.Severity.Should().Be(row.Severity);
        diagnostic.Path.Should().Be(row.Path);
        diagnostic.Message.Should().NotBeNullOrWhiteSpace();
    }

    [TestCaseSource(nameof(Rows))]
    public void The_close_input_does_not_report_the_code(RestCase row)
    {
        var diagnostics = row.Near();

        diagnostics.Should().NotContain(d => d.Code == row.Code);
        diagnostics.Should().NotContain(d => d.IsError, "the close input converts");
    }

    /// <summary>
    /// TJ2001 is retired: a field the wire requires is reported by the validator's required-field rule (TJ0001), with
    /// the validator's message, so a definition has one diagnostic for one missing field whichever face reads it.
    /// </summary>
    [Test]
    public void A_missing_required_field_is_the_validators_TJ0001_with_the_validators_message()
    {
        var job = Train with { Command = " ", Environment = null };

        var written = Write(job).Where(d => d.IsError).ToList();
        var validated = job.Validate().Where(d => d.Code == ValidationCodes.RequiredFieldMissing).ToList();

        written.Select(d => (d.Code, d.Path)).Should().BeEquivalentTo(
            [(ValidationCodes.RequiredFieldMissing, "command"), (ValidationCodes.RequiredFieldMissing, "environment")]);
        written.Should().BeEquivalentTo(validated, "both faces call the one rule");
        Write(Train).Should().NotContain(d => d.Code == ValidationCodes.RequiredFieldMissing);
    }

    [Test]
    public void A_data_input_without_a_path_a_trial_without_a_command_and_a_payload_without_an_objective_are_TJ0001()
    {
        var noPath = Write(Train with { Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Optional = true })) });
        var noTrialCommand = Write(Sweep(1, 1) with { Trial = Train with { Command = "" } });
        var noObjective = Read(Resource(Sweep(1, 1) with { Resources = null, Trial = Train }), p => p.Remove("objective"));

        noPath.Should().ContainSingle(d => d.IsError).Which.Should().Match<Diagnostic>(d =>
            d.Code == ValidationCodes.RequiredFieldMissing && d.Path == "inputs.data.path" && d.Message.Contains("optional or not"));
        noTrialCommand.Should().ContainSingle(d => d.IsError).Which.Should().Match<Diagnostic>(d =>
            d.Code == ValidationCodes.RequiredFieldMissing && d.Path == "trial.command");
        noObjective.Should().ContainSingle(d => d.IsError).Which.Should().Match<Diagnostic>(d =>
            d.Code == ValidationCodes.RequiredFieldMissing && d.Path == "objective");
        typeof(RestDiagnosticCodes).GetFields().Select(f => f.GetRawConstantValue()).Should().NotContain("TJ2001", "TJ2001 is retired");
    }

    [Test]
    public void Every_code_has_a_raising_case_or_is_a_listed_exception()
    {
        var constants = YamlCodeCatalogTests.CodesOf(typeof(RestDiagnosticCodes));
        var covered = Cases.Select(c => c.Code).ToList();

        covered.Should().OnlyHaveUniqueItems();
        covered.Should().NotIntersectWith(KnownUnraisable, "a code with a raising case is not unraisable");
        covered.Concat(KnownUnraisable).Should().BeEquivalentTo(constants, "every REST code needs a row in the catalog table");
    }

    [Test]
    public void Every_code_is_a_row_of_the_table_in_docs_rest_md_with_its_severity()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "rest.md"));

        foreach (var row in Cases)
        {
            page.Should().Contain($"| `{row.Code}` | {row.Severity.ToString().ToLowerInvariant()} |", "docs/rest.md documents {0}", row.Code);
        }
        foreach (var code in KnownUnraisable) page.Should().Contain($"| `{code}` |");
    }

    /// <summary>
    /// A job kind the SDK does not define. <see cref="JobDefinition"/>'s parameterless constructor is
    /// <c>private protected</c>, but the copy constructor every record gets is <c>protected</c>, so code outside the
    /// SDK can still derive a job kind this way (checked from a separate assembly too); TJ2012 is its only guard.
    /// </summary>
    private sealed record ForeignKindJob : JobDefinition
    {
        public ForeignKindJob(JobDefinition seed)
            : base(seed)
        {
        }

        public override JobKind Kind => JobKind.AutoML;
    }

    /// <summary>One catalog row.</summary>
    /// <param name="Code">The code.</param>
    /// <param name="Severity">Its severity.</param>
    /// <param name="Path">The path the raising diagnostic names.</param>
    /// <param name="Raise">Converts the raising input and returns the diagnostics.</param>
    /// <param name="Near">Converts the close input that does not raise it.</param>
    public sealed record RestCase(string Code, DiagnosticSeverity Severity, string Path,
        Func<IReadOnlyList<Diagnostic>> Raise, Func<IReadOnlyList<Diagnostic>> Near)
    {
        /// <inheritdoc />
        public override string ToString() => Code;
    }
}
