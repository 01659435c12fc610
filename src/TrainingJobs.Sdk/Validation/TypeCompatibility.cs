using System.Collections.Frozen;

namespace TrainingJobs.Sdk.Validation;

/// <summary>
/// Which value types may feed which input types when a step binds an output (or a pipeline input) to an input.
/// The table is documented in <c>docs/validation.md</c>; a type outside it is never judged.
/// </summary>
internal static class TypeCompatibility
{
    // from → the input types it may feed. A folder can hold an MLTable or a model; any model is also a custom model.
    private static readonly FrozenDictionary<string, FrozenSet<string>> Table = new Dictionary<string, FrozenSet<string>>
    {
        ["uri_file"] = Set("uri_file"),
        ["uri_folder"] = Set("uri_folder", "mltable", "custom_model", "mlflow_model", "triton_model"),
        ["mltable"] = Set("mltable", "uri_folder"),
        ["custom_model"] = Set("custom_model", "uri_folder"),
        ["mlflow_model"] = Set("mlflow_model", "custom_model", "uri_folder"),
        ["triton_model"] = Set("triton_model", "custom_model", "uri_folder"),
        ["string"] = Set("string"),
        ["integer"] = Set("integer", "number", "string"),
        ["number"] = Set("number", "string"),
        ["boolean"] = Set("boolean", "string"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The types the table knows, in table order, for documentation and tests.</summary>
    public static IEnumerable<string> KnownTypes => Table.Keys;

    /// <summary>
    /// False when a <paramref name="from"/> value cannot feed a <paramref name="to"/> input; true when it can or when
    /// either type is unknown (registered components, legacy <c>path</c>, custom types): the validator never guesses.
    /// </summary>
    public static bool CanFeed(string? from, string? to)
    {
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to)) return true;
        if (!Table.TryGetValue(from, out var targets) || !Table.ContainsKey(to)) return true;
        return targets.Contains(to);
    }

    private static FrozenSet<string> Set(params string[] types) => types.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
