namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>Snapshots the job's code into <c>code/</c> (an empty folder when the job names none).</summary>
internal static class CodeStep
{
    /// <summary>The snapshot as the plan records it: its <c>dirHash1</c> and the ignore file used (both null without code).</summary>
    public sealed record PlannedCode(string? Digest, string? IgnoreFile);

    /// <summary>Takes the snapshot, reporting what it left out; a code path that cannot be read is reported, not taken.</summary>
    public static PlannedCode Take(PlanningContext context)
    {
        PlannedCode planned;
        if (context.Job.Code is not { } code)
        {
            context.Files.CreateFolder("code");
            planned = new PlannedCode(null, null);
        }
        else if (LocalPathResolver.Resolve(code, "code", context) is { } codePath)
        {
            // A workspace inside the code folder is not copied into itself (PlanningFiles knows the workspace).
            var snapshot = context.Files.TakeCode(codePath);
            context.AddNotices("code", "Code entry ", snapshot.Notices);
            context.CodeFiles = snapshot.Files;
            context.CodeSource = codePath;
            planned = new PlannedCode(snapshot.Digest, snapshot.IgnoreFile);
        }
        else return new PlannedCode(null, null);

        // Files a script writes to ./outputs land in the default artifacts, as on Azure ML.
        context.Files.LinkOutputsIntoCode();
        return planned;
    }
}
