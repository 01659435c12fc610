using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;
using TrainingJobs.Sdk.Yaml.Reading;
using static TrainingJobs.Sdk.Tests.Yaml.Reading.ReadingFixture;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>A literal with a declared type: text that spells a value of that type is converted, as az ml does.</summary>
public sealed class LiteralReaderTests
{
    private static LiteralValue? Read(string text, LiteralType? declared, ReadingContext context) =>
        LiteralReader.Read(Value($"v: {text}\n", "v"), "inputs.n.default", declared, context);

    [Test]
    public void Text_spelling_a_number_becomes_a_number_on_a_number_input() =>
        Read("\"1e-3\"", LiteralType.Number, Context()).Should().Be(LiteralValue.FromNumber(0.001));

    [Test]
    public void Text_spelling_a_whole_number_becomes_an_integer_on_an_integer_input() =>
        Read("\"5\"", LiteralType.Integer, Context()).Should().Be(LiteralValue.FromInteger(5));

    [Test]
    public void A_float_without_a_fraction_becomes_an_integer_on_an_integer_input() =>
        Read("2.0", LiteralType.Integer, Context()).Should().Be(LiteralValue.FromInteger(2));

    [Test]
    public void A_number_stays_text_on_a_string_input() =>
        Read("42", LiteralType.String, Context()).Should().Be(LiteralValue.FromString("42"));

    [Test]
    public void Without_a_declared_type_the_value_is_as_the_yaml_resolves_it() =>
        Read("\"5\"", null, Context()).Should().Be(LiteralValue.FromString("5"));

    [TestCase("99999999999999999999999")]
    [TestCase("1e23")]
    public void A_whole_number_too_big_for_64_bits_is_out_of_range_on_an_integer_input(string text)
    {
        var context = Context();

        Read(text, LiteralType.Integer, context).Should().BeNull();

        var error = context.Diagnostics.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Message.Should().Contain(ScalarFields.LongRange);
    }

    [Test]
    public void A_mapping_is_not_a_literal()
    {
        var context = Context();

        Read("{a: 1}", LiteralType.Integer, context).Should().BeNull();

        context.Diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(YamlDiagnosticCodes.WrongType);
    }
}
