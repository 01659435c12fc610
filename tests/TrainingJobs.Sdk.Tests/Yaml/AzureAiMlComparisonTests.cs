using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>
/// The "Compared with azure-ai-ml" section of docs/yaml.md: every TJ code it names exists, every row has a YAML
/// case here, and each case loads with exactly the outcome the row's "ours" column states.
/// </summary>
public sealed partial class AzureAiMlComparisonTests
{
    private const string Job = "type: command\ncommand: python train.py\nenvironment: azureml:sklearn:1\ncompute: azureml:cpu\n";

    private const string Pipeline = "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    command: python train.py\n    environment: azureml:sklearn:1\n";

    /// <summary>One case per table row; <see cref="Row.Field"/> is the row's first cell exactly as written.</summary>
    private static readonly Row[] Rows =
    [
        new("unknown top-level key (`descriptoin: x`)", Job + "descriptoin: x\n", YamlDiagnosticCodes.UnknownKey, "descriptoin"),
        new("`distribution.type: ray`", Job + "distribution:\n  type: ray\n", YamlDiagnosticCodes.InvalidValue, "distribution.type"),
        new("`distribution.type: horovod`", Job + "distribution:\n  type: horovod\n", YamlDiagnosticCodes.InvalidValue, "distribution.type"),
        new("`distribution` without `type`", Job + "distribution:\n  process_count_per_instance: 2\n", YamlDiagnosticCodes.MissingKey, "distribution"),
        new("a field of another type (`type: pytorch`, `worker_count: 2`)", Job + "distribution:\n  type: pytorch\n  worker_count: 2\n",
            ValidationCodes.InvalidDistribution, "distribution.worker_count"),
        new("`distribution.type: PyTorch` (any case)", Job + "distribution:\n  type: PyTorch\n  process_count_per_instance: 2\n", null, "distribution"),
        new("unknown key (`resources.gpu_count: 2`)", Job + "resources:\n  gpu_count: 2\n", YamlDiagnosticCodes.UnknownKey, "resources.gpu_count"),
        new("`resources.instance_count: many`", Job + "resources:\n  instance_count: many\n", YamlDiagnosticCodes.WrongType, "resources.instance_count"),
        new("unknown key (`limits.max_retries: 3`)", Job + "limits:\n  max_retries: 3\n", YamlDiagnosticCodes.UnknownKey, "limits.max_retries"),
        new("`identity: {type: managed, client_id: x}`", Job + "identity: {type: managed, client_id: x}\n", null, "identity"),
        new("`identity: {type: managed, msi_resource_id: …}`", Job + "identity: {type: managed, msi_resource_id: /subscriptions/s/uai}\n", null, "identity"),
        new("`identity: {type: user_identity, client_id: x}`", Job + "identity: {type: user_identity, client_id: x}\n",
            YamlDiagnosticCodes.InvalidValue, "identity.client_id"),
        new("unknown key (`settings.default_datestore: x`)", Pipeline + "settings:\n  default_datestore: x\n", YamlDiagnosticCodes.UnknownKey, "settings.default_datestore"),
        new("`settings.continue_on_step_failure: maybe`", Pipeline + "settings:\n  continue_on_step_failure: maybe\n", YamlDiagnosticCodes.WrongType,
            "settings.continue_on_step_failure"),
    ];

    private static IEnumerable<TestCaseData> Cases() => Rows.Select(r => new TestCaseData(r).SetArgDisplayNames(r.Field));

    private static string Section()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "yaml.md"));
        var start = page.IndexOf("\n## Compared with azure-ai-ml\n", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "docs/yaml.md has the comparison section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }

    /// <summary>The table rows of the section: first cell → "ours" cell (the third).</summary>
    private static Dictionary<string, string> TableRows() => Section()
        .Split('\n')
        .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| field |", StringComparison.Ordinal) && !line.StartsWith("|---", StringComparison.Ordinal))
        .Select(line => line.Split(" | "))
        .ToDictionary(cells => cells[0][2..].Trim(), cells => cells[2].Trim());

    [Test]
    public void Every_TJ_code_the_table_names_exists()
    {
        var named = CodeName().Matches(Section()).Select(m => m.Value).Distinct().ToList();

        named.Should().NotBeEmpty();
        named.Should().OnlyContain(code => DiagnosticCatalog.Find(code) != null, "the comparison table names only codes the SDK reports");
    }

    [Test]
    public void Every_row_of_the_table_has_a_case_and_every_case_a_row()
    {
        TableRows().Keys.Should().BeEquivalentTo(Rows.Select(r => r.Field));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_row_says_what_loading_the_yaml_does(Row row)
    {
        var ours = TableRows()[row.Field];
        var result = YamlJobLoader.LoadText(row.Yaml, new YamlLoadOptions { SourceName = "job.yml" });
        var atField = result.Diagnostics.Where(d => d.Path == row.Path || d.Path.StartsWith(row.Path + ".", StringComparison.Ordinal)).ToList();

        if (row.Code is null)
        {
            ours.Should().StartWith("accepted");
            atField.Should().BeEmpty();
            result.Definition.Should().NotBeNull();
            return;
        }
        var severity = DiagnosticCatalog.SeverityOf(row.Code);
        ours.Should().StartWith($"`{row.Code}` {severity.ToString().ToLowerInvariant()}");
        atField.Should().Contain(d => d.Code == row.Code && d.Severity == severity, string.Join("\n", result.Diagnostics));
        if (severity == DiagnosticSeverity.Warning) result.Definition.Should().NotBeNull("a warning leaves the job loaded");
    }

    [Test]
    public void A_ray_distribution_is_refused_as_preview_only_naming_the_api_version_that_has_it()
    {
        var raised = YamlJobLoader.LoadText(Job + "distribution:\n  type: ray\n", new YamlLoadOptions { SourceName = "job.yml", Validate = false });
        var close = YamlJobLoader.LoadText(Job + "distribution:\n  type: pytorch\n", new YamlLoadOptions { SourceName = "job.yml", Validate = false });

        var error = raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue).Subject;
        error.Message.Should().Contain("preview-only").And.Contain("2023-04-01-preview").And.Contain("2025-12-01");
        error.Location!.Line.Should().Be(6);
        close.Diagnostics.Should().NotContain(d => d.Code == YamlDiagnosticCodes.InvalidValue);
        close.Definition.Should().NotBeNull();
    }

    [TestCase("user_identity")]
    [TestCase("aml_token")]
    public void A_managed_identity_field_on_another_identity_type_is_refused(string type)
    {
        var raised = YamlJobLoader.LoadText(Job + $"identity:\n  type: {type}\n  object_id: x\n", new YamlLoadOptions { SourceName = "job.yml", Validate = false });
        var close = YamlJobLoader.LoadText(Job + "identity:\n  type: managed\n  object_id: x\n", new YamlLoadOptions { SourceName = "job.yml", Validate = false });

        var error = raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue).Subject;
        error.Path.Should().Be("identity.object_id");
        error.Location!.Line.Should().Be(7);
        error.Location.Column.Should().Be(3);
        error.Message.Should().Contain("managed identity").And.Contain(type);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        close.Definition!.Identity.Should().Be(new ManagedIdentity { ObjectId = "x" });
    }

    [Test]
    public void Msi_resource_id_is_read_as_the_managed_identity_resource_id()
    {
        var result = YamlJobLoader.LoadText(Job + "identity:\n  type: managed\n  msi_resource_id: /subscriptions/s/uai\n",
            new YamlLoadOptions { SourceName = "job.yml", Validate = false });

        result.Diagnostics.Should().BeEmpty();
        result.Definition!.Identity.Should().Be(new ManagedIdentity { ResourceId = "/subscriptions/s/uai" });
    }

    [GeneratedRegex(@"\bTJ\d{4}\b")]
    private static partial Regex CodeName();

    /// <summary>One row of the comparison table and the YAML that checks it.</summary>
    /// <param name="Field">The row's first cell, exactly as in docs/yaml.md.</param>
    /// <param name="Yaml">A small job that exercises the row.</param>
    /// <param name="Code">The code loading reports at <paramref name="Path"/>; null when the row says "accepted".</param>
    /// <param name="Path">The definition path the diagnostic is at (or, for an accepted row, where none may be).</param>
    public sealed record Row(string Field, string Yaml, string? Code, string Path)
    {
        /// <inheritdoc />
        public override string ToString() => Field;
    }
}
