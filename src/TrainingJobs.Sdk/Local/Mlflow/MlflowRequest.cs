using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;

namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// The fields of one MLflow request, from the query string (GET) or the JSON body, read the way proto-JSON
/// allows: int64 as a number or a string, doubles as numbers or <c>"NaN"</c>/<c>"Infinity"</c>/<c>"-Infinity"</c>;
/// unknown fields ignored.
/// </summary>
internal sealed class MlflowRequest
{
    private readonly JsonElement _body;
    private readonly NameValueCollection? _query;

    private MlflowRequest(JsonElement body, NameValueCollection? query)
    {
        _body = body;
        _query = query;
    }

    public static MlflowRequest FromQuery(NameValueCollection query) => new(default, query);

    public static MlflowRequest FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new MlflowException("BAD_REQUEST", "The request body must be a JSON object.");
        return new MlflowRequest(body, null);
    }

    public static MlflowRequest FromElement(JsonElement element) => FromJson(element);

    public string? String(string name)
    {
        if (_query is not null) return _query[name];
        return _body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;
    }

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw MlflowException.InvalidParameter($"Missing value for required parameter '{name}'.");

    /// <summary>The run id: <c>run_id</c>, else the deprecated <c>run_uuid</c>.</summary>
    public string RunId() => String("run_id") is { Length: > 0 } id ? id : RequiredString("run_uuid");

    public long? Int64(string name)
    {
        var text = String(name);
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d)) return (long)d;
        throw MlflowException.InvalidParameter($"Invalid value {text} for parameter '{name}' supplied: it must be an integer.");
    }

    public double Double(string name)
    {
        if (_query is null && _body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        var text = String(name) ?? throw MlflowException.InvalidParameter($"Missing value for required parameter '{name}'.");
        return text switch
        {
            "NaN" => double.NaN,
            "Infinity" or "inf" => double.PositiveInfinity,
            "-Infinity" or "-inf" => double.NegativeInfinity,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw MlflowException.InvalidParameter($"Invalid value {text} for parameter '{name}' supplied: it must be a number."),
        };
    }

    public IEnumerable<MlflowRequest> Array(string name)
    {
        if (_query is not null || !_body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array) yield break;
        foreach (var item in value.EnumerateArray()) yield return FromElement(item);
    }

    public IEnumerable<string> Strings(string name)
    {
        if (_query is not null)
        {
            foreach (var value in _query.GetValues(name) ?? []) yield return value;
            yield break;
        }
        if (!_body.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array) yield break;
        foreach (var item in array.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        }
    }

    public int Count(string name) =>
        _query is null && _body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;

    public string RawJson() => _body.ValueKind == JsonValueKind.Undefined ? "{}" : _body.GetRawText();
}
