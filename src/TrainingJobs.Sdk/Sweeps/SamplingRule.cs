namespace TrainingJobs.Sdk.Sweeps;

/// <summary>How <see cref="RandomSampler"/> draws its uniform numbers (<c>sampling_algorithm.rule</c>).</summary>
internal enum SamplingRule
{
    /// <summary>Independent pseudo-random draws (<c>rule: random</c>, the default).</summary>
    Random,

    /// <summary>A scrambled Sobol low-discrepancy sequence (<c>rule: sobol</c>).</summary>
    Sobol,
}
