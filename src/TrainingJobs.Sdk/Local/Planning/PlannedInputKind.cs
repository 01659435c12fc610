using System.Text.Json;
using System.Text.Json.Serialization;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// What a planned input is: a literal value, or an asset of an <see cref="Definitions.AssetType"/>. Asset types are an
/// open set (a type Azure ML does not know is a warning, and the job still runs), so this is not a C# enum; it is
/// stored in the plan as the text plans were always written with: <c>literal</c>, or the asset type as written.
/// </summary>
[JsonConverter(typeof(PlannedInputKindConverter))]
internal readonly record struct PlannedInputKind
{
    private const string LiteralText = "literal";

    private PlannedInputKind(AssetType? assetType) => AssetType = assetType;

    /// <summary>A literal value (a number, string, boolean): the input's value is the value itself.</summary>
    public static PlannedInputKind Literal { get; } = new(null);

    /// <summary>An asset: the input's value is a local path.</summary>
    public static PlannedInputKind Asset(AssetType type) => new(type);

    /// <summary>The asset type; null for a literal.</summary>
    public AssetType? AssetType { get; }

    /// <summary>Whether the input is a literal (its value is not a path).</summary>
    public bool IsLiteral => AssetType is null;

    /// <summary>The stored text: <c>literal</c>, or the asset type as written.</summary>
    public override string ToString() => AssetType?.ToString() ?? LiteralText;

    /// <summary>The kind a stored text names (the inverse of <see cref="ToString"/>).</summary>
    public static PlannedInputKind FromStored(string text) =>
        text == LiteralText ? Literal : Asset(new AssetType(text));
}

/// <summary>Writes a <see cref="PlannedInputKind"/> as its stored text, and reads it back.</summary>
internal sealed class PlannedInputKindConverter : JsonConverter<PlannedInputKind>
{
    /// <inheritdoc />
    public override PlannedInputKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PlannedInputKind.FromStored(reader.GetString() ?? throw new JsonException("An input kind is a string."));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PlannedInputKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
