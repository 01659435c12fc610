using System.Reflection;
using System.Text;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>
/// For every YAML face code (<see cref="YamlDiagnosticCodes"/>), one input that raises it, at a known line and
/// column, and one close input that does not. The table is the catalog: a code without a row fails
/// <see cref="Every_code_has_a_raising_case_or_is_a_listed_exception"/>.
/// </summary>
public sealed class YamlCodeCatalogTests
{
    /// <summary>A clean command job; cases change one line of it.</summary>
    private const string Job = "type: command\ncommand: python train.py\nenvironment: azureml:sklearn:1\n";

    private const string Sweep = "type: sweep\ntrial: {command: \"python t.py --lr ${{search_space.lr}}\", environment: azureml:env:1}\n" +
        "sampling_algorithm: random\nobjective: {goal: maximize, primary_metric: acc}\nlimits: {max_total_trials: 4}\nsearch_space:\n";

    /// <summary>Codes that no input can raise; none today. A code listed here must have no row in <see cref="Cases"/>.</summary>
    private static readonly IReadOnlyList<string> KnownUnraisable = [];

    /// <summary>
    /// One row per code. <c>Raise</c> and <c>Near</c> load YAML given a fresh temp folder (for file references);
    /// <c>Line</c>/<c>Column</c> is where the diagnostic must point (in the file <c>job.yml</c> unless the row says otherwise).
    /// </summary>
    private static readonly YamlCase[] Cases =
    [
        new(YamlDiagnosticCodes.SyntaxError, DiagnosticSeverity.Error, 5, 1,
            _ => Text(Job + "tags: {team: ml\n"),
            _ => Text(Job + "tags: {team: ml}\n")),
        new(YamlDiagnosticCodes.InvalidEncoding, DiagnosticSeverity.Error, 4, 17,
            _ => Bytes([.. Encoding.UTF8.GetBytes(Job + "description: caf"), 0xE9, (byte)'\n']),
            _ => Bytes(Encoding.UTF8.GetBytes(Job + "description: caf\u00e9\n"))),
        new(YamlDiagnosticCodes.DocumentTooLarge, DiagnosticSeverity.Error, 1, 1,
            _ => Text(Job, new YamlLoadOptions { SourceName = "job.yml", Validate = false, MaxDocumentBytes = Job.Length - 1 }),
            _ => Text(Job, new YamlLoadOptions { SourceName = "job.yml", Validate = false, MaxDocumentBytes = Job.Length })),
        new(YamlDiagnosticCodes.DocumentTooDeep, DiagnosticSeverity.Error, 4, 12,
            _ => Text(Job + "tags: {a: {b: c}}\n", new YamlLoadOptions { SourceName = "job.yml", Validate = false, MaxDepth = 2 }),
            _ => Text(Job + "tags: {a: b}\n", new YamlLoadOptions { SourceName = "job.yml", Validate = false, MaxDepth = 2 })),
        new(YamlDiagnosticCodes.NotOneDocument, DiagnosticSeverity.Error, 4, 1,
            _ => Text(Job + "---\n" + Job),
            _ => Text("---\n" + Job)),
        new(YamlDiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error, 1, 1,
            folder => YamlJobLoader.Load(Path.Combine(folder, "job.yml"), new YamlLoadOptions { SourceName = "job.yml", Validate = false }),
            folder => YamlJobLoader.Load(WriteFile(folder, "job.yml", Job), new YamlLoadOptions { SourceName = "job.yml", Validate = false }),
            File: "job.yml"),
        new(YamlDiagnosticCodes.DuplicateKey, DiagnosticSeverity.Error, 4, 1,
            _ => Text(Job + "command: python other.py\n"),
            _ => Text(Job + "description: python other.py\n")),
        new(YamlDiagnosticCodes.WrongType, DiagnosticSeverity.Error, 5, 19,
            _ => Text(Job + "resources:\n  instance_count: many\n"),
            _ => Text(Job + "resources:\n  instance_count: 2\n")),
        new(YamlDiagnosticCodes.UnknownKey, DiagnosticSeverity.Warning, 4, 1,
            _ => Text(Job + "descriptoin: trains a model\n"),
            _ => Text(Job + "description: trains a model\n")),
        new(YamlDiagnosticCodes.MissingKey, DiagnosticSeverity.Error, 5, 3,
            _ => Text(Job + "distribution:\n  process_count_per_instance: 2\n"),
            _ => Text(Job + "distribution:\n  type: pytorch\n  process_count_per_instance: 2\n")),
        new(YamlDiagnosticCodes.InvalidValue, DiagnosticSeverity.Error, 5, 9,
            _ => Text(Job + "distribution:\n  type: horovod\n"),
            _ => Text(Job + "distribution:\n  type: pytorch\n")),
        new(YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry, DiagnosticSeverity.Warning, 7, 7,
            _ => Text(Sweep + "  lr: [beta, [2, 5]]\n"),
            _ => Text(Sweep + "  lr: {type: uniform, min_value: 0.01, max_value: 0.1}\n")),
        new(YamlDiagnosticCodes.UnsupportedJobKind, DiagnosticSeverity.Error, 1, 7,
            _ => Text(Job.Replace("type: command", "type: automl", StringComparison.Ordinal)),
            _ => Text(Job)),
        new(YamlDiagnosticCodes.UnsupportedNodeKind, DiagnosticSeverity.Error, 4, 11,
            _ => Text(Pipeline("    type: parallel\n    command: python train.py\n")),
            _ => Text(Pipeline("    type: command\n    command: python train.py\n"))),
        new(YamlDiagnosticCodes.UnresolvedReference, DiagnosticSeverity.Error, 4, 16,
            folder => File(folder, Pipeline("    component: ./missing.yml\n")),
            folder =>
            {
                WriteFile(folder, "present.yml", Component);
                return File(folder, Pipeline("    component: ./present.yml\n"));
            }),
        new(YamlDiagnosticCodes.ReferenceCycle, DiagnosticSeverity.Error, 4, 16,
            folder =>
            {
                WriteFile(folder, "a.yml", "type: pipeline\njobs:\n  inner:\n    component: ./b.yml\n");
                WriteFile(folder, "b.yml", "type: pipeline\njobs:\n  back:\n    component: ./a.yml\n");
                return File(folder, "type: pipeline\njobs:\n  outer:\n    component: ./a.yml\n");
            },
            folder =>
            {
                WriteFile(folder, "a.yml", "type: pipeline\njobs:\n  inner:\n    component: ./b.yml\n");
                WriteFile(folder, "b.yml", Component);
                return File(folder, "type: pipeline\njobs:\n  outer:\n    component: ./a.yml\n");
            },
            File: "b.yml"),
        new(YamlDiagnosticCodes.ComponentKindMismatch, DiagnosticSeverity.Error, 4, 11,
            folder =>
            {
                WriteFile(folder, "train.yml", Component);
                return File(folder, Pipeline("    type: pipeline\n    component: ./train.yml\n"));
            },
            folder =>
            {
                WriteFile(folder, "train.yml", Component);
                return File(folder, Pipeline("    type: command\n    component: ./train.yml\n"));
            }),
        new(YamlDiagnosticCodes.BadOverride, DiagnosticSeverity.Error, 5, 3,
            _ => Text(Job + "inputs:\n  lr: 0.1\n", Overrides("inputs.lr={type: number, default: 0.2")),
            _ => Text(Job + "inputs:\n  lr: 0.1\n", Overrides("inputs.lr={type: number, default: 0.2}"))),
        new(YamlDiagnosticCodes.OverridePathNotFound, DiagnosticSeverity.Error, 5, 19,
            _ => Text(Job + "resources:\n  instance_count: 1\n", Overrides("resources.instance_count.max=2")),
            _ => Text(Job + "resources:\n  instance_count: 1\n", Overrides("resources.instance_count=2"))),
        new(YamlDiagnosticCodes.UnsupportedYamlFeature, DiagnosticSeverity.Error, 5, 3,
            _ => Text(Job + "tags:\n  <<: {team: ml}\n"),
            _ => Text(Job + "tags:\n  team: ml\n")),
    ];

    private const string Component = "type: command\nname: train\ncommand: python train.py\nenvironment: azureml:sklearn:1\n";

    private static string Pipeline(string step) => "type: pipeline\njobs:\n  train:\n" + step;

    private static YamlLoadOptions Overrides(string set) => new() { SourceName = "job.yml", Validate = false, Overrides = [set] };

    private static YamlLoadResult Text(string yaml, YamlLoadOptions? options = null) =>
        YamlJobLoader.LoadText(yaml, options ?? new YamlLoadOptions { SourceName = "job.yml", Validate = false });

    private static YamlLoadResult Bytes(byte[] utf8) =>
        YamlJobLoader.LoadBytes(utf8, new YamlLoadOptions { SourceName = "job.yml", Validate = false });

    private static YamlLoadResult File(string folder, string yaml) =>
        YamlJobLoader.Load(WriteFile(folder, "job.yml", yaml), new YamlLoadOptions { SourceName = "job.yml", Validate = false });

    private static string WriteFile(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static IEnumerable<TestCaseData> Rows() => Cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Code));

    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tj-yaml-codes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCaseSource(nameof(Rows))]
    public void The_raising_input_reports_the_code_with_its_severity_line_and_column(YamlCase row)
    {
        var result = row.Raise(_folder);

        var diagnostic = result.Diagnostics.Should().Contain(d => d.Code == row.Code, "the input is the example of {0}", row.Code).Subject;
        diagnostic.Severity.Should().Be(row.Severity);
        diagnostic.Location.Should().NotBeNull();
        diagnostic.Location!.Line.Should().Be(row.Line);
        diagnostic.Location.Column.Should().Be(row.Column);
        diagnostic.Location.File.Should().Be(row.File is null ? "job.yml" : Path.Combine(_folder, row.File));
        if (row.Severity == DiagnosticSeverity.Error) result.Definition.Should().BeNull("an error stops the job from being read");
    }

    [TestCaseSource(nameof(Rows))]
    public void The_close_input_does_not_report_the_code(YamlCase row)
    {
        var result = row.Near(_folder);

        result.Diagnostics.Should().NotContain(d => d.Code == row.Code);
        result.Diagnostics.Where(d => d.Code.StartsWith("TJ1", StringComparison.Ordinal) && d.IsError).Should().BeEmpty("the close input is a readable job");
        result.Definition.Should().NotBeNull();
    }

    [Test]
    public void Every_code_has_a_raising_case_or_is_a_listed_exception()
    {
        var constants = CodesOf(typeof(YamlDiagnosticCodes));
        var covered = Cases.Select(c => c.Code).ToList();

        covered.Should().OnlyHaveUniqueItems();
        covered.Should().NotIntersectWith(KnownUnraisable, "a code with a raising case is not unraisable");
        covered.Concat(KnownUnraisable).Should().BeEquivalentTo(constants, "every YAML code needs a row in the catalog table");
    }

    [Test]
    public void Every_code_is_a_row_of_the_table_in_docs_yaml_md_with_its_severity()
    {
        var page = System.IO.File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "yaml.md"));

        foreach (var row in Cases)
        {
            page.Should().Contain($"| {row.Code} | {row.Severity.ToString().ToLowerInvariant()} |", "docs/yaml.md documents {0}", row.Code);
        }
        foreach (var code in KnownUnraisable) page.Should().Contain($"| {code} |");
    }

    internal static IReadOnlyList<string> CodesOf(Type catalog) => catalog
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>One catalog row.</summary>
    /// <param name="Code">The code.</param>
    /// <param name="Severity">Its severity.</param>
    /// <param name="Line">The 1-based line the raising diagnostic points at.</param>
    /// <param name="Column">The 1-based column.</param>
    /// <param name="Raise">Loads the raising input, given a fresh temp folder.</param>
    /// <param name="Near">Loads the close input that does not raise it.</param>
    /// <param name="File">The file the location names, relative to the temp folder; null for <c>job.yml</c>.</param>
    public sealed record YamlCase(string Code, DiagnosticSeverity Severity, int Line, int Column,
        Func<string, YamlLoadResult> Raise, Func<string, YamlLoadResult> Near, string? File = null)
    {
        /// <inheritdoc />
        public override string ToString() => Code;
    }
}
