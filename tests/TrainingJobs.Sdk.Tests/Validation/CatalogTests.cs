using System.Reflection;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>The code catalog is complete, well formed, documented and tested.</summary>
public partial class CatalogTests
{
    private static readonly IReadOnlyList<string> Constants = typeof(ValidationCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Test]
    public void Every_constant_is_in_the_catalog_once_with_a_title_and_the_catalog_is_in_code_order()
    {
        ValidationCodes.All.Select(c => c.Code).Should().BeEquivalentTo(Constants).And.OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        ValidationCodes.All.Should().OnlyContain(c => c.Title.Length > 0);
    }

    [Test]
    public void Codes_are_TJ_and_four_digits_and_stay_out_of_the_ranges_of_builders_and_faces()
    {
        ValidationCodes.All.Should().OnlyContain(c => CodeShape().IsMatch(c.Code));
        ValidationCodes.All.Select(c => int.Parse(c.Code[2..], System.Globalization.CultureInfo.InvariantCulture))
            .Should().OnlyContain(n => n >= 1 && n < 900);
    }

    [Test]
    public void The_codes_other_engineers_depend_on_keep_their_meaning()
    {
        ValidationCodes.RequiredFieldMissing.Should().Be("TJ0001");
        ValidationCodes.InvalidName.Should().Be("TJ0002");
        ValidationCodes.UnknownExpressionReference.Should().Be("TJ0003");
        ValidationCodes.PipelineCycle.Should().Be("TJ0004");
        ValidationCodes.UnknownStep.Should().Be("TJ0005");
        ValidationCodes.UnknownBindingTarget.Should().Be("TJ0006");
        ValidationCodes.IncompatibleBindingType.Should().Be("TJ0007");
        ValidationCodes.LiteralOutOfRange.Should().Be("TJ0008");
        ValidationCodes.LiteralNotInEnum.Should().Be("TJ0009");
        ValidationCodes.LiteralTypeMismatch.Should().Be("TJ0010");
        ValidationCodes.InvalidDistribution.Should().Be("TJ0011");
        ValidationCodes.OutputVersionWithoutName.Should().Be("TJ0012");
        ValidationCodes.SecretInCommand.Should().Be("TJ0013");
        ValidationCodes.SecretInEnvironmentVariable.Should().Be("TJ0014");
        ValidationCodes.UnversionedDataReference.Should().Be("TJ0015");
        ValidationCodes.UnpinnedEnvironment.Should().Be("TJ0016");
        new[] { "TJ0013", "TJ0014", "TJ0015", "TJ0016" }.Select(c => ValidationCodes.Describe(c)!.Severity)
            .Should().OnlyContain(s => s == DiagnosticSeverity.Warning);
        ValidationCodes.Describe("TJ0999").Should().BeNull();
    }

    [Test]
    public void Every_code_is_documented_in_docs_validation_md_with_its_severity_and_the_page_names_no_other()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "validation.md"));

        foreach (var info in ValidationCodes.All)
        {
            page.Should().MatchRegex($@"\| {info.Code} \| {info.Severity} \|", "the table row of {0} states its severity", info.Code);
        }
        var mentioned = DocumentedCode().Matches(page).Select(m => m.Value).Distinct();
        mentioned.Should().BeSubsetOf(ValidationCodes.All.Select(c => c.Code));
    }

    [GeneratedRegex(@"^TJ\d{4}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex(@"TJ0[0-8]\d{2}")]
    private static partial Regex DocumentedCode();
}
