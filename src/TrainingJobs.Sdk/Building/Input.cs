using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>Creates input handles: <c>Input.Number("lr", 0.01)</c>, <c>Input.UriFolder("data", "azureml:mnist:1")</c>.</summary>
public static class Input
{
    /// <summary>A string input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="value">The value, if the job gives one.</param>
    public static LiteralInputHandle String(string name, string? value = null) => Literal(name, LiteralType.String, value is null ? (LiteralValue?)null : LiteralValue.FromString(value));

    /// <summary>An integer input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="value">The value, if the job gives one.</param>
    public static LiteralInputHandle Integer(string name, long? value = null) => Literal(name, LiteralType.Integer, value is { } v ? LiteralValue.FromInteger(v) : (LiteralValue?)null);

    /// <summary>A number input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="value">The value, if the job gives one.</param>
    public static LiteralInputHandle Number(string name, double? value = null) => Literal(name, LiteralType.Number, value is { } v ? LiteralValue.FromNumber(v) : (LiteralValue?)null);

    /// <summary>A boolean input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="value">The value, if the job gives one.</param>
    public static LiteralInputHandle Boolean(string name, bool? value = null) => Literal(name, LiteralType.Boolean, value is { } v ? LiteralValue.FromBoolean(v) : (LiteralValue?)null);

    /// <summary>A <c>uri_file</c> input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="path">Where the file is, if the job gives it.</param>
    public static AssetInputHandle UriFile(string name, string? path = null) => Asset(name, AssetType.UriFile, path);

    /// <summary>A <c>uri_folder</c> input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="path">Where the folder is, if the job gives it.</param>
    public static AssetInputHandle UriFolder(string name, string? path = null) => Asset(name, AssetType.UriFolder, path);

    /// <summary>An <c>mltable</c> input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="path">Where the table is, if the job gives it.</param>
    public static AssetInputHandle MLTable(string name, string? path = null) => Asset(name, AssetType.MLTable, path);

    /// <summary>A <c>custom_model</c> input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="path">Where the model is, if the job gives it.</param>
    public static AssetInputHandle CustomModel(string name, string? path = null) => Asset(name, AssetType.CustomModel, path);

    /// <summary>An <c>mlflow_model</c> input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="path">Where the model is, if the job gives it.</param>
    public static AssetInputHandle MLflowModel(string name, string? path = null) => Asset(name, AssetType.MLflowModel, path);

    /// <summary>A <c>triton_model</c> input.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="path">Where the model is, if the job gives it.</param>
    public static AssetInputHandle TritonModel(string name, string? path = null) => Asset(name, AssetType.TritonModel, path);

    /// <summary>A data or model input of any asset type, including ones the SDK does not know.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="type">The asset type.</param>
    /// <param name="path">Where the data is, if the job gives it.</param>
    public static AssetInputHandle Asset(string name, AssetType type, string? path = null) =>
        new(name, new AssetInput { Type = type, Path = path });

    private static LiteralInputHandle Literal(string name, LiteralType type, LiteralValue? value) =>
        new(name, new LiteralInput { Type = type, Value = value });
}
