using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Mapping.ToRest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.AzureML.Mapping;

/// <summary>What of an input the wire drops, reported on its own (<see cref="InputLosses"/>).</summary>
public sealed class InputLossesTests
{
    private static RestWriteContext NewContext() => new(new RestMappingSession(new AzureMLWorkspaceScope("sub-1", "rg-1", "ws-1")));

    [Test]
    public void A_literal_input_reports_every_declaration_the_wire_drops_in_one_diagnostic()
    {
        var context = NewContext();
        var literal = new LiteralInput { Type = LiteralType.Integer, Value = LiteralValue.FromInteger(3), Min = 1, Max = 9, Optional = true };

        InputLosses.ReportLiteral(literal, LiteralValue.FromInteger(3), "inputs.epochs", context);

        context.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == RestDiagnosticCodes.NotCarried && d.Path == "inputs.epochs"
            && d.Message.Contains("type, min, max, optional of a literal input", StringComparison.Ordinal));
    }

    [Test]
    public void A_literal_input_with_only_a_value_loses_nothing()
    {
        var context = NewContext();

        InputLosses.ReportLiteral(new LiteralInput { Value = LiteralValue.FromString("abc") }, LiteralValue.FromString("abc"), "inputs.x", context);

        context.Diagnostics.Should().BeEmpty();
    }

    [TestCase("3", true)]
    [TestCase("true", true)]
    [TestCase("abc", false)]
    public void A_string_that_reads_back_as_another_type_is_ambiguous(string text, bool ambiguous)
    {
        var context = NewContext();

        InputLosses.ReportAmbiguousLiteral(LiteralValue.FromString(text), "inputs.x", context);

        context.Diagnostics.Select(d => d.Code).Should().BeEquivalentTo(ambiguous ? [RestDiagnosticCodes.LiteralTypeAmbiguous] : Array.Empty<string>());
    }

    [TestCase(true, "type, optional of a binding input")]
    [TestCase(false, "type, mode, optional of a binding input")]
    public void A_binding_input_loses_its_mode_only_where_the_wire_has_no_place_for_it(bool modeCarried, string expected)
    {
        var context = NewContext();
        var binding = new BindingInput { Expression = "${{parent.inputs.x}}", Type = PortType.UriFolder, Mode = InputMode.Download, Optional = false };

        InputLosses.ReportBinding(binding, "jobs.a.inputs.x", modeCarried, context);

        context.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain(expected);
    }
}
