using System.CommandLine;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Cli.Commands;

/// <summary>Options shared by several verbs, spelled as <c>az ml job</c> spells them.</summary>
internal static class CommonOptions
{
    /// <summary><c>--name/-n</c>: the job name; one that no job can have (empty, <c>a/b</c>, <c>..</c>) is a usage error.</summary>
    public static Option<string> Name(bool required) =>
        JobName(new Option<string>("--name", "-n") { Description = "The job name.", Required = required });

    /// <summary>
    /// Checks an option that names a job against the Azure ML job name rule (a letter or digit, then up to 254
    /// letters, digits, '-' and '_'): a name that breaks it names no job, and would be unsafe as a folder name.
    /// </summary>
    /// <param name="option">The option.</param>
    public static Option<string> JobName(Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !NameRules.IsValidJobName(value))
            {
                result.AddError($"{option.Name}: {TerminalText.Quote(value)} is not a valid job name: use letters, digits, '-' and '_', starting with a letter or digit (at most 255 characters).");
            }
        });
        return option;
    }

    /// <summary><c>--file/-f</c>: a job YAML file.</summary>
    public static Option<string> File(bool required) =>
        new("--file", "-f") { Description = $"A job YAML file, as `az ml job create --file` takes (a regular file of at most {JobFileLimit}).", Required = required };

    /// <summary>The limit on a job file, in words; the YAML loader's <see cref="Sdk.Yaml.YamlLoadOptions.MaxDocumentBytes"/>.</summary>
    public static string JobFileLimit => Sdk.IO.BoundedFile.DescribeLimit(Sdk.Yaml.YamlLoadOptions.Default.MaxDocumentBytes);

    /// <summary><c>--set path=value</c>, repeatable.</summary>
    public static Option<string[]> Set() =>
        new("--set") { Description = "Override a field, e.g. inputs.lr=0.1 (repeatable).", AllowMultipleArgumentsPerToken = false };

    /// <summary><c>--output/-o</c>: the output format.</summary>
    public static Option<string> Output(string defaultValue, params string[] allowed)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = $"Output format: {string.Join(", ", allowed)}.",
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    /// <summary>Workspace selection: <c>--subscription</c>, <c>--resource-group/-g</c>, <c>--workspace-name/-w</c>.</summary>
    /// <remarks>
    /// Each value is checked with Azure's own rules (<see cref="ArmNameRules"/>) when it is parsed: these values
    /// become segments of ARM ids, where <c>a/b</c> or <c>..</c> would change the id's shape.
    /// </remarks>
    public static IEnumerable<Option> Workspace() =>
    [
        Checked(new Option<string>("--subscription") { Description = "Azure subscription id (a GUID) of the Azure ML workspace." }, ArmNameRules.SubscriptionIdProblem),
        Checked(new Option<string>("--resource-group", "-g") { Description = "Resource group of the Azure ML workspace." }, ArmNameRules.ResourceGroupProblem),
        Checked(new Option<string>("--workspace-name", "-w") { Description = "Azure ML workspace name; the local workspace is used when omitted." }, ArmNameRules.WorkspaceNameProblem),
    ];

    private static Option<string> Checked(Option<string> option, Func<string, string?> problemOf)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && problemOf(value) is { } problem)
            {
                result.AddError($"{option.Name}: {TerminalText.Quote(value)} is not valid: {problem}.");
            }
        });
        return option;
    }
}
