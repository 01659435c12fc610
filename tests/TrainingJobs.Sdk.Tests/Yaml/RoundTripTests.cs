using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

public class RoundTripTests
{
    [Test]
    public void Every_loaded_corpus_job_saves_and_loads_back_to_an_equal_definition()
    {
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var file in YamlCorpus.Supported)
        {
            var first = YamlJobLoader.Load(file.FullPath, new YamlLoadOptions { Validate = false });
            if (first.Definition is null)
            {
                failures.Add($"{file}: did not load");
                continue;
            }
            var saved = YamlJobWriter.Write(first.Definition);
            var second = YamlJobLoader.LoadText(saved, new YamlLoadOptions { Validate = false, BaseDirectory = Path.GetDirectoryName(file.FullPath) });
            if (second.Definition is null || !second.Definition.Equals(first.Definition))
            {
                failures.Add($"{file}: reloaded definition differs. Diagnostics: {string.Join(" | ", second.Diagnostics)}\n--- saved ---\n{saved}");
                continue;
            }
            // Saving again gives the same text: the canonical form is stable.
            YamlJobWriter.Write(second.Definition).Should().Be(saved, file.ToString());
            checkedCount++;
        }
        TestContext.Out.WriteLine($"Round trip: {checkedCount} corpus jobs saved and reloaded to equal definitions.");
        failures.Should().BeEmpty();
        checkedCount.Should().BeGreaterThan(80);
    }

    [Test]
    public void Saved_yaml_has_a_schema_and_a_type()
    {
        var job = new CommandJob { Command = "python train.py", Environment = new EnvironmentReference("azureml:env:1") };

        var yaml = YamlJobWriter.Write(job);

        yaml.Should().StartWith("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ntype: command\n");
    }
}
