using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>A wire enumeration that keeps any string the service sends (every ARM enum is <c>modelAsString</c>).</summary>
/// <typeparam name="TSelf">The enumeration type.</typeparam>
internal interface IRestEnum<TSelf> where TSelf : struct, IRestEnum<TSelf>
{
    /// <summary>Creates the value from its wire text.</summary>
    /// <param name="value">The text.</param>
    static abstract TSelf FromWire(string value);
}

/// <summary>Reads and writes a wire enumeration as its plain string, whatever the value.</summary>
/// <typeparam name="T">The enumeration type.</typeparam>
internal sealed class RestEnumConverter<T> : JsonConverter<T> where T : struct, IRestEnum<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? T.FromWire(reader.GetString()!)
            : throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
