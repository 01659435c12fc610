using System.Text;

namespace TrainingJobs.Sdk.Local.Files;

/// <summary>
/// File names as the kernel has them: bytes, not necessarily UTF-8. A job may create any name; .NET strings would
/// turn invalid bytes into U+FFFD and then no longer name the file, so the walker and the copier keep bytes and
/// turn them into text only to show them.
/// </summary>
internal static class PathBytes
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A NUL-terminated copy, as the <c>*at</c> calls take it.</summary>
    public static byte[] Terminated(ReadOnlySpan<byte> path)
    {
        var bytes = new byte[path.Length + 1];
        path.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A NUL-terminated UTF-8 path from a .NET string.</summary>
    public static byte[] Terminated(string path) => Terminated(Encoding.UTF8.GetBytes(path));

    /// <summary><paramref name="prefix"/> + '/' + <paramref name="name"/> (just the name when the prefix is empty).</summary>
    public static byte[] Join(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> name)
    {
        if (prefix.IsEmpty) return name.ToArray();
        var joined = new byte[prefix.Length + 1 + name.Length];
        prefix.CopyTo(joined);
        joined[prefix.Length] = (byte)'/';
        name.CopyTo(joined.AsSpan(prefix.Length + 1));
        return joined;
    }

    /// <summary>
    /// Text to show a user: the UTF-8 name when it is valid and has no control characters, else the valid parts with
    /// every other byte as <c>\xNN</c> (so a name can neither hide nor send terminal escape sequences).
    /// </summary>
    public static string Display(ReadOnlySpan<byte> path)
    {
        string text;
        try
        {
            text = Strict.GetString(path);
        }
        catch (DecoderFallbackException)
        {
            return Escaped(path);
        }
        foreach (var c in text)
        {
            if (char.IsControl(c)) return Escaped(path);
        }
        return text;
    }

    private static string Escaped(ReadOnlySpan<byte> path)
    {
        var builder = new StringBuilder(path.Length * 2);
        while (!path.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(path, out var rune, out var consumed) == System.Buffers.OperationStatus.Done && !Rune.IsControl(rune))
            {
                builder.Append(rune.ToString());
            }
            else
            {
                consumed = Math.Max(consumed, 1);
                foreach (var b in path[..consumed]) builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
            path = path[consumed..];
        }
        return builder.ToString();
    }
}
