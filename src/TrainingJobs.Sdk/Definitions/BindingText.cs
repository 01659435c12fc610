namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// The one rule every face and the validator share for telling a binding from a value: text that holds a
/// <c>${{…}}</c> expression (<c>${{parent.inputs.lr}}</c>, <c>--lr ${{inputs.lr}}</c>) binds; any other text is a value.
/// </summary>
internal static class BindingText
{
    /// <summary>Whether <paramref name="text"/> holds a <c>${{…}}</c> expression.</summary>
    public static bool IsBinding(string? text) => text?.Contains("${{", StringComparison.Ordinal) == true;
}
