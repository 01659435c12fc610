using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Walks one job (of any kind, at any depth) and runs the checks that apply to it.</summary>
internal static class JobChecks
{
    /// <summary>Validates <paramref name="job"/> at <paramref name="path"/>.</summary>
    public static void Validate(JobDefinition job, string path, JobFrame frame, ValidationContext context)
    {
        CheckJobName(job, path, context);
        PortChecks.CheckInputs(job, path, frame, context);
        PortChecks.CheckOutputs(job, path, frame, context);
        ResourceChecks.CheckServices(job.Services, path, context);
        ResourceChecks.CheckNotifications(job.Notifications, path, context);
        CheckTagsAndProperties(job, path, context);

        switch (job)
        {
            case CommandJob command:
                CommandChecks.Check(command, path, frame, context);
                break;
            case SweepJob sweep:
                SweepChecks.Check(sweep, path, frame, context);
                break;
            case PipelineJob pipeline:
                PipelineChecks.Check(pipeline, path, frame, context);
                break;
        }
    }

    private static void CheckJobName(JobDefinition job, string path, ValidationContext context)
    {
        if (job.Name is { } name && !NameRules.IsValidJobName(name))
        {
            context.Report(ValidationCodes.InvalidName,
                $"The job name {NameRules.Quote(name, "given")} is not valid: it must start with a letter or digit and hold at most 255 letters, digits, '-' or '_' (Azure ML refuses other job names when the job is submitted).",
                DiagnosticPath.Append(path, "name"));
        }
    }

    private static void CheckTagsAndProperties(JobDefinition job, string path, ValidationContext context)
    {
        SecretChecks.Scan(job.DisplayName, ValidationCodes.SecretInOtherField, "The display name", DiagnosticPath.Append(path, "display_name"), context);
        SecretChecks.Scan(job.Description, ValidationCodes.SecretInOtherField, "The description", DiagnosticPath.Append(path, "description"), context);
        foreach (var (key, value) in Maps.OfText(job.Tags))
        {
            SecretChecks.Scan(value, ValidationCodes.SecretInOtherField, "This tag", DiagnosticPath.Append(path, "tags", key), context);
        }
        foreach (var (key, value) in Maps.OfText(job.Properties))
        {
            SecretChecks.Scan(value, ValidationCodes.SecretInOtherField, "This property", DiagnosticPath.Append(path, "properties", key), context);
        }
    }
}
