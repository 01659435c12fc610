using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// The interpolated string handler behind <see cref="CommandText"/>: the compiler calls it for
/// <c>$"python train.py --lr {lr}"</c> passed where a command is expected. Not meant to be used directly.
/// </summary>
[InterpolatedStringHandler]
public ref struct CommandTextHandler
{
    private readonly StringBuilder _text;
    private readonly ImmutableArray<InputHandle>.Builder _inputs;
    private readonly ImmutableArray<OutputHandle>.Builder _outputs;
    private readonly ImmutableArray<SearchSpaceHandle>.Builder _searchSpace;

    /// <summary>Called by the compiler.</summary>
    /// <param name="literalLength">The length of the literal parts.</param>
    /// <param name="formattedCount">The number of holes.</param>
    public CommandTextHandler(int literalLength, int formattedCount)
    {
        _text = new StringBuilder(literalLength + (formattedCount * 24));
        _inputs = ImmutableArray.CreateBuilder<InputHandle>();
        _outputs = ImmutableArray.CreateBuilder<OutputHandle>();
        _searchSpace = ImmutableArray.CreateBuilder<SearchSpaceHandle>();
    }

    /// <summary>Appends literal text.</summary>
    /// <param name="value">The text.</param>
    public readonly void AppendLiteral(string value) => _text.Append(value);

    /// <summary>Appends a hole: a handle writes its expression, anything else its invariant text.</summary>
    /// <param name="value">The value.</param>
    /// <typeparam name="T">The value type.</typeparam>
    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    /// <summary>Appends a hole with a format string (used for plain values only).</summary>
    /// <param name="value">The value.</param>
    /// <param name="format">The format, e.g. <c>F2</c>.</param>
    /// <typeparam name="T">The value type.</typeparam>
    public readonly void AppendFormatted<T>(T value, string? format)
    {
        // Handles are matched at run time: a generic T binds more tightly than any handle overload would.
        switch (value)
        {
            case InputHandle input:
                Remember(_inputs, input);
                _text.Append(input.Expression);
                break;
            case OutputHandle output:
                Remember(_outputs, output);
                _text.Append(output.Expression);
                break;
            case SearchSpaceHandle parameter:
                Remember(_searchSpace, parameter);
                _text.Append(parameter.Expression);
                break;
            case CommandText text:
                foreach (var input in text.Inputs) Remember(_inputs, input);
                foreach (var output in text.Outputs) Remember(_outputs, output);
                foreach (var parameter in text.SearchSpace) Remember(_searchSpace, parameter);
                _text.Append(text.Text);
                break;
            case bool flag:
                // Lower case, as LiteralValue writes booleans, so a plain bool and a boolean input read the same.
                _text.Append(flag ? "true" : "false");
                break;
            case IFormattable formattable:
                _text.Append(formattable.ToString(format, CultureInfo.InvariantCulture));
                break;
            case null:
                break;
            default:
                _text.Append(value.ToString());
                break;
        }
    }

    /// <summary>Appends a string hole.</summary>
    /// <param name="value">The text.</param>
    public readonly void AppendFormatted(string? value) => _text.Append(value);

    internal readonly CommandText ToCommandText() =>
        new(_text?.ToString() ?? string.Empty,
            _inputs?.ToImmutable() ?? [],
            _outputs?.ToImmutable() ?? [],
            _searchSpace?.ToImmutable() ?? []);

    private static void Remember<THandle>(ImmutableArray<THandle>.Builder seen, THandle handle)
    {
        if (!seen.Contains(handle)) seen.Add(handle);
    }
}
