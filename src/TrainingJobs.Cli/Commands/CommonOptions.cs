using System.CommandLine;

namespace TrainingJobs.Cli.Commands;

/// <summary>Options shared by several verbs, spelled as <c>az ml job</c> spells them.</summary>
internal static class CommonOptions
{
    /// <summary><c>--name/-n</c>: the job name.</summary>
    public static Option<string> Name(bool required) =>
        new("--name", "-n") { Description = "The job name.", Required = required };

    /// <summary><c>--file/-f</c>: a job YAML file.</summary>
    public static Option<string> File(bool required) =>
        new("--file", "-f") { Description = "A job YAML file, as `az ml job create --file` takes.", Required = required };

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
    public static IEnumerable<Option> Workspace() =>
    [
        new Option<string>("--subscription") { Description = "Azure subscription id (Azure ML workspace)." },
        new Option<string>("--resource-group", "-g") { Description = "Resource group of the Azure ML workspace." },
        new Option<string>("--workspace-name", "-w") { Description = "Azure ML workspace name; the local workspace is used when omitted." },
    ];
}
