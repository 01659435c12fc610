using Azure.Core;

namespace TrainingJobs.Sdk;

/// <summary>
/// Options for a <see cref="TrainingJobsClient"/>: the service version its requests speak, plus the retry,
/// diagnostics and transport settings every Azure SDK client takes (<see cref="ClientOptions.Retry"/>,
/// <see cref="ClientOptions.Diagnostics"/>). The local backend makes no HTTP calls and ignores the transport settings.
/// </summary>
public class TrainingJobsClientOptions : ClientOptions
{
    /// <summary>The newest service version this library speaks, used when none is given.</summary>
    public const ServiceVersion LatestVersion = ServiceVersion.V2025_12_01;

    /// <summary>Creates options for a service version.</summary>
    /// <param name="version">The service version; default: <see cref="LatestVersion"/>.</param>
    /// <exception cref="NotSupportedException">The version is not one this library speaks.</exception>
    public TrainingJobsClientOptions(ServiceVersion version = LatestVersion)
    {
        // Fail here rather than at the first request: an unknown value would otherwise surface as a bad api-version.
        _ = version.ToApiVersion();
        Version = version;
    }

    /// <summary>The service versions this library speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>The Azure Machine Learning REST api-version <c>2025-12-01</c>.</summary>
        V2025_12_01 = 1,
    }

    /// <summary>The service version requests are made with.</summary>
    public ServiceVersion Version { get; }
}

/// <summary>Maps a <see cref="TrainingJobsClientOptions.ServiceVersion"/> to its wire form.</summary>
internal static class ServiceVersionExtensions
{
    /// <summary>The <c>api-version</c> query value of a service version.</summary>
    /// <exception cref="NotSupportedException">The version is not one this library speaks.</exception>
    public static string ToApiVersion(this TrainingJobsClientOptions.ServiceVersion version) => version switch
    {
        TrainingJobsClientOptions.ServiceVersion.V2025_12_01 => "2025-12-01",
        _ => throw new NotSupportedException($"Service version {version} is not supported by this library."),
    };
}
