using System.Text.Json;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// Turns System.Text.Json's messages into the user's terms: the field path and the JSON type it expects, never a
/// .NET type name (<c>System.Nullable`1[System.Int32]</c>, <c>RestJobResource</c>) the user has no way to know.
/// </summary>
internal static partial class RestReadErrors
{
    /// <summary>A message for a payload that could not be read: where, and what was expected there.</summary>
    public static string Describe(Exception e)
    {
        if (e is not JsonException json) return UserTerms(e.Message);
        var field = DiagnosticPath.FromJsonPath(json.Path);
        var expected = ExpectedType(json.Message);
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        if (expected is not null) return $"{(field.Length == 0 ? "the document" : field)} must be {expected}{where}.";
        return UserTerms(json.Message);
    }

    /// <summary>A message with every .NET type name replaced by the JSON type it stands for.</summary>
    public static string UserTerms(string message) =>
        DotNetTypeName().Replace(message, m => ExpectedTypeOf(m.Value));

    private static string? ExpectedType(string message)
    {
        var match = ConvertedTo().Match(message);
        return match.Success ? ExpectedTypeOf(match.Groups["type"].Value) : null;
    }

    private static string ExpectedTypeOf(string typeName) => typeName switch
    {
        _ when typeName.Contains("Int", StringComparison.Ordinal) => "an integer",
        _ when typeName.Contains("Double", StringComparison.Ordinal) || typeName.Contains("Single", StringComparison.Ordinal) || typeName.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when typeName.Contains("DateTime", StringComparison.Ordinal) => "a date-time text",
        _ when typeName.Contains("List", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when typeName.Contains("System.String", StringComparison.Ordinal) => "text",
        _ => "an object",
    };

    [GeneratedRegex(@"converted to (?<type>\S+?)\.?(?:\s|$)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"(?:System|TrainingJobs)\.[\w.`\[\],]+[\w\]]")]
    private static partial Regex DotNetTypeName();
}
