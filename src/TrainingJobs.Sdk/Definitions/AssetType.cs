using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>The type of a data or model input/output (<c>uri_file</c>, <c>uri_folder</c>, …).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct AssetType : IEquatable<AssetType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public AssetType(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>A single file.</summary>
    public static AssetType UriFile { get; } = new("uri_file");

    /// <summary>A folder.</summary>
    public static AssetType UriFolder { get; } = new("uri_folder");

    /// <summary>An MLTable.</summary>
    public static AssetType MLTable { get; } = new("mltable");

    /// <summary>A model in a custom format.</summary>
    public static AssetType CustomModel { get; } = new("custom_model");

    /// <summary>An MLflow model.</summary>
    public static AssetType MLflowModel { get; } = new("mlflow_model");

    /// <summary>A Triton model.</summary>
    public static AssetType TritonModel { get; } = new("triton_model");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<AssetType> Known { get; } = [UriFile, UriFolder, MLTable, CustomModel, MLflowModel, TritonModel];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static AssetType Parse(string text)
    {
        var candidate = new AssetType(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(AssetType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is AssetType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(AssetType left, AssetType right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(AssetType left, AssetType right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator AssetType(string value) => new(value);
}
