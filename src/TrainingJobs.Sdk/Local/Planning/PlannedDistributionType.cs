using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// How the supervisor starts a job's processes. Stored in the plan as the lower-case names below (the names plans were
/// always written with), so a plan stored by an earlier version still reads.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlannedDistributionType>))]
internal enum PlannedDistributionType
{
    /// <summary>One process, no distribution variables.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>PyTorch: processes per instance on every instance, with <c>torchrun</c>-style variables.</summary>
    [JsonStringEnumMemberName("pytorch")]
    PyTorch,

    /// <summary>MPI: processes per instance on every instance, with Open MPI-style variables.</summary>
    [JsonStringEnumMemberName("mpi")]
    Mpi,

    /// <summary>TensorFlow: workers and parameter servers across the job, with <c>TF_CONFIG</c>.</summary>
    [JsonStringEnumMemberName("tensorflow")]
    TensorFlow,
}
