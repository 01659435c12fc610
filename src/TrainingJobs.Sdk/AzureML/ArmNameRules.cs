using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.AzureML;

/// <summary>
/// What Azure Resource Manager accepts as the segments of a workspace id, so a value that would change the id's
/// shape (<c>a/b</c>, <c>..</c>, an empty segment) or that Azure would refuse is caught before it is put into an id.
/// The rules are the ones the ARM specs state: the subscription id is a GUID (common-types
/// <c>SubscriptionIdParameter</c>, <c>format: uuid</c>); a resource group name is 1–90 letters, digits,
/// underscores, parentheses, hyphens and periods, not ending in a period (common-types
/// <c>ResourceGroupNameParameter</c>, <c>^[-\w\._\(\)]+$</c>, max 90); a workspace name is 3–33 characters,
/// a letter or digit then letters, digits, underscores or hyphens (Microsoft.MachineLearningServices
/// <c>WorkspaceNameParameter</c>, <c>^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$</c>).
/// </summary>
internal static partial class ArmNameRules
{
    /// <summary>Why <paramref name="value"/> is not a subscription id; null when it is one.</summary>
    public static string? SubscriptionIdProblem(string value) =>
        // Guid parsing forgives surrounding white space; an id segment must not have any.
        value.Length == 36 && Guid.TryParseExact(value, "D", out _) ? null : "a subscription id is a GUID, e.g. 00000000-0000-0000-0000-000000000000";

    /// <summary>Why <paramref name="value"/> is not a resource group name; null when it is one.</summary>
    public static string? ResourceGroupProblem(string value) =>
        value.Length is >= 1 and <= 90 && ResourceGroup().IsMatch(value) && !value.EndsWith('.')
            ? null
            : "a resource group name is 1 to 90 letters, digits, underscores, parentheses, hyphens and periods, not ending in a period";

    /// <summary>Why <paramref name="value"/> is not an Azure ML workspace name; null when it is one.</summary>
    public static string? WorkspaceNameProblem(string value) =>
        Workspace().IsMatch(value)
            ? null
            : "a workspace name is 3 to 33 letters, digits, underscores and hyphens, starting with a letter or digit";

    [GeneratedRegex(@"^[-\w._()]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceGroup();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Workspace();
}
