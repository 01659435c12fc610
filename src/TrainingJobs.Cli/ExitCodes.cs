namespace TrainingJobs.Cli;

/// <summary>The exit codes of <c>tj</c>: every verb returns one of these three and no other.</summary>
internal static class ExitCodes
{
    /// <summary>The command succeeded (for job verbs: the job completed).</summary>
    public const int Success = 0;

    /// <summary>The job failed, or the input is invalid.</summary>
    public const int Failure = 1;

    /// <summary>A usage error: unknown verb or option, a missing or malformed argument.</summary>
    public const int Usage = 2;
}
