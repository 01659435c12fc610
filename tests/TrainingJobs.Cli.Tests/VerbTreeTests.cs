namespace TrainingJobs.Cli.Tests;

public class VerbTreeTests
{
    private static readonly string[][] Verbs =
    [
        ["job"], ["job", "create"], ["job", "validate"], ["job", "show"], ["job", "list"], ["job", "stream"],
        ["job", "cancel"], ["job", "download"], ["job", "archive"], ["job", "restore"], ["job", "update"],
        ["job", "convert"], ["job", "lineage"], ["job", "export"], ["lineage"], ["lineage", "find"], ["evidence"], ["evidence", "verify"],
    ];

    [TestCaseSource(nameof(Verbs))]
    public async Task Every_verb_has_help(string[] verb)
    {
        var (code, output, _) = await CliRunner.RunAsync([.. verb, "--help"]);

        code.Should().Be(0);
        output.Should().Contain("Usage:").And.Contain(verb[^1]);
    }

    [Test]
    public async Task Version_prints_a_version()
    {
        var (code, output, _) = await CliRunner.RunAsync("--version");

        code.Should().Be(0);
        // The package version alone, as `dotnet tool install --version` names it: no "+<commit>" build metadata.
        output.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$");
    }

    [Test]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("job", "frobnicate");

        code.Should().Be(2);
        error.Should().Contain("frobnicate");
    }

    [Test]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("job", "show");

        code.Should().Be(2);
        error.Should().Contain("--name");
    }
}
