using TrainingJobs.Sdk.AzureML;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>The ARM segment rules that keep user values from changing the shape of a workspace id.</summary>
public class ArmNameRulesTests
{
    [TestCase("00000000-0000-0000-0000-000000000000")]
    [TestCase("8f3e2c1a-1b2c-4d5e-9f80-112233445566")]
    public void A_GUID_is_a_subscription_id(string value) => ArmNameRules.SubscriptionIdProblem(value).Should().BeNull();

    [TestCase("")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("{00000000-0000-0000-0000-000000000000}")]
    [TestCase("00000000000000000000000000000000")]
    [TestCase("00000000-0000-0000-0000-000000000000\n")]
    public void Anything_else_is_not_a_subscription_id(string value) =>
        ArmNameRules.SubscriptionIdProblem(value).Should().Contain("GUID");

    [TestCase("rg")]
    [TestCase("my-rg_1.(test)")]
    [TestCase("Grüne-Gruppe")]
    public void Letters_digits_and_the_allowed_punctuation_make_a_resource_group(string value) =>
        ArmNameRules.ResourceGroupProblem(value).Should().BeNull();

    [TestCase("")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("ends-with-period.")]
    [TestCase("has space")]
    [TestCase("semi;colon")]
    [TestCase("new\nline")]
    [TestCase("rg\n")]
    public void Other_values_are_not_a_resource_group(string value) =>
        ArmNameRules.ResourceGroupProblem(value).Should().Contain("1 to 90");

    [Test]
    public void A_resource_group_has_at_most_90_characters()
    {
        ArmNameRules.ResourceGroupProblem(new string('r', 90)).Should().BeNull();
        ArmNameRules.ResourceGroupProblem(new string('r', 91)).Should().NotBeNull();
    }

    [TestCase("ws1")]
    [TestCase("my_workspace-01")]
    [TestCase("0abcdefghijklmnopqrstuvwxyz123456")]
    public void A_workspace_name_follows_the_Machine_Learning_pattern(string value) =>
        ArmNameRules.WorkspaceNameProblem(value).Should().BeNull();

    [TestCase("")]
    [TestCase("ws")]
    [TestCase("-ws")]
    [TestCase("a/b")]
    [TestCase("...")]
    [TestCase("work.space")]
    [TestCase("0abcdefghijklmnopqrstuvwxyz1234567")]
    [TestCase("ws1\n")]
    public void Other_values_are_not_a_workspace_name(string value) =>
        ArmNameRules.WorkspaceNameProblem(value).Should().Contain("3 to 33");
}
