namespace TrainingJobs.Cli.Tests;

/// <summary>docs/cli.md is what <see cref="CliReference"/> writes from the command tree: a verb or option changed without the page fails here.</summary>
public class CliReferenceTests
{
    private static string PagePath => Path.Combine(RepositoryRoot(), "docs", "cli.md");

    private static string Generated() => CliReference.Generate(CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)));

    [Test]
    public void Docs_cli_md_is_the_reference_generated_from_the_command_tree()
    {
        var generated = Generated();
        if (Environment.GetEnvironmentVariable(CliReference.WriteVariable) == "1") File.WriteAllText(PagePath, generated);

        var page = File.Exists(PagePath) ? File.ReadAllText(PagePath).ReplaceLineEndings("\n") : "";

        page.Should().Be(generated, $"docs/cli.md must be what the command tree generates; after changing a verb or option, regenerate it with: {CliReference.RegenerateCommand}");
    }

    [Test]
    public void The_reference_has_a_section_for_every_command_listing_every_option_and_argument()
    {
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));
        var generated = CliReference.Generate(root);
        var commands = CliReference.Walk(root, []).ToList();

        commands.Select(c => c.Path).Should().Contain(["tj job create", "tj job list", "tj lineage find", "tj evidence verify", "tj emulator start"]);
        foreach (var (path, command) in commands)
        {
            var start = generated.IndexOf("\n## " + path + "\n", StringComparison.Ordinal);
            start.Should().BeGreaterThan(0, $"{path} has a section");
            var end = generated.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = end < 0 ? generated[start..] : generated[start..end];
            foreach (var option in CliReference.ListedOptions(command)) section.Should().Contain($"`{option.Name}`", $"{path} lists {option.Name}");
            foreach (var argument in command.Arguments) section.Should().Contain($"`{argument.Name}`", $"{path} lists its argument {argument.Name}");
            generated.Should().Contain($"(#{CliReference.Anchor(path)})", $"the command table links {path}");
        }
    }

    [Test]
    public void Defaults_allowed_values_aliases_and_required_options_are_shown()
    {
        var generated = Generated();

        generated.Should().Contain("| `--max-results`, `-r` | integer | The most jobs to list (1 or more). | `50` |");
        generated.Should().Contain("| `--output`, `-o` | text | Output format: table, json. | `table` | `json`, `table` |");
        generated.Should().Contain("| `--file`, `-f` (required) | text |");
        generated.Should().Contain("| `--include-archived` | flag | Include archived jobs. |  |  |");
        generated.Should().Contain("| `--set` | text, repeatable |");
    }

    [Test]
    public void Angle_brackets_outside_code_are_escaped_so_they_stay_visible()
    {
        var generated = Generated();

        generated.Should().Contain("(az layout: artifacts/, named-outputs/&lt;name&gt;/)");
        generated.Should().Contain("`az ml job create --file`", "code spans are left as they are");
    }

    [TestCase("tj job create", "tj-job-create")]
    [TestCase("tj emulator start", "tj-emulator-start")]
    public void Anchors_are_the_ones_GitHub_gives_the_headings(string heading, string anchor) =>
        CliReference.Anchor(heading).Should().Be(anchor);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrainingJobs.Sdk.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("No TrainingJobs.Sdk.sln above the test folder.");
    }
}
