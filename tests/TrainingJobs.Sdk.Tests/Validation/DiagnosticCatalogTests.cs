using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Tests.Local;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// <see cref="DiagnosticCatalog"/> is the one list of codes: every code constant of the SDK is in it, every diagnostic
/// a face reports has its code and severity, and the docs list exactly its codes.
/// </summary>
public sealed partial class DiagnosticCatalogTests
{
    private static string Docs(string page) => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", page));

    /// <summary>Every <c>*DiagnosticCodes</c> class and <see cref="ValidationCodes"/> in the SDK assembly, found by reflection.</summary>
    private static IReadOnlyList<Type> CodeClasses() => typeof(DiagnosticCatalog).Assembly.GetTypes()
        .Where(t => t.IsClass && (t.Name.EndsWith("DiagnosticCodes", StringComparison.Ordinal) || t.Name == nameof(ValidationCodes)))
        .ToList();

    private static IReadOnlyList<string> Constants() => CodeClasses()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.GetRawConstantValue() is string v && CodeShape().IsMatch(v))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Test]
    public void Every_code_constant_of_the_assembly_is_in_the_catalog_and_the_catalog_holds_no_other()
    {
        CodeClasses().Select(t => t.Name).Should().Contain(["ValidationCodes", "BuilderDiagnosticCodes", "YamlDiagnosticCodes", "RestDiagnosticCodes", "LocalDiagnosticCodes"]);
        var active = DiagnosticCatalog.Active.Select(e => e.Code).ToList();

        active.Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        active.Should().BeEquivalentTo(Constants(), "the catalog lists every code constant, and only those");
        DiagnosticCatalog.Active.Should().OnlyContain(e => e.Title.Length > 0 && e.DocsAnchor.Contains(".md#"));
    }

    [Test]
    public void Retired_codes_are_not_in_use_and_name_an_active_replacement()
    {
        var active = DiagnosticCatalog.Active.Select(e => e.Code).ToHashSet();

        DiagnosticCatalog.Retired.Select(r => r.Code).Should().OnlyHaveUniqueItems().And.NotIntersectWith(active).And.NotIntersectWith(Constants());
        DiagnosticCatalog.Retired.Should().OnlyContain(r => active.Contains(r.ReplacedBy) && r.Reason.Length > 0);
        DiagnosticCatalog.Retired.Select(r => r.Code).Should().Contain("TJ2001");
    }

    [Test]
    public void The_validators_public_list_is_the_catalogs_TJ0001_to_TJ0899_part()
    {
        ValidationCodes.All.Select(c => (c.Code, c.Severity, c.Title)).Should().Equal(
            DiagnosticCatalog.Active.Where(e => string.CompareOrdinal(e.Code, "TJ0900") < 0).Select(e => (e.Code, e.Severity, e.Title)));
    }

    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    private static readonly string[] InvalidYaml =
    [
        "type: command\ncommand: [python",
        "type: command\ncommand: python train.py\ncommand: again\nenvironment: azureml:env:1",
        "type: command\ncommand: python train.py\nenvironment: azureml:env:1\nresources: {instance_count: many}\ndefault_datestore: x",
        "type: sweep\ntrial: {command: python t.py, environment: azureml:env:1}\nsampling_algorithm: sobolish\nsearch_space: {lr: [beta, [2, 5]]}",
        "type: automl",
        "type: pipeline\njobs:\n  a: {type: parallel}\n  b: {type: command, component: ./missing.yml}",
        "type: command\ncommand: python ${{inputs.nope}} ${{\nenvironment: azureml:env@latest\ninputs: {lr: {type: integer, min: 5, max: 1, default: 'x'}, 1bad: 3}\nenv: {k: !!binary abc}",
        "",
    ];

    private static IEnumerable<Diagnostic> Representative()
    {
        foreach (var yaml in InvalidYaml)
        {
            foreach (var d in YamlJobLoader.LoadText(yaml).Diagnostics) yield return d;
        }
        foreach (var d in Samples.Pipeline().Validate()) yield return d;
        foreach (var d in Samples.Sweep().Validate()) yield return d;
        foreach (var d in new CommandJob { Name = "-x", Command = "python ${{inputs.a}}", Resources = new JobResources { InstanceCount = 0, ShmSize = "lots" } }.Validate()) yield return d;

        var train = new CommandJob { Command = "python train.py", Environment = new EnvironmentReference("azureml:sklearn@latest"), Code = "./src", Compute = "local" };
        foreach (var d in JobRestMapper.ToRest(train with { Command = null, Inputs = ValueMap.Of<JobInput>(("v", new LiteralInput { Value = "10", Min = 0 })) }, new RestMappingSession(Scope)).Diagnostics) yield return d;
        var clean = JobRestMapper.ToRest(train with { Environment = new EnvironmentReference("azureml:sklearn:3"), Code = "azureml:c:1", Compute = "cpu" }, new RestMappingSession(Scope));
        var properties = clean.Body["properties"]!.AsObject();
        properties["jobType"] = "AutoML";
        foreach (var d in JobRestMapper.ReadJob(new JsonObject { ["name"] = "j", ["properties"] = properties.DeepClone() }.ToJsonString()).Diagnostics) yield return d;
        foreach (var d in JobRestMapper.ReadJob("not json").Diagnostics) yield return d;

        var handle = Input.Number("lr", 0.1);
        var other = Input.Integer("lr", 1);
        var builder = new CommandJobBuilder().WithEnvironment("azureml:sklearn:1").WithCommand($"python t.py {handle} {other}");
        foreach (var d in builder.Validate()) yield return d;
        foreach (var d in new PipelineJobBuilder().WithSteps(builder.AsStep("s"), builder.AsStep("s")).Validate()) yield return d;
        foreach (var d in new SweepJobBuilder().Validate()) yield return d;
    }

    [Test]
    public void Every_diagnostic_of_representative_invalid_jobs_uses_a_catalog_code_with_the_catalogs_severity()
    {
        var found = Representative().ToList();

        found.Select(d => d.Code[..3]).Distinct().Should().Contain(["TJ0", "TJ1", "TJ2"], "the set covers the validator, the builders and the YAML and REST faces");
        found.Should().Contain(d => d.Code.StartsWith("TJ09", StringComparison.Ordinal));
        foreach (var diagnostic in found)
        {
            var entry = DiagnosticCatalog.Find(diagnostic.Code);
            entry.Should().NotBeNull("{0} is reported, so it is in the catalog", diagnostic);
            diagnostic.Severity.Should().Be(entry!.Severity, "{0} has the catalog's severity", diagnostic);
        }
    }

    [Test]
    public async Task Every_diagnostic_of_representative_local_submissions_uses_a_catalog_code_with_the_catalogs_severity()
    {
        await using var ws = new TempWorkspace();
        var jobs = new JobDefinition[]
        {
            new SweepJob
            {
                Name = "s", Trial = new CommandJob { Command = "python t.py ${{search_space.lr}}" },
                SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(LiteralValue.FromNumber(0.1)) })),
                SamplingAlgorithm = new BayesianSamplingAlgorithm(), Objective = new SweepObjective("loss", Goal.Minimize),
            },
            new PipelineJob { Name = "p", Steps = ValueMap.Of(("s", new PipelineStep { Job = new CommandJob(), Component = new ComponentReference { Reference = "azureml:train:1" } })) },
            new CommandJob { Name = "a", Command = "python t.py ${{inputs.lr.x}}", Inputs = ValueMap.Of<JobInput>(("lr.x", new LiteralInput { Value = 1 })) },
            new CommandJob
            {
                Name = "b", Command = "python t.py ${{inputs.opt}}", Compute = "cpu", Code = "./no-such-folder",
                Environment = new EnvironmentReference("azureml:sklearn:1"),
                Inputs = ValueMap.Of<JobInput>(("d", new AssetInput { Type = AssetType.UriFile, Path = "https://example.org/x" }), ("e", new AssetInput { Type = AssetType.UriFile, Path = "azureml:data:1" }),
                    ("opt", new LiteralInput { Type = LiteralType.Number, Optional = true })),
            },
        };
        var found = new List<Diagnostic>();
        foreach (var job in jobs)
        {
            var submit = () => ws.Client.SubmitAsync(job, new SubmitOptions { BaseDirectory = ws.Work });
            found.AddRange((await submit.Should().ThrowAsync<JobValidationException>()).Which.Diagnostics);
        }

        found.Select(d => d.Code).Should().Contain(["TJ4001", "TJ4013", "TJ4009", "TJ4004", "TJ4006", "TJ4008"]);
        found.Where(d => d.Code.StartsWith("TJ4", StringComparison.Ordinal)).Should().HaveCountGreaterThan(3);
        foreach (var diagnostic in found)
        {
            DiagnosticCatalog.Find(diagnostic.Code).Should().NotBeNull("{0} is reported, so it is in the catalog", diagnostic);
            diagnostic.Severity.Should().Be(DiagnosticCatalog.Find(diagnostic.Code)!.Severity, "{0} has the catalog's severity", diagnostic);
        }
    }

    /// <summary>The rows of a markdown table whose first cell is a code (with or without backticks).</summary>
    private static List<string[]> CodeRows(string page) => page.Split('\n')
        .Where(l => TableRow().IsMatch(l))
        .Select(l => l.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())
        .ToList();

    [Test]
    public void Docs_diagnostics_md_lists_exactly_the_active_codes_with_their_severity_title_and_anchor()
    {
        var page = Docs("diagnostics.md");
        var (activePart, retiredPart) = (page[..page.IndexOf("## Retired codes", StringComparison.Ordinal)], page[page.IndexOf("## Retired codes", StringComparison.Ordinal)..]);

        var rows = CodeRows(activePart).Select(r => (Code: r[0].Trim('`'), Severity: r[1], Title: r[2].Replace("\\|", "|", StringComparison.Ordinal), Link: r[3])).ToList();

        rows.Select(r => r.Code).Should().Equal(DiagnosticCatalog.Active.Select(e => e.Code));
        foreach (var (row, entry) in rows.Zip(DiagnosticCatalog.Active))
        {
            row.Severity.Should().Be(entry.Severity.ToString().ToLowerInvariant(), "{0}'s severity", entry.Code);
            row.Title.Should().Be(entry.Title, "{0}'s title", entry.Code);
            row.Link.Should().Be($"[{entry.DocsAnchor.Split('#')[0]}]({entry.DocsAnchor})", "{0}'s anchor", entry.Code);
        }
        CodeRows(retiredPart).Select(r => (r[0].Trim('`'), r[1].Split(' ')[0].Trim('`')))
            .Should().BeEquivalentTo(DiagnosticCatalog.Retired.Select(r => (r.Code, r.ReplacedBy)));
    }

    [Test]
    public void Every_anchor_is_a_heading_of_its_page_and_the_page_names_the_code()
    {
        foreach (var entry in DiagnosticCatalog.Active)
        {
            var (file, anchor) = (entry.DocsAnchor.Split('#')[0], entry.DocsAnchor.Split('#')[1]);
            var page = Docs(file);
            var headings = page.Split('\n').Where(l => l.StartsWith('#')).Select(l => Slug(l.TrimStart('#').Trim())).ToList();

            headings.Should().Contain(anchor, "{0} links to a section of {1}", entry.Code, file);
            page.Should().Contain(entry.Code, "{0} explains {1}", file, entry.Code);
        }
    }

    [TestCase("validation.md", "TJ0", false)]
    [TestCase("yaml.md", "TJ1", false)]
    [TestCase("rest.md", "TJ2", true)]
    [TestCase("job-definitions.md", "TJ09", true)]
    public void Each_faces_docs_table_lists_exactly_the_faces_active_codes_with_their_severity(string file, string prefix, bool backticks)
    {
        var expected = DiagnosticCatalog.Active.Where(e => e.Code.StartsWith(prefix, StringComparison.Ordinal) && (prefix != "TJ0" || string.CompareOrdinal(e.Code, "TJ0900") < 0)).ToList();

        var rows = CodeRows(Docs(file)).Where(r => !r[0].Contains("(validator)", StringComparison.Ordinal)).ToList();

        rows.Should().OnlyContain(r => r[0].StartsWith('`') == backticks);
        rows.Select(r => r[0].Trim('`')).Should().BeEquivalentTo(expected.Select(e => e.Code), "{0} documents every {1} code, and no retired one", file, prefix);
        if (prefix != "TJ09")
        {
            rows.Select(r => (r[0].Trim('`'), r[1].ToLowerInvariant())).Should().BeEquivalentTo(expected.Select(e => (e.Code, e.Severity.ToString().ToLowerInvariant())));
        }
    }

    /// <summary>GitHub's heading anchor: lower case, spaces to dashes, punctuation other than <c>-</c> and <c>_</c> dropped.</summary>
    private static string Slug(string heading) =>
        new string(heading.ToLowerInvariant().Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());

    [GeneratedRegex(@"^\|\s*`?TJ\d{4}`?")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^TJ\d{4}$")]
    private static partial Regex CodeShape();
}
