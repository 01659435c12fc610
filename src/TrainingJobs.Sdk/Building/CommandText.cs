using System.Collections.Immutable;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// A command line written as an interpolated string, with the handles it uses. Input, output and
/// search-space handles write their <c>${{…}}</c> expressions; any other value is written as invariant text.
/// </summary>
/// <example><code>
/// CommandText text = CommandText.Of($"python train.py --lr {lr} {CommandText.Optional($"--seed {seed}")}");
/// // python train.py --lr ${{inputs.lr}} $[[--seed ${{inputs.seed}}]]
/// </code></example>
public sealed class CommandText
{
    internal CommandText(string text, ImmutableArray<InputHandle> inputs, ImmutableArray<OutputHandle> outputs, ImmutableArray<SearchSpaceHandle> searchSpace)
    {
        Text = text;
        Inputs = inputs;
        Outputs = outputs;
        SearchSpace = searchSpace;
    }

    /// <summary>The command line, with <c>${{…}}</c> expressions and <c>$[[…]]</c> segments.</summary>
    public string Text { get; }

    /// <summary>The input handles the text uses, in order of first use.</summary>
    public IReadOnlyList<InputHandle> Inputs { get; }

    /// <summary>The output handles the text uses, in order of first use.</summary>
    public IReadOnlyList<OutputHandle> Outputs { get; }

    /// <summary>The search-space handles the text uses, in order of first use.</summary>
    public IReadOnlyList<SearchSpaceHandle> SearchSpace { get; }

    /// <summary>Captures an interpolated command line.</summary>
    /// <param name="text">The interpolated command line.</param>
    public static CommandText Of(CommandTextHandler text) => text.ToCommandText();

    /// <summary>
    /// An optional segment, <c>$[[…]]</c>: Azure ML drops it when an optional input it uses is not given.
    /// Interpolate the result into a command.
    /// </summary>
    /// <param name="segment">The interpolated segment, e.g. <c>$"--seed {seed}"</c>.</param>
    public static CommandText Optional(CommandTextHandler segment)
    {
        var inner = segment.ToCommandText();
        return new CommandText("$[[" + inner.Text + "]]", inner.Inputs.ToImmutableArray(), inner.Outputs.ToImmutableArray(), inner.SearchSpace.ToImmutableArray());
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    public override string ToString() => Text;
}
