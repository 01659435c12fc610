using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>Creates output handles: <c>Output.UriFolder("model")</c>, <c>Output.MLflowModel("model").RegisterAs("mnist")</c>.</summary>
public static class Output
{
    /// <summary>A <c>uri_folder</c> output.</summary>
    /// <param name="name">The output name.</param>
    public static OutputHandle UriFolder(string name) => Of(name, AssetType.UriFolder);

    /// <summary>A <c>uri_file</c> output.</summary>
    /// <param name="name">The output name.</param>
    public static OutputHandle UriFile(string name) => Of(name, AssetType.UriFile);

    /// <summary>An <c>mltable</c> output.</summary>
    /// <param name="name">The output name.</param>
    public static OutputHandle MLTable(string name) => Of(name, AssetType.MLTable);

    /// <summary>A <c>custom_model</c> output.</summary>
    /// <param name="name">The output name.</param>
    public static OutputHandle CustomModel(string name) => Of(name, AssetType.CustomModel);

    /// <summary>An <c>mlflow_model</c> output.</summary>
    /// <param name="name">The output name.</param>
    public static OutputHandle MLflowModel(string name) => Of(name, AssetType.MLflowModel);

    /// <summary>A <c>triton_model</c> output.</summary>
    /// <param name="name">The output name.</param>
    public static OutputHandle TritonModel(string name) => Of(name, AssetType.TritonModel);

    /// <summary>An output of any type, including ones the SDK does not know.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="type">The output type.</param>
    public static OutputHandle Of(string name, AssetType type) => new(name, new JobOutput { Type = type });
}
