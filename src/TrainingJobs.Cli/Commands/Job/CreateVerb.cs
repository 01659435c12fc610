using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job create</c>: submit a job from a YAML file.</summary>
internal static class CreateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("create", "Submit a job from a YAML file.");
        command.Options.Add(CommonOptions.File(required: true));
        command.Options.Add(CommonOptions.Name(required: false));
        command.Options.Add(CommonOptions.Set());
        command.Options.Add(new Option<bool>("--stream", "-s") { Description = "Stream status, logs and metrics until the job ends; the exit code follows its final status." });
        command.Options.Add(CommonOptions.Output("json", "json", "yaml"));
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job create");
    }
}
