using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using YamlDotNet.RepresentationModel;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// The published Azure ML examples in the shared corpus: no real name is flagged, no real command has an expression
/// that names nothing or is malformed, and nothing in them is taken for a secret.
/// </summary>
public class CorpusTests
{
    private static readonly Lazy<CorpusFacts> Facts = new(CorpusFacts.Load);

    [Test]
    public void No_published_step_name_breaks_the_step_name_rule()
    {
        Facts.Value.StepNames.Should().HaveCountGreaterThan(50);
        Facts.Value.StepNames.Where(n => !NameRules.IsValidStepName(n)).Should().BeEmpty();
    }

    [Test]
    public void No_published_input_or_output_name_breaks_the_port_name_rule()
    {
        Facts.Value.PortNames.Should().HaveCountGreaterThan(200);
        Facts.Value.PortNames.Where(n => !NameRules.IsValidPortName(n)).Should().BeEmpty();
    }

    [Test]
    public void No_published_job_name_breaks_the_job_name_rule()
    {
        Facts.Value.JobNames.Where(n => !NameRules.IsValidJobName(n)).Should().BeEmpty();
    }

    [Test]
    public void No_published_command_has_an_expression_that_names_nothing_or_is_malformed()
    {
        Facts.Value.Commands.Should().HaveCountGreaterThan(100);
        var problems = new List<string>();
        foreach (var command in Facts.Value.Commands)
        {
            var context = new ValidationContext();
            CommandChecks.CheckExpressions(command.Text, command.Scope, "command", context);
            problems.AddRange(context.Results().Where(d => d.IsError).Select(d => $"{command.File}: {d}"));
        }

        problems.Should().BeEmpty();
    }

    [Test]
    public void No_corpus_file_is_taken_for_holding_a_secret()
    {
        Facts.Value.Files.Should().HaveCountGreaterThan(200);
        Facts.Value.Files.Where(f => SecretScanner.Find(File.ReadAllText(f)).Count > 0).Should().BeEmpty();
    }

    [Test]
    public void No_published_command_or_environment_variable_is_taken_for_a_secret()
    {
        Facts.Value.Commands.Where(c => SecretScanner.Find(c.Text).Count > 0).Select(c => c.File).Should().BeEmpty();
        Facts.Value.EnvironmentValues.Where(v => SecretScanner.Find(v).Count > 0).Should().BeEmpty();
    }

    private sealed record CorpusCommand(string File, string Text, CommandScope Scope);

    private sealed class CorpusFacts
    {
        public List<string> Files { get; } = [];
        public List<string> StepNames { get; } = [];
        public List<string> PortNames { get; } = [];
        public List<string> JobNames { get; } = [];
        public List<string> EnvironmentValues { get; } = [];
        public List<CorpusCommand> Commands { get; } = [];

        public static CorpusFacts Load()
        {
            var facts = new CorpusFacts();
            var root = Path.Combine(TestPaths.Corpus, "yaml");
            var published = File.ReadLines(Path.Combine(root, "MANIFEST.tsv")).Skip(1)
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length > 5 && fields[5] == "valid")
                .Select(fields => Path.GetFullPath(Path.Combine(root, fields[0])))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)))
            {
                facts.Files.Add(file);
                if (!published.Contains(Path.GetFullPath(file))) continue;
                var stream = new YamlStream();
                using (var reader = new StreamReader(file)) stream.Load(reader);
                foreach (var document in stream.Documents)
                {
                    if (document.RootNode is not YamlMappingNode job) continue;
                    if (Text(job, "type") is "command" or "pipeline" or "sweep" && Text(job, "name") is { } name) facts.JobNames.Add(name);
                    facts.Walk(job, Path.GetRelativePath(root, file), extra: null);
                }
            }
            return facts;
        }

        private void Walk(YamlMappingNode node, string file, CommandScope? extra)
        {
            if (Child(node, "jobs") is YamlMappingNode steps) StepNames.AddRange(steps.Children.Keys.Select(k => k.ToString()));
            PortNames.AddRange(Keys(node, "inputs").Concat(Keys(node, "outputs")));
            if (Child(node, "environment_variables") is YamlMappingNode variables)
            {
                EnvironmentValues.AddRange(variables.Children.Values.OfType<YamlScalarNode>().Select(v => v.Value ?? ""));
            }
            if (Text(node, "command") is { } command)
            {
                var scope = new CommandScope().AddScope(extra).AddPorts(PortsOf(node));
                Commands.Add(new CorpusCommand(file, command, scope));
            }
            foreach (var (key, value) in node.Children)
            {
                if (value is not YamlMappingNode child) continue;
                // A sweep's trial may use the sweep's inputs and outputs and its search space.
                var childExtra = key.ToString() == "trial" && Child(node, "search_space") is YamlMappingNode space
                    ? new CommandScope().AddSearchSpace(space.Children.Keys.Select(k => k.ToString())).AddPorts(PortsOf(node))
                    : null;
                Walk(child, file, childExtra);
            }
        }

        // Only the names matter for expression checks: a job holding the node's input and output names.
        private static CommandJob PortsOf(YamlMappingNode node) => new()
        {
            Inputs = ValueMap.From(Keys(node, "inputs").Select(k => new KeyValuePair<string, JobInput>(k, new LiteralInput()))),
            Outputs = ValueMap.From(Keys(node, "outputs").Select(k => new KeyValuePair<string, JobOutput>(k, new JobOutput()))),
        };

        private static YamlNode? Child(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private static string? Text(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode { Value: { } value } ? value : null;

        private static IEnumerable<string> Keys(YamlMappingNode node, string key) =>
            Child(node, key) is YamlMappingNode map ? map.Children.Keys.Select(k => k.ToString()) : [];
    }
}
