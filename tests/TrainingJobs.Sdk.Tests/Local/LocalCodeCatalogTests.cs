using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Tests.Yaml;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// For every local backend code (<see cref="LocalDiagnosticCodes"/>), one job that raises it when submitted through
/// <see cref="TrainingJobsClient"/> on a temp workspace, and one close job that does not. The table is the catalog:
/// a code without a row fails <see cref="Every_code_has_a_raising_case_or_is_a_listed_exception"/>.
/// </summary>
/// <remarks>
/// No job runs: every submission here is rejected at submit time. The planner collects all its diagnostics
/// (warnings too) before it rejects a job, so a job that should only warn carries one unrelated error,
/// <see cref="Blocker"/>, an input the local backend cannot read; it stops the run without hiding the code under test.
/// </remarks>
public sealed class LocalCodeCatalogTests
{
    /// <summary>Codes no input can raise; each must have no row in <see cref="Cases"/>. None today.</summary>
    private static readonly IReadOnlyList<string> KnownUnraisable = [];

    /// <summary>Codes docs/local-backend.md does not name yet. None today.</summary>
    private static readonly IReadOnlyList<string> KnownUndocumented = [];

    private static CommandJob Train => new() { Name = "catalog-job", Command = "python train.py" };

    /// <summary>One row per code: the raising job, where the diagnostic points and the close job that does not raise it.</summary>
    private static readonly LocalCase[] Cases =
    [
        new(LocalDiagnosticCodes.UnsupportedKind, DiagnosticSeverity.Error, "sampling_algorithm",
            _ => Sweep,
            _ => Sweep with { SamplingAlgorithm = new GridSamplingAlgorithm(), Trial = Blocked(Train with { Name = null, Command = "python train.py --lr ${{search_space.lr}}" }) },
            "trial." + BlockerPath),
        new(LocalDiagnosticCodes.NeedsAzureWorkspace, DiagnosticSeverity.Error, "code",
            _ => Blocked(Train with { Code = "azureml:train-code:1" }),
            ws => Blocked(Train with { Code = Folder(ws, "src") })),
        new(LocalDiagnosticCodes.UnboundReference, DiagnosticSeverity.Error, "command",
            _ => Blocked(Train with { Command = "python train.py --lr ${{inputs.lr}}", Inputs = OptionalLr }),
            _ => Blocked(Train with { Command = "python train.py $[[--lr ${{inputs.lr}}]]", Inputs = OptionalLr })),
        new(LocalDiagnosticCodes.PathNotFound, DiagnosticSeverity.Error, "code",
            _ => Blocked(Train with { Code = "./no-such-src" }),
            ws => Blocked(Train with { Code = Folder(ws, "src") })),
        new(LocalDiagnosticCodes.UnsupportedScheme, DiagnosticSeverity.Error, "inputs.data",
            _ => Blocked(Train with { Inputs = Data("https://example.org/iris.csv") }, LocalDiagnosticCodes.UnsupportedScheme),
            ws => Blocked(Train with { Inputs = Data(ws.WriteFile("iris.csv", "a,b\n1,2\n")) }, LocalDiagnosticCodes.UnsupportedScheme)),
        new(LocalDiagnosticCodes.EnvironmentNotMapped, DiagnosticSeverity.Warning, "environment",
            _ => Blocked(Train with { Environment = new EnvironmentReference("azureml:sklearn:1") }),
            _ => Blocked(Train with { Environment = null })),
        new(LocalDiagnosticCodes.IgnoredSetting, DiagnosticSeverity.Warning, "compute",
            _ => Blocked(Train with { Compute = "azureml:cpu-cluster" }),
            _ => Blocked(Train with { Compute = "local" })),
        new(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error, "inputs['learning.rate']",
            _ => Train with { Inputs = ValueMap.Of<JobInput>(("learning.rate", new LiteralInput { Value = 0.1 })) },
            _ => Blocked(Train with { Inputs = ValueMap.Of<JobInput>(("learning_rate", new LiteralInput { Value = 0.1 })) })),
        new(LocalDiagnosticCodes.EntrySkipped, DiagnosticSeverity.Warning, "code",
            ws => Blocked(Train with { Code = FolderWithLink(ws, "src-link", "/etc/hostname") }),
            ws => Blocked(Train with { Code = FolderWithLink(ws, "src-inner", "train.py") })),
        new(LocalDiagnosticCodes.NotAFileOrFolder, DiagnosticSeverity.Error, "inputs.data",
            _ => Blocked(Train with { Inputs = Data("/dev/null") }),
            ws => Blocked(Train with { Inputs = Data(ws.WriteFile("iris.csv", "a,b\n1,2\n")) })),
        new(LocalDiagnosticCodes.TooManyProcesses, DiagnosticSeverity.Error, "distribution",
            _ => Train with { Distribution = new PyTorchDistribution { ProcessCountPerInstance = 100_000 } },
            _ => Blocked(Train with { Distribution = new PyTorchDistribution { ProcessCountPerInstance = 2 } })),
        new(LocalDiagnosticCodes.StepNotRunnable, DiagnosticSeverity.Error, "jobs.train.component",
            _ => new PipelineJob
            {
                Name = "catalog-job",
                Steps = ValueMap.Of(("train", new PipelineStep { Job = new CommandJob(), Component = new ComponentReference { Reference = "azureml:train:1" } })),
            },
            _ => new PipelineJob { Name = "catalog-job", Steps = ValueMap.Of(("train", new PipelineStep { Job = Blocked(Train with { Name = null }) })) },
            "jobs.train." + BlockerPath),
    ];

    /// <summary>A Bayesian sweep: the local backend runs grid and random sweeps only.</summary>
    private static SweepJob Sweep => new()
    {
        Name = "catalog-job",
        Trial = Train with { Name = null, Command = "python train.py --lr ${{search_space.lr}}" },
        SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(LiteralValue.FromNumber(0.1), LiteralValue.FromNumber(0.01)) })),
        SamplingAlgorithm = new BayesianSamplingAlgorithm(),
        Objective = new SweepObjective("loss", Goal.Minimize),
    };

    private static ValueMap<JobInput> OptionalLr => ValueMap.Of<JobInput>(("lr", new LiteralInput { Type = LiteralType.Number, Optional = true }));

    private static ValueMap<JobInput> Data(string path) => ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = path }));

    private static string Folder(TempWorkspace ws, string name) => Path.GetDirectoryName(ws.WriteFile(Path.Combine(name, "train.py"), "print('hi')\n"))!;

    /// <summary>A code folder holding a link: one pointing out of the folder is reported, one that stays inside is not.</summary>
    private static string FolderWithLink(TempWorkspace ws, string name, string target)
    {
        var folder = Folder(ws, name);
        File.CreateSymbolicLink(Path.Combine(folder, "link.py"), target);
        return folder;
    }

    /// <summary>The path of <see cref="Blocker"/>'s diagnostic.</summary>
    private const string BlockerPath = "inputs.blocker";

    /// <summary>
    /// Adds an input the local backend cannot read (a remote URI, or a missing file when the case is about remote
    /// URIs), so the submission is rejected and nothing runs.
    /// </summary>
    private static CommandJob Blocked(CommandJob job, string? codeUnderTest = null) =>
        job with { Inputs = job.Inputs.SetItem("blocker", Blocker(codeUnderTest)) };

    private static AssetInput Blocker(string? codeUnderTest) => new()
    {
        Type = AssetType.UriFile,
        Path = codeUnderTest == LocalDiagnosticCodes.UnsupportedScheme ? "./no-such-input.csv" : "https://example.org/blocker.csv",
    };

    /// <summary>The codes of the rows (a row holds delegates over the internal <see cref="TempWorkspace"/>, so tests take its code).</summary>
    private static IEnumerable<string> Rows() => Cases.Select(c => c.Code);

    private static LocalCase Row(string code) => Cases.Single(c => c.Code == code);

    /// <summary>Submits and returns the diagnostics of the rejection; fails if the job was accepted.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> RejectedAsync(TempWorkspace ws, JobDefinition job)
    {
        var submit = () => ws.Client.SubmitAsync(job, new SubmitOptions { BaseDirectory = ws.Work });

        var rejection = await submit.Should().ThrowAsync<JobValidationException>();
        var listed = new List<Job>();
        await foreach (var listedJob in ws.Client.GetJobsAsync()) listed.Add(listedJob);
        listed.Should().BeEmpty("a rejected job leaves nothing in the workspace");
        return rejection.Which.Diagnostics;
    }

    [TestCaseSource(nameof(Rows))]
    public async Task The_raising_job_is_reported_with_the_code_its_severity_and_path(string code)
    {
        var row = Row(code);
        await using var ws = new TempWorkspace();

        var diagnostics = await RejectedAsync(ws, row.Raise(ws));

        var diagnostic = diagnostics.Should().ContainSingle(d => d.Code == row.Code, "the job is the example of {0}", row.Code).Subject;
        diagnostic.Severity.Should().Be(row.Severity);
        diagnostic.Path.Should().Be(row.Path);
    }

    [TestCaseSource(nameof(Rows))]
    public async Task The_close_job_does_not_report_the_code(string code)
    {
        var row = Row(code);
        await using var ws = new TempWorkspace();

        var diagnostics = await RejectedAsync(ws, row.Near(ws));

        diagnostics.Should().NotContain(d => d.Code == row.Code);
        diagnostics.Where(d => d.IsError).Should().ContainSingle("only the blocker stops the close job").Which.Path.Should().Be(row.NearBlockerPath);
    }

    [Test]
    public async Task An_input_without_a_value_is_reported_as_TJ4003_with_the_reason()
    {
        await using var ws = new TempWorkspace();

        var diagnostics = await RejectedAsync(ws, Train with { Command = "python train.py --lr ${{inputs.lr}}", Inputs = OptionalLr });

        diagnostics.Should().ContainSingle(d => d.Code == LocalDiagnosticCodes.UnboundReference).Which.Message.Should().Contain("no value");
    }

    [Test]
    public void Every_code_has_a_raising_case_or_is_a_listed_exception()
    {
        var constants = YamlCodeCatalogTests.CodesOf(typeof(LocalDiagnosticCodes));
        var covered = Cases.Select(c => c.Code).ToList();

        covered.Should().OnlyHaveUniqueItems();
        covered.Should().NotIntersectWith(KnownUnraisable, "a code with a raising case is not unraisable");
        covered.Concat(KnownUnraisable).Should().BeEquivalentTo(constants, "every local backend code needs a row in the catalog table");
    }

    [Test]
    public void Every_code_is_named_in_docs_local_backend_md_except_the_listed_gaps()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "local-backend.md"));
        var named = Regex.Matches(page, @"TJ4\d{3}").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        YamlCodeCatalogTests.CodesOf(typeof(LocalDiagnosticCodes)).Except(KnownUndocumented).Where(c => !named.Contains(c))
            .Should().BeEmpty("docs/local-backend.md names every local backend code");
        KnownUndocumented.Where(named.Contains).Should().BeEmpty("a documented code comes off the list of gaps");
    }

    /// <summary>One catalog row.</summary>
    /// <param name="Code">The code.</param>
    /// <param name="Severity">Its severity.</param>
    /// <param name="Path">The path the raising diagnostic names.</param>
    /// <param name="Raise">The raising job, given the workspace (to write files in).</param>
    /// <param name="Near">The close job that does not raise it.</param>
    /// <param name="NearBlockerPath">Where the close job's blocker is reported (a pipeline step's is under its step).</param>
    private sealed record LocalCase(string Code, DiagnosticSeverity Severity, string Path,
        Func<TempWorkspace, JobDefinition> Raise, Func<TempWorkspace, JobDefinition> Near, string NearBlockerPath = BlockerPath)
    {
        /// <inheritdoc />
        public override string ToString() => Code;
    }
}
