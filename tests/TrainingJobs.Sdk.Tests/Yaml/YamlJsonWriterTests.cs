using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Yaml;
using YamlDotNet.RepresentationModel;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary><see cref="YamlJobWriter.WriteJson"/>: the YAML face's writer for JSON the CLI shows beside a definition.</summary>
public sealed class YamlJsonWriterTests
{
    private static YamlMappingNode Reload(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlScalarNode Scalar(YamlNode node, string key) => (YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    [Test]
    public void Text_that_would_read_back_as_another_type_is_quoted_and_plain_text_is_not()
    {
        var yaml = YamlJobWriter.WriteJson(new JsonObject
        {
            ["status"] = "Completed", ["code"] = "10", ["flag"] = "true", ["empty"] = "", ["nothing"] = "null", ["exit_code"] = 0, ["archived"] = false,
        });

        yaml.Should().Contain("status: Completed\n").And.Contain("exit_code: 0\n").And.Contain("archived: false\n");
        var root = Reload(yaml);
        foreach (var key in new[] { "code", "flag", "empty", "nothing" })
        {
            Scalar(root, key).Style.Should().NotBe(YamlDotNet.Core.ScalarStyle.Plain, "'{0}' is text that would read back as another type", key);
        }
        Scalar(root, "code").Value.Should().Be("10");
        Scalar(root, "exit_code").Style.Should().Be(YamlDotNet.Core.ScalarStyle.Plain);
    }

    [Test]
    public void Nested_objects_arrays_of_objects_and_empty_collections_keep_their_shape()
    {
        var yaml = YamlJobWriter.WriteJson(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = "UserError", ["message"] = "line one\nline two" },
            ["status_history"] = new JsonArray(new JsonObject { ["status"] = "Running", ["at"] = "2026-01-02T03:04:05Z" }, new JsonObject { ["status"] = "Completed" }),
            ["services"] = new JsonObject(),
            ["tags"] = new JsonArray(),
        });

        var root = Reload(yaml);
        Scalar(root["error"], "message").Value.Should().Be("line one\nline two");
        var history = (YamlSequenceNode)root["status_history"];
        history.Children.Should().HaveCount(2);
        Scalar(history.Children[0], "at").Value.Should().Be("2026-01-02T03:04:05Z");
        ((YamlMappingNode)root["services"]).Children.Should().BeEmpty();
        ((YamlSequenceNode)root["tags"]).Children.Should().BeEmpty();
    }
}
