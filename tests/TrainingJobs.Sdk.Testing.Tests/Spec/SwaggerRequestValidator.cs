using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Testing.Tests.Spec;

/// <summary>
/// Checks requests against a Swagger 2.0 document (the 2025-12-01 extract in <c>../shared/reference/spec/</c>): the
/// URL must match one of its operation paths and methods with <c>api-version=2025-12-01</c>, and a body must validate
/// against the operation's body schema.
/// </summary>
/// <remarks>
/// The schema rules checked are the ones the extract uses: <c>$ref</c>, <c>allOf</c>, polymorphism by
/// <c>discriminator</c> / <c>x-ms-discriminator-value</c>, <c>type</c>, <c>x-nullable</c>, <c>required</c>,
/// <c>additionalProperties</c> (false, or a schema; absent leaves the object open, as in JSON Schema), <c>enum</c> (case-insensitive where <c>x-ms-enum</c> says
/// <c>modelAsString</c>, as the service treats those), <c>pattern</c>, <c>minLength</c>, <c>items</c>, and
/// <c>readOnly</c> (a client must not send it). A <c>$ref</c> to a file outside the extract (ARM common types:
/// <c>ProxyResource</c>'s read-only id, name, type, systemData) accepts anything, and is reported in
/// <see cref="ExternalReferences"/> so a test can say which parts went unchecked.
/// </remarks>
internal sealed class SwaggerRequestValidator
{
    private readonly JsonObject _definitions;
    private readonly List<(string Method, Regex Path, JsonObject Operation)> _operations = [];

    public SwaggerRequestValidator(JsonObject document, string apiVersion)
    {
        ApiVersion = apiVersion;
        _definitions = document["definitions"]!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(path), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.IgnoreCase);
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method == "parameters") continue;
                _operations.Add((method.ToUpperInvariant(), pattern, operation!.AsObject()));
            }
        }
    }

    public string ApiVersion { get; }

    /// <summary>The external references met while validating (accepted unchecked).</summary>
    public HashSet<string> ExternalReferences { get; } = [];

    /// <summary>The operation id a request matches, or null.</summary>
    public string? OperationOf(string method, Uri url) =>
        Find(method, url)?["operationId"]?.GetValue<string>();

    /// <summary>Every problem with one request; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, Uri url, JsonNode? body)
    {
        var problems = new List<string>();
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        if (query["api-version"] != ApiVersion) problems.Add($"{method} {url.AbsolutePath}: api-version is '{query["api-version"]}', not {ApiVersion}");
        var operation = Find(method, url);
        if (operation is null)
        {
            problems.Add($"{method} {url.AbsolutePath}: no operation of the spec has this path and method");
            return problems;
        }
        var bodyParameter = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).FirstOrDefault(p => p["in"]?.GetValue<string>() == "body");
        if (bodyParameter is null)
        {
            if (body is not null) problems.Add($"{method} {url.AbsolutePath}: the operation takes no body, but one was sent");
            return problems;
        }
        if (body is null)
        {
            if (bodyParameter["required"]?.GetValue<bool>() == true) problems.Add($"{method} {url.AbsolutePath}: the body is required");
            return problems;
        }
        Validate(body, bodyParameter["schema"]!.AsObject(), "$", problems);
        return problems;
    }

    private JsonObject? Find(string method, Uri url) =>
        _operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(url.AbsolutePath.TrimEnd('/'))).Operation;

    private JsonObject? Resolve(JsonObject schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            if (!reference.StartsWith("#/definitions/", StringComparison.Ordinal))
            {
                ExternalReferences.Add(reference);
                return null;
            }
            schema = _definitions[reference["#/definitions/".Length..]]!.AsObject();
        }
        return schema;
    }

    private void Validate(JsonNode? value, JsonObject schemaOrReference, string at, List<string> problems)
    {
        if (Resolve(schemaOrReference) is not { } schema) return;
        if (value is null)
        {
            if (schema["x-nullable"]?.GetValue<bool>() != true) problems.Add($"{at}: null where the spec does not allow null");
            return;
        }
        // Polymorphism: validate against the subtype the discriminator names.
        if (Discriminator(schema) is { } discriminator && value is JsonObject polymorphic)
        {
            var kind = polymorphic[discriminator]?.GetValue<string>();
            var subtype = kind is null ? null : SubtypeOf(schema, kind);
            if (subtype is null)
            {
                problems.Add($"{at}.{discriminator}: '{kind}' names no subtype in the spec");
                return;
            }
            if (!ReferenceEquals(subtype, schema))
            {
                ValidateObject(polymorphic, subtype, at, problems);
                return;
            }
        }
        switch (TypeOf(schema))
        {
            case "object":
                if (value is not JsonObject obj) problems.Add($"{at}: expected an object, got {value.GetValueKind()}");
                else ValidateObject(obj, schema, at, problems);
                break;
            case "array":
                if (value is not JsonArray array) problems.Add($"{at}: expected an array, got {value.GetValueKind()}");
                else if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < array.Count; i++) Validate(array[i], items, $"{at}[{i}]", problems);
                }
                break;
            case "string":
                if (value.GetValueKind() != System.Text.Json.JsonValueKind.String) problems.Add($"{at}: expected a string, got {value.GetValueKind()}");
                else ValidateString(value.GetValue<string>(), schema, at, problems);
                break;
            case "integer":
                if (value.GetValueKind() != System.Text.Json.JsonValueKind.Number || !long.TryParse(value.ToJsonString(), out _)) problems.Add($"{at}: expected an integer, got {value.ToJsonString()}");
                break;
            case "number":
                if (value.GetValueKind() != System.Text.Json.JsonValueKind.Number) problems.Add($"{at}: expected a number, got {value.GetValueKind()}");
                break;
            case "boolean":
                if (value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)) problems.Add($"{at}: expected a boolean, got {value.GetValueKind()}");
                break;
        }
    }

    private void ValidateString(string text, JsonObject schema, string at, List<string> problems)
    {
        if (schema["enum"] is JsonArray values)
        {
            var extensible = schema["x-ms-enum"]?["modelAsString"]?.GetValue<bool>() == true;
            var comparison = extensible ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!values.Any(v => string.Equals(v!.GetValue<string>(), text, comparison))) problems.Add($"{at}: '{text}' is not one of {string.Join(", ", values)}");
        }
        if (schema["minLength"]?.GetValue<int>() is { } min && text.Length < min) problems.Add($"{at}: shorter than {min}");
        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern)) problems.Add($"{at}: '{text}' does not match {pattern}");
        if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            problems.Add($"{at}: '{text}' is not a date-time");
        }
    }

    private void ValidateObject(JsonObject value, JsonObject schema, string at, List<string> problems)
    {
        var declared = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        JsonNode? additional = null;
        // JSON Schema (and the swagger validators ARM uses): an object is open unless a schema of its chain says
        // additionalProperties: false; the extract says so on nearly every definition.
        var open = true;
        Collect(schema, declared, required, ref additional, ref open);
        foreach (var name in required.Where(r => !value.ContainsKey(r))) problems.Add($"{at}.{name}: required, missing");
        foreach (var (name, child) in value)
        {
            if (declared.TryGetValue(name, out var property))
            {
                if (property["readOnly"]?.GetValue<bool>() == true) problems.Add($"{at}.{name}: read-only, must not be sent");
                Validate(child, property, $"{at}.{name}", problems);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Validate(child, additionalSchema, $"{at}.{name}", problems);
            }
            else if (!open)
            {
                problems.Add($"{at}.{name}: not a property of the spec's schema");
            }
        }
    }

    /// <summary>The properties, required names and additionalProperties of a schema and its allOf ancestors.</summary>
    private void Collect(JsonObject schemaOrReference, Dictionary<string, JsonObject> declared, HashSet<string> required, ref JsonNode? additional, ref bool open)
    {
        if (Resolve(schemaOrReference) is not { } schema)
        {
            // An external base (ARM's ProxyResource): its properties are read-only envelope fields; accept them unchecked.
            foreach (var name in new[] { "id", "name", "type", "systemData" }) declared.TryAdd(name, new JsonObject { ["readOnly"] = true });
            return;
        }
        foreach (var parent in schema["allOf"]?.AsArray() ?? []) Collect(parent!.AsObject(), declared, required, ref additional, ref open);
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? []) declared[name] = property!.AsObject();
        foreach (var name in schema["required"]?.AsArray() ?? []) required.Add(name!.GetValue<string>());
        switch (schema["additionalProperties"])
        {
            case JsonObject additionalSchema:
                additional = additionalSchema;
                break;
            case JsonValue flag when !flag.GetValue<bool>():
                open = false;
                break;
        }
    }

    private string? Discriminator(JsonObject schema)
    {
        if (schema["discriminator"]?.GetValue<string>() is { } own) return own;
        foreach (var parent in schema["allOf"]?.AsArray() ?? [])
        {
            if (Resolve(parent!.AsObject()) is { } resolved && Discriminator(resolved) is { } inherited) return inherited;
        }
        return null;
    }

    /// <summary>The definition whose discriminator value is <paramref name="kind"/> among <paramref name="schema"/> and what derives from it.</summary>
    private JsonObject? SubtypeOf(JsonObject schema, string kind)
    {
        var name = _definitions.FirstOrDefault(d => ReferenceEquals(d.Value, schema)).Key;
        if (DiscriminatorValue(name, schema) == kind) return schema;
        foreach (var (candidateName, candidate) in _definitions)
        {
            var definition = candidate!.AsObject();
            if (DiscriminatorValue(candidateName, definition) == kind && DerivesFrom(definition, name)) return definition;
        }
        return null;
    }

    private static string? DiscriminatorValue(string? name, JsonObject schema) =>
        schema["x-ms-discriminator-value"]?.GetValue<string>() ?? (schema["discriminator"] is null ? name : null);

    private bool DerivesFrom(JsonObject definition, string? baseName) =>
        baseName is not null && (definition["allOf"]?.AsArray() ?? []).Any(parent =>
            parent!["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/definitions/", StringComparison.Ordinal)
            && (reference == "#/definitions/" + baseName || DerivesFrom(_definitions[reference["#/definitions/".Length..]]!.AsObject(), baseName)));

    private static string? TypeOf(JsonObject schema) =>
        schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null || schema["allOf"] is not null ? "object" : null);
}
