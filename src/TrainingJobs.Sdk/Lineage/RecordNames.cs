using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage;

/// <summary>The words records and their exports use for a <see cref="FactSource"/>: one owner, so every face says the same.</summary>
internal static class RecordNames
{
    /// <summary><c>observed</c>, <c>service</c> or <c>reported</c>.</summary>
    /// <param name="source">The source.</param>
    public static string Source(FactSource source) => source switch
    {
        FactSource.Service => "service",
        FactSource.Reported => "reported",
        _ => "observed",
    };
}
