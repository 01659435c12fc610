using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;
using TrainingJobs.Sdk.Yaml.Reading;
using static TrainingJobs.Sdk.Tests.Yaml.Reading.ReadingFixture;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>Single values: what each reader accepts, and that anything else is one placed diagnostic and a null.</summary>
public sealed class ScalarFieldsTests
{
    [TestCase("3", 3)]
    [TestCase("-7", -7)]
    [TestCase("4.0", 4)]
    [TestCase("2147483647", int.MaxValue)]
    public void ReadInt_accepts_whole_numbers_including_floats_without_a_fraction(string text, int expected)
    {
        var context = Context();

        context.ReadInt(Value($"n: {text}\n", "n"), "n").Should().Be(expected);

        context.Diagnostics.Items.Should().BeEmpty();
    }

    [TestCase("2147483648", YamlDiagnosticCodes.InvalidValue)]
    [TestCase("1e12", YamlDiagnosticCodes.InvalidValue)]
    [TestCase("2.5", YamlDiagnosticCodes.WrongType)]
    [TestCase("many", YamlDiagnosticCodes.WrongType)]
    [TestCase("[1]", YamlDiagnosticCodes.WrongType)]
    public void ReadInt_reports_values_out_of_range_or_of_the_wrong_kind(string text, string code)
    {
        var context = Context();

        context.ReadInt(Value($"n: {text}\n", "n"), "resources.n").Should().BeNull();

        var error = context.Diagnostics.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(code);
        error.Path.Should().Be("resources.n");
        error.Location.Should().Be(new SourceLocation(SourceName, 1, 4));
    }

    [Test]
    public void ReadLong_reads_64_bit_numbers_and_names_the_range_beyond_them()
    {
        var context = Context();

        context.ReadLong(Value("n: 9223372036854775807\n", "n"), "n").Should().Be(long.MaxValue);
        context.ReadLong(Value("n: 9223372036854775808\n", "n"), "n").Should().BeNull();

        context.Diagnostics.Items.Should().ContainSingle().Which.Message.Should().Contain(ScalarFields.LongRange);
    }

    [TestCase("yes", true)]
    [TestCase("On", true)]
    [TestCase("1", true)]
    [TestCase("no", false)]
    [TestCase("FALSE", false)]
    [TestCase("0", false)]
    public void ReadBool_accepts_the_yaml_1_1_spellings(string text, bool expected) =>
        Context().ReadBool(Value($"b: {text}\n", "b"), "b").Should().Be(expected);

    [Test]
    public void ReadBool_reports_other_text()
    {
        var context = Context();

        context.ReadBool(Value("b: maybe\n", "b"), "b").Should().BeNull();

        context.Diagnostics.Items.Should().ContainSingle().Which.Message.Should().Be("'b' must be true or false (found a scalar).");
    }

    [TestCase("30", 30)]
    [TestCase("1.5", 1.5)]
    [TestCase("PT1H", 3600)]
    [TestCase("P1DT1M", 86460)]
    public void ReadDuration_reads_seconds_or_iso_8601(string text, double seconds) =>
        Context().ReadDuration(Value($"t: {text}\n", "t"), "t").Should().Be(TimeSpan.FromSeconds(seconds));

    [TestCase("soon", YamlDiagnosticCodes.WrongType)]
    [TestCase("PT1X", YamlDiagnosticCodes.WrongType)]
    [TestCase("99999999999999999999999", YamlDiagnosticCodes.InvalidValue)]
    public void ReadDuration_reports_what_is_not_a_duration_or_too_long(string text, string code)
    {
        var context = Context();

        context.ReadDuration(Value($"t: {text}\n", "t"), "limits.t").Should().BeNull();

        context.Diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(code);
    }

    [Test]
    public void A_null_value_reads_as_null_without_a_diagnostic()
    {
        var context = Context();
        var empty = Value("x:\n", "x");

        context.ReadString(empty, "x").Should().BeNull();
        context.ReadInt(empty, "x").Should().BeNull();
        context.ReadDouble(empty, "x").Should().BeNull();
        context.ReadBool(empty, "x").Should().BeNull();
        context.ReadDuration(empty, "x").Should().BeNull();

        context.Diagnostics.Items.Should().BeEmpty();
    }

    [TestCase("123", true)]
    [TestCase("-0", true)]
    [TestCase("+42", true)]
    [TestCase("-", false)]
    [TestCase("1.0", false)]
    [TestCase("1e3", false)]
    [TestCase("", false)]
    public void IsWholeNumberText_is_an_optional_sign_and_digits_only(string text, bool expected) =>
        ScalarFields.IsWholeNumberText(text).Should().Be(expected);
}
