namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>Warnings raised while a job ran or finalized (an output entry the digest skipped), shown with the plan's warnings in the job record.</summary>
internal sealed partial class JobStore
{
    /// <summary>Adds a warning to a job.</summary>
    public void AddWarning(string name, string text) => Execute("INSERT INTO job_warnings(job, text) VALUES($j,$t)", ("$j", name), ("$t", text));

    /// <summary>A job's warnings, oldest first.</summary>
    public IReadOnlyList<string> GetWarnings(string name)
    {
        using var connection = Connect();
        using var command = Command(connection, "SELECT text FROM job_warnings WHERE job=$j ORDER BY seq", ("$j", name));
        using var reader = command.ExecuteReader();
        var warnings = new List<string>();
        while (reader.Read()) warnings.Add(reader.GetString(0));
        return warnings;
    }
}
