using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>
/// A small validator for the swagger 2.0 subset the ARM spec uses: <c>$ref</c>, <c>allOf</c> (properties and
/// <c>required</c> inherited down the chain, <c>additionalProperties: false</c> judged on the merged properties as
/// autorest does), <c>discriminator</c> + <c>x-ms-discriminator-value</c>, <c>type</c>, <c>required</c>,
/// <c>enum</c>, <c>minLength</c>, <c>pattern</c>, <c>items</c>, map <c>additionalProperties</c>, and
/// <c>readOnly</c> (a request must not send read-only fields).
/// </summary>
internal sealed class SwaggerValidator
{
    private static readonly string[] ProxyResourceProperties = ["id", "name", "type", "systemData"];
    private readonly JsonObject _definitions;

    public SwaggerValidator(JsonObject swagger) => _definitions = swagger["definitions"]!.AsObject();

    public static SwaggerValidator ForJobsExtract() =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared, "reference", "spec", "mfe-2025-12-01.jobs-extract.json")))!.AsObject());

    /// <summary>Validates a request body against a definition; returns the problems found (empty when valid).</summary>
    public IReadOnlyList<string> Validate(JsonNode? body, string definition)
    {
        var errors = new List<string>();
        ValidateDefinition(body, definition, "$", errors);
        return errors;
    }

    private void ValidateDefinition(JsonNode? node, string name, string path, List<string> errors)
    {
        if (!_definitions.ContainsKey(name))
        {
            errors.Add($"{path}: definition {name} is not in the spec");
            return;
        }
        var definition = _definitions[name]!.AsObject();
        if (definition["type"]?.GetValue<string>() is { } scalar && scalar != "object")
        {
            // Enumerations and other scalar definitions.
            ValidateSchema(node, definition, path, errors);
            return;
        }
        if (Discriminator(name) is { } discriminator && node is JsonObject obj
            && obj[discriminator] is JsonValue value && value.TryGetValue(out string? tag))
        {
            var subtype = Subtype(name, tag);
            if (subtype is null)
            {
                errors.Add($"{path}.{discriminator}: '{tag}' is not a subtype of {name}");
                return;
            }
            name = subtype;
        }
        var (properties, required, closed) = Effective(name);
        ValidateObject(node, properties, required, closed, name, path, errors);
    }

    private void ValidateObject(JsonNode? node, Dictionary<string, JsonObject> properties, HashSet<string> required, bool closed, string name, string path, List<string> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add($"{path}: expected an object ({name})");
            return;
        }
        foreach (var field in required)
        {
            if (obj[field] is null) errors.Add($"{path}.{field}: required by {name}");
        }
        foreach (var (key, value) in obj)
        {
            if (properties.TryGetValue(key, out var schema))
            {
                ValidateSchema(value, schema, $"{path}.{key}", errors);
            }
            else if (closed)
            {
                errors.Add($"{path}.{key}: not a property of {name} (additionalProperties: false)");
            }
        }
    }

    private void ValidateSchema(JsonNode? node, JsonObject schema, string path, List<string> errors)
    {
        if (schema["readOnly"] is JsonValue readOnly && readOnly.GetValue<bool>())
        {
            errors.Add($"{path}: read-only, must not be sent");
        }
        if (node is null) return; // x-nullable or simply absent
        if (schema["$ref"] is JsonValue reference)
        {
            ValidateDefinition(node, DefinitionName(reference.GetValue<string>()), path, errors);
            return;
        }
        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "string":
                if (node.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string");
                    return;
                }
                var text = node.GetValue<string>();
                if (schema["minLength"] is JsonValue min && text.Length < min.GetValue<int>()) errors.Add($"{path}: shorter than {min}");
                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>())) errors.Add($"{path}: does not match {pattern}");
                if (schema["enum"] is JsonArray values && !values.Any(v => v!.GetValue<string>() == text)) errors.Add($"{path}: '{text}' is not one of the enum values");
                break;
            case "integer":
                if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue(out long _)) errors.Add($"{path}: expected an integer");
                break;
            case "number":
                if (node.GetValueKind() != JsonValueKind.Number) errors.Add($"{path}: expected a number");
                break;
            case "boolean":
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) errors.Add($"{path}: expected a boolean");
                break;
            case "array":
                if (node is not JsonArray array)
                {
                    errors.Add($"{path}: expected an array");
                    return;
                }
                for (var i = 0; i < array.Count; i++) ValidateSchema(array[i], schema["items"]!.AsObject(), $"{path}[{i}]", errors);
                break;
            case "object" or null:
                if (node is not JsonObject obj)
                {
                    if (type == "object") errors.Add($"{path}: expected an object");
                    return;
                }
                if (schema["additionalProperties"] is JsonObject mapValues)
                {
                    foreach (var (key, value) in obj) ValidateSchema(value, mapValues, $"{path}.{key}", errors);
                }
                else if (schema["properties"] is JsonObject)
                {
                    var properties = schema["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.AsObject());
                    var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                    ValidateObject(obj, properties, required, schema["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>(), "inline object", path, errors);
                }
                break;
        }
    }

    /// <summary>Own and inherited properties and required fields; closed when the definition says additionalProperties: false.</summary>
    private (Dictionary<string, JsonObject> Properties, HashSet<string> Required, bool Closed) Effective(string name)
    {
        var definition = _definitions[name]!.AsObject();
        var properties = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parent in definition["allOf"] as JsonArray ?? [])
        {
            var reference = parent!["$ref"]!.GetValue<string>();
            if (!reference.StartsWith("#/definitions/", StringComparison.Ordinal))
            {
                // common-types ProxyResource: read-only id, name, type, systemData.
                foreach (var field in ProxyResourceProperties) properties[field] = new JsonObject { ["readOnly"] = true };
                continue;
            }
            var (inherited, inheritedRequired, _) = Effective(DefinitionName(reference));
            foreach (var (key, value) in inherited) properties[key] = value;
            required.UnionWith(inheritedRequired);
        }
        foreach (var (key, value) in definition["properties"] as JsonObject ?? []) properties[key] = value!.AsObject();
        foreach (var field in definition["required"] as JsonArray ?? []) required.Add(field!.GetValue<string>());
        var closed = definition["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>();
        return (properties, required, closed);
    }

    private string? Discriminator(string name)
    {
        var definition = _definitions[name]!.AsObject();
        if (definition["discriminator"] is JsonValue own) return own.GetValue<string>();
        foreach (var parent in definition["allOf"] as JsonArray ?? [])
        {
            var reference = parent!["$ref"]!.GetValue<string>();
            if (reference.StartsWith("#/definitions/", StringComparison.Ordinal) && Discriminator(DefinitionName(reference)) is { } inherited) return inherited;
        }
        return null;
    }

    private string? Subtype(string baseName, string tag)
    {
        foreach (var (name, value) in _definitions)
        {
            var tagValue = value!["x-ms-discriminator-value"]?.GetValue<string>() ?? name;
            if (tagValue == tag && DerivesFrom(name, baseName)) return name;
        }
        return null;
    }

    private bool DerivesFrom(string name, string ancestor)
    {
        if (name == ancestor) return true;
        foreach (var parent in _definitions[name]!["allOf"] as JsonArray ?? [])
        {
            var reference = parent!["$ref"]!.GetValue<string>();
            if (reference.StartsWith("#/definitions/", StringComparison.Ordinal) && DerivesFrom(DefinitionName(reference), ancestor)) return true;
        }
        return false;
    }

    private static string DefinitionName(string reference) => reference[(reference.LastIndexOf('/') + 1)..];
}
