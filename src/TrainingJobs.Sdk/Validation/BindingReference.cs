using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>What a pipeline binding reads from.</summary>
internal enum BindingSource
{
    /// <summary><c>${{parent.inputs.x}}</c>: a pipeline input.</summary>
    ParentInput,

    /// <summary><c>${{parent.outputs.y}}</c>: a pipeline output.</summary>
    ParentOutput,

    /// <summary><c>${{parent.jobs.a.outputs.b}}</c>: an earlier step's output.</summary>
    StepOutput,

    /// <summary><c>${{parent.jobs.a.inputs.b}}</c>: an earlier step's input.</summary>
    StepInput,

    /// <summary><c>${{parent.jobs.a}}</c>: the whole step (an ordering edge, no data).</summary>
    Step,
}

/// <summary>
/// One parsed pipeline binding: the single owner of the <c>${{parent.…}}</c> grammar. Validation
/// (<see cref="StepBindings"/>) reports what does not parse; the local pipeline runner binds what does.
/// </summary>
/// <param name="Source">What the binding reads.</param>
/// <param name="Step">The step it names (<see cref="BindingSource.StepOutput"/>, <see cref="BindingSource.StepInput"/>, <see cref="BindingSource.Step"/>).</param>
/// <param name="Port">The input or output name (dots kept: a port name may hold them); empty for <see cref="BindingSource.Step"/>.</param>
internal sealed record BindingReference(BindingSource Source, string? Step, string Port)
{
    /// <summary>Parses the content of one <c>${{…}}</c> (without the braces); null when it is not a <c>parent.…</c> reference this grammar knows.</summary>
    /// <param name="content">For example <c>parent.jobs.prep.outputs.clean</c>.</param>
    public static BindingReference? Parse(string content)
    {
        var parts = content.Split('.');
        if (parts.Length < 3 || parts[0] != "parent" || parts.Any(p => p.Length == 0)) return null;
        var rest = string.Join('.', parts.Skip(2));
        switch (parts[1])
        {
            case "inputs":
                return new BindingReference(BindingSource.ParentInput, null, rest);
            case "outputs":
                return new BindingReference(BindingSource.ParentOutput, null, rest);
            case "jobs" when parts.Length == 3:
                return new BindingReference(BindingSource.Step, parts[2], "");
            case "jobs" when parts.Length >= 5 && parts[3] is "outputs" or "inputs":
                return new BindingReference(parts[3] == "outputs" ? BindingSource.StepOutput : BindingSource.StepInput, parts[2], string.Join('.', parts.Skip(4)));
            default:
                return null;
        }
    }

    /// <summary>The binding written as one expression (<c>${{parent.jobs.a.outputs.b}}</c>): what <see cref="ParseWhole"/> reads back.</summary>
    public string ToExpression() => "${{" + Source switch
    {
        BindingSource.ParentInput => "parent.inputs." + Port,
        BindingSource.ParentOutput => "parent.outputs." + Port,
        BindingSource.StepOutput => $"parent.jobs.{Step}.outputs.{Port}",
        BindingSource.StepInput => $"parent.jobs.{Step}.inputs.{Port}",
        _ => "parent.jobs." + Step,
    } + "}}";

    /// <summary>
    /// The binding when <paramref name="text"/> is exactly one <c>${{parent.…}}</c> expression (surrounding blanks
    /// allowed), as a step's input or output value is; null otherwise.
    /// </summary>
    public static BindingReference? ParseWhole(string? text)
    {
        if (text is null || !BindingText.IsBinding(text)) return null;
        var located = ExpressionScanner.Locate(text);
        if (located.Count != 1) return null;
        var expression = located[0];
        if (text[..expression.Index].Trim().Length > 0 || text[(expression.Index + expression.Length)..].Trim().Length > 0) return null;
        return Parse(expression.Token.Content);
    }
}
