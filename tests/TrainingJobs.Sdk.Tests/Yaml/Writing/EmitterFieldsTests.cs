using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;
using TrainingJobs.Sdk.Yaml.Writing;

namespace TrainingJobs.Sdk.Tests.Yaml.Writing;

/// <summary>An absent value writes no key at all, so that it reads back as the same unset field.</summary>
public sealed class EmitterFieldsTests
{
    private static string Mapping(Action<YamlEmitter> write)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var emitter = new YamlEmitter(writer);
        emitter.BeginMap();
        emitter.Key("first");
        emitter.Integer(1);
        write(emitter);
        emitter.EndMap();
        emitter.Finish();
        return writer.ToString();
    }

    [Test]
    public void Absent_values_and_empty_collections_write_no_key()
    {
        var yaml = Mapping(e =>
        {
            e.OptionalText("text", null);
            e.OptionalInt("int", null);
            e.OptionalNumber("number", null);
            e.OptionalBool("bool", null);
            e.OptionalDuration("timeout", null);
            e.StringMap("tags", ValueMap<string>.Empty);
            e.StringList("emails", ValueList<string>.Empty);
        });

        yaml.Should().Be("first: 1\n");
    }

    [Test]
    public void Present_values_are_written_under_their_keys()
    {
        var yaml = Mapping(e =>
        {
            e.OptionalText("text", "hello");
            e.OptionalInt("int", 7);
            e.OptionalBool("bool", false);
            e.OptionalDuration("timeout", TimeSpan.FromMinutes(1));
            e.StringMap("tags", ValueMap<string>.From([new("team", "ml")]));
        });

        yaml.Should().Contain("text: hello\n").And.Contain("int: 7\n").And.Contain("bool: false\n")
            .And.Contain("timeout: ").And.Contain("tags:\n  team: ml\n");
    }

    [Test]
    public void A_list_of_short_items_goes_on_one_line_and_a_list_with_a_long_item_one_item_a_line()
    {
        var longItem = new string('x', 40);

        Mapping(e => e.StringList("emails", ValueList.Of("a@b.c", "d@e.f"))).Should().Contain("emails: [a@b.c, d@e.f]");
        Mapping(e => e.StringList("emails", ValueList.Of("a@b.c", longItem))).Should().Contain($"emails:\n- a@b.c\n- {longItem}\n");
    }
}
