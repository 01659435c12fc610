using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// The declared type of an output, or of an input given as a binding: an asset type (<c>uri_folder</c>, …, see
/// <see cref="AssetType"/>) or, for control outputs and literal inputs, a literal type (<c>boolean</c>, …, see <see cref="LiteralType"/>).
/// </summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct PortType : IEquatable<PortType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public PortType(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>A single file (<see cref="AssetType.UriFile"/>).</summary>
    public static PortType UriFile { get; } = new("uri_file");

    /// <summary>A folder (<see cref="AssetType.UriFolder"/>).</summary>
    public static PortType UriFolder { get; } = new("uri_folder");

    /// <summary>An MLTable (<see cref="AssetType.MLTable"/>).</summary>
    public static PortType MLTable { get; } = new("mltable");

    /// <summary>A model in a custom format (<see cref="AssetType.CustomModel"/>).</summary>
    public static PortType CustomModel { get; } = new("custom_model");

    /// <summary>An MLflow model (<see cref="AssetType.MLflowModel"/>).</summary>
    public static PortType MLflowModel { get; } = new("mlflow_model");

    /// <summary>A Triton model (<see cref="AssetType.TritonModel"/>).</summary>
    public static PortType TritonModel { get; } = new("triton_model");

    /// <summary>Text (<see cref="LiteralType.String"/>).</summary>
    public static PortType String { get; } = new("string");

    /// <summary>A whole number (<see cref="LiteralType.Integer"/>).</summary>
    public static PortType Integer { get; } = new("integer");

    /// <summary>A floating-point number (<see cref="LiteralType.Number"/>).</summary>
    public static PortType Number { get; } = new("number");

    /// <summary>True or false (<see cref="LiteralType.Boolean"/>).</summary>
    public static PortType Boolean { get; } = new("boolean");

    /// <summary>Whether this is one of the well-known asset types.</summary>
    public bool IsAsset => AssetType.Known.Contains(ToAssetType());

    /// <summary>Whether this is one of the well-known literal types.</summary>
    public bool IsLiteral => LiteralType.Known.Contains(ToLiteralType());

    /// <summary>The same text as an asset type.</summary>
    public AssetType ToAssetType() => AssetType.Parse(ToString());

    /// <summary>The same text as a literal type.</summary>
    public LiteralType ToLiteralType() => LiteralType.Parse(ToString());

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<PortType> Known { get; } = [UriFile, UriFolder, MLTable, CustomModel, MLflowModel, TritonModel, String, Integer, Number, Boolean];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static PortType Parse(string text)
    {
        var candidate = new PortType(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(PortType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is PortType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(PortType left, PortType right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(PortType left, PortType right) => !left.Equals(right);

    /// <summary>Converts an asset type.</summary>
    public static implicit operator PortType(AssetType value) => new(value.ToString());

    /// <summary>Converts a literal type.</summary>
    public static implicit operator PortType(LiteralType value) => new(value.ToString());

    /// <summary>Converts text to a value.</summary>
    public static implicit operator PortType(string value) => new(value);
}
