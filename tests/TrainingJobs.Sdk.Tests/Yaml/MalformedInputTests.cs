using System.Text;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

public class MalformedInputTests
{
    private static YamlLoadResult Load(string yaml) => YamlJobLoader.LoadText(yaml, new YamlLoadOptions { SourceName = "job.yml" });

    private static Diagnostic Single(YamlLoadResult result, string code)
    {
        result.Definition.Should().BeNull();
        return result.Diagnostics.Should().ContainSingle(d => d.Code == code).Subject;
    }

    [Test]
    public void A_syntax_error_is_a_diagnostic_with_its_line_and_column()
    {
        var result = Load("type: command\ncommand: echo hi\ninputs: [1, 2\n");

        var diagnostic = Single(result, YamlDiagnosticCodes.SyntaxError);
        diagnostic.Severity.Should().Be(DiagnosticSeverity.Error);
        diagnostic.Location!.File.Should().Be("job.yml");
        diagnostic.Location.Line.Should().BeGreaterThanOrEqualTo(3);
    }

    [Test]
    public void A_tab_indented_document_is_a_syntax_error()
    {
        var result = Load("type: command\n\tcommand: echo\n");

        Single(result, YamlDiagnosticCodes.SyntaxError).Location!.Line.Should().BeInRange(1, 2);
    }

    [Test]
    public void Wrong_types_are_reported_at_the_value_with_the_path()
    {
        var result = Load("type: command\ncommand: echo\nresources:\n  instance_count: many\ntags: [a, b]\n");

        result.Definition.Should().BeNull();
        var count = result.Diagnostics.Single(d => d.Path == "resources.instance_count");
        count.Code.Should().Be(YamlDiagnosticCodes.WrongType);
        count.Location.Should().Be(new SourceLocation("job.yml", 4, 19));
        result.Diagnostics.Should().Contain(d => d.Code == YamlDiagnosticCodes.WrongType && d.Path == "tags" && d.Location!.Line == 5);
    }

    [Test]
    public void A_root_that_is_not_a_mapping_is_a_wrong_type()
    {
        Single(Load("- just\n- a list\n"), YamlDiagnosticCodes.WrongType).Location!.Line.Should().Be(1);
        Single(Load("just text"), YamlDiagnosticCodes.WrongType);
    }

    [Test]
    public void A_duplicate_key_is_an_error_at_the_second_key()
    {
        var result = Load("type: command\ncommand: echo a\ninputs:\n  lr: 1\n  lr: 2\ncommand: echo b\n");

        result.Definition.Should().BeNull();
        var duplicates = result.Diagnostics.Where(d => d.Code == YamlDiagnosticCodes.DuplicateKey).ToList();
        duplicates.Select(d => d.Location!.Line).Should().Equal(5, 6);
        duplicates[0].Message.Should().Contain("'lr'");
    }

    [Test]
    public void Empty_and_multi_document_files_are_errors()
    {
        Single(Load("# only a comment\n"), YamlDiagnosticCodes.NotOneDocument);
        Single(Load(""), YamlDiagnosticCodes.NotOneDocument);
        Single(Load("type: command\n---\ntype: command\n"), YamlDiagnosticCodes.NotOneDocument).Location!.Line.Should().Be(2);
    }

    [Test]
    public void Deeply_nested_flow_and_block_documents_end_in_a_depth_diagnostic()
    {
        var flow = "type: command\ncommand: echo\ntags: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Single(Load(flow), YamlDiagnosticCodes.DocumentTooDeep);

        var block = new StringBuilder("type: command\ncommand: echo\nresources:\n");
        for (var i = 0; i < 500; i++) block.Append(new string(' ', 2 * (i + 1))).Append("k").Append(i).Append(":\n");
        Single(Load(block.ToString()), YamlDiagnosticCodes.DocumentTooDeep);
    }

    [Test]
    public void A_very_large_document_is_refused_before_it_is_parsed()
    {
        var huge = "type: command\ncommand: echo\ndescription: " + new string('x', 5 * 1024 * 1024) + "\n";

        Single(Load(huge), YamlDiagnosticCodes.DocumentTooLarge);
    }

    [Test]
    public void An_alias_bomb_hits_the_node_limit_instead_of_exhausting_memory()
    {
        var bomb = new StringBuilder("type: command\ncommand: echo\nproperties:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            bomb.Append($"  a{i}: &a{i} [");
            bomb.Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)));
            bomb.Append("]\n");
        }

        Single(Load(bomb.ToString()), YamlDiagnosticCodes.DocumentTooLarge);
    }

    [Test]
    public void Many_small_nodes_within_the_limit_still_load()
    {
        var tags = new StringBuilder("type: command\ncommand: echo\ntags:\n");
        for (var i = 0; i < 20_000; i++) tags.Append("  t").Append(i).Append(": v\n");

        var result = Load(tags.ToString());

        result.Definition.Should().NotBeNull();
        result.Definition!.Tags.Count.Should().Be(20_000);
    }

    [Test]
    public void Invalid_utf8_is_a_diagnostic_at_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("type: command\ncommand: echo caf\u00e9\ndescription: x").ToList();
        bytes.InsertRange(bytes.Count - 1, new byte[] { 0xC3, 0x28 });

        var result = YamlJobLoader.LoadBytes(bytes.ToArray(), new YamlLoadOptions { SourceName = "job.yml" });

        Single(result, YamlDiagnosticCodes.InvalidEncoding).Location.Should().Be(new SourceLocation("job.yml", 3, 14));
    }

    [Test]
    public void A_missing_file_is_a_diagnostic()
    {
        var result = YamlJobLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid(), "job.yml"));

        Single(result, YamlDiagnosticCodes.FileNotReadable);
    }

    [Test]
    public void Unknown_keys_are_warnings_and_the_job_still_loads()
    {
        var result = Load("type: command\ncommand: echo\ncomand_typo: x\n");

        result.Definition.Should().NotBeNull();
        var warning = result.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.UnknownKey).Subject;
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Location.Should().Be(new SourceLocation("job.yml", 3, 1));
        warning.Path.Should().Be("comand_typo");
    }

    [Test]
    public void Bad_enum_values_are_errors_naming_the_value()
    {
        var result = Load("type: sweep\ntrial:\n  command: echo\nsampling_algorithm: sobolish\nobjective: {goal: maximize, primary_metric: acc}\n");

        Single(result, YamlDiagnosticCodes.InvalidValue).Message.Should().Contain("'sobolish'");
    }

    [Test]
    public void A_sweep_without_its_required_parts_names_each_of_them()
    {
        var result = Load("type: sweep\n");

        result.Diagnostics.Where(d => d.Code == YamlDiagnosticCodes.MissingKey).Select(d => d.Path)
            .Should().BeEquivalentTo("trial", "sampling_algorithm", "objective", "limits");
    }
}
