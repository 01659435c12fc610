using System.Buffers;
using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>The kinds of secret the validator recognises in job text.</summary>
internal enum SecretKind
{
    /// <summary>A PEM private key block.</summary>
    PrivateKey,

    /// <summary>A connection string carrying an account or shared access key.</summary>
    StorageConnectionString,

    /// <summary>A shared access signature (<c>sig=</c>).</summary>
    SharedAccessSignature,

    /// <summary>A JSON Web Token.</summary>
    JsonWebToken,

    /// <summary>A password written in a URL's user information.</summary>
    PasswordInUrl,

    /// <summary>A bearer token after the <c>Bearer</c> scheme word.</summary>
    BearerToken,

    /// <summary>A bare storage account key (88 base64 characters ending in <c>==</c>).</summary>
    StorageAccountKey,
}

/// <summary>
/// Recognises secrets in text and says what kind they are, and which variable names say their value is a secret: the
/// one owner of "is this a secret" for validation (warnings) and the local backend (what it stores and shows
/// redacted). It never returns or keeps any part of a secret: callers get kinds, or the text with the secrets
/// replaced, so a diagnostic or a stored definition cannot leak what it warns about.
/// </summary>
internal static partial class SecretScanner
{
    /// <summary>The kinds found in <paramref name="text"/>, each once, most specific first.</summary>
    /// <remarks>
    /// Detectors run from the most to the least specific and a match that overlaps an earlier one is dropped,
    /// so the account key inside a connection string is reported once, as a connection string.
    /// </remarks>
    public static IReadOnlyList<SecretKind> Find(string? text)
    {
        var kinds = new List<SecretKind>();
        foreach (var (kind, _, _) in Spans(text))
        {
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }
        return kinds;
    }

    /// <summary>What stands in place of a secret in stored and shown text.</summary>
    public const string Redacted = "<redacted>";

    /// <summary>
    /// <paramref name="text"/> with every secret <see cref="Find"/> recognises replaced by <see cref="Redacted"/> (a PEM
    /// block from its BEGIN line to its END line, or to the end of the text when it has none).
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Redact(string? text)
    {
        if (text is null || !MayContainSecret(text)) return text;
        var spans = Spans(text);
        if (spans.Count == 0) return text;
        var redacted = new System.Text.StringBuilder(text!.Length);
        var at = 0;
        foreach (var (kind, start, end) in spans.OrderBy(s => s.Start))
        {
            var stop = end;
            if (kind == SecretKind.PrivateKey)
            {
                var footer = text.IndexOf("PRIVATE KEY", end, StringComparison.Ordinal) is var i and >= 0 ? text.IndexOf("-----", i, StringComparison.Ordinal) : -1;
                stop = footer >= 0 ? footer + "-----".Length : text.Length;
            }
            if (start < at) continue;
            redacted.Append(text, at, start - at).Append(Redacted);
            at = Math.Max(at, stop);
        }
        return redacted.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>
    /// Whether a variable's name says it holds a secret: one of its words (split at anything but letters and digits)
    /// is or ends with KEY, SECRET(S), TOKEN(S), PASSWORD, PASSWD or SAS, or it names a connection string. Its value is
    /// then a secret whatever it looks like. "Ends with" catches APIKEY and HFTOKEN; whole words keep TOKENIZERS_PARALLELISM
    /// and KEYBOARD out.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (upper.Contains("CONNECTION_STRING", StringComparison.Ordinal) || upper.Contains("CONNECTIONSTRING", StringComparison.Ordinal)) return true;
        foreach (var word in upper.Split(NotAlphanumeric(upper), StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "SAS" || SecretWords.Any(w => word.EndsWith(w, StringComparison.Ordinal))) return true;
        }
        return false;
    }

    private static readonly string[] SecretWords = ["KEY", "SECRET", "SECRETS", "TOKEN", "TOKENS", "PASSWORD", "PASSWD"];

    private static char[] NotAlphanumeric(string text) => [.. text.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct()];

    // Every secret in the text as (kind, start, end), most specific detector first, overlapping matches dropped.
    private static List<(SecretKind Kind, int Start, int End)> Spans(string? text)
    {
        var spans = new List<(SecretKind Kind, int Start, int End)>();
        if (text is null || !MayContainSecret(text)) return spans;
        foreach (var (kind, hints, regex) in Detectors)
        {
            // A vectorised substring search rules most detectors out before any regex runs.
            if (!ContainsAny(text, hints)) continue;
            foreach (Match match in regex.Matches(text))
            {
                if (!IsReal(kind, match) || Overlaps(spans, match)) continue;
                spans.Add((kind, match.Index, match.Index + match.Length));
            }
        }
        return spans;
    }

    private static bool ContainsAny(string text, string[] hints)
    {
        foreach (var hint in hints)
        {
            if (text.Contains(hint, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Names a kind in words, with its article, for messages.</summary>
    public static string Describe(SecretKind kind) => kind switch
    {
        SecretKind.PrivateKey => "a private key (PEM block)",
        SecretKind.StorageConnectionString => "a storage connection string with an account key",
        SecretKind.SharedAccessSignature => "a shared access signature (SAS token)",
        SecretKind.JsonWebToken => "a JSON Web Token (JWT)",
        SecretKind.PasswordInUrl => "a password in a URL",
        SecretKind.BearerToken => "a bearer token",
        SecretKind.StorageAccountKey => "a storage account key",
        _ => "a secret",
    };

    // Each detector with substrings one of which every match contains (compared ignoring case).
    private static readonly (SecretKind Kind, string[] Hints, Regex Regex)[] Detectors =
    [
        (SecretKind.PrivateKey, ["PRIVATE KEY"], PrivateKeyBlock()),
        (SecretKind.StorageConnectionString, ["AccountKey", "SharedAccessKey"], ConnectionStringKey()),
        (SecretKind.SharedAccessSignature, ["sig="], SasSignature()),
        (SecretKind.JsonWebToken, ["eyJ"], Jwt()),
        (SecretKind.PasswordInUrl, ["://"], UrlPassword()),
        (SecretKind.BearerToken, ["bearer"], Bearer()),
        (SecretKind.StorageAccountKey, ["=="], AccountKey()),
    ];

    /// <summary>
    /// The literal parts of every detector (compared ignoring case): a text holding none of them holds no secret the
    /// scanner recognises. For callers that fold this check into a single search of their own (<see cref="SecretValues"/>).
    /// </summary>
    public static IReadOnlyList<string> Hints { get; } = [.. Detectors.SelectMany(d => d.Hints)];

    // Every detector's hints in one set: a single vectorised pass over a log line rules out all of them at once.
    private static readonly SearchValues<string> AnyHint = SearchValues.Create([.. Hints], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// False when <paramref name="text"/> cannot hold a secret this scanner recognises (too short, or none of the
    /// literal parts every match contains): one pass, no regex, no allocation. The fast path of redacting streamed text.
    /// </summary>
    public static bool MayContainSecret(ReadOnlySpan<char> text) => text.Length >= 16 && text.IndexOfAny(AnyHint) >= 0;

    /// <summary>
    /// Whether <paramref name="text"/> opens a PEM private key block it does not close: the lines that follow, up to the
    /// END line, are the key (<see cref="Redact"/> redacts the block to the end of a text that holds no END line).
    /// </summary>
    public static bool OpensPrivateKeyBlock(string text)
    {
        if (!text.Contains("PRIVATE KEY", StringComparison.Ordinal)) return false;
        var begin = PrivateKeyBlock().Match(text);
        return begin.Success && text.IndexOf("PRIVATE KEY", begin.Index + begin.Length, StringComparison.Ordinal) < 0;
    }

    private static bool Overlaps(List<(SecretKind Kind, int Start, int End)> claimed, Match match)
    {
        var end = match.Index + match.Length;
        foreach (var (_, s, e) in claimed)
        {
            if (match.Index < e && s < end) return true;
        }
        return false;
    }

    // Filters what a regex alone cannot: variables and placeholders are references to secrets, not secrets.
    private static bool IsReal(SecretKind kind, Match match)
    {
        switch (kind)
        {
            case SecretKind.PasswordInUrl:
                var password = match.Groups["password"].Value;
                return !LooksLikePlaceholder(password);
            case SecretKind.BearerToken:
                var token = match.Groups["token"].Value;
                return token.Any(char.IsDigit) && token.Any(char.IsLetter);
            default:
                return true;
        }
    }

    private static bool LooksLikePlaceholder(string value) =>
        value.Length == 0 || value[0] is '$' or '%' or '<' or '{' or '[' || value.All(c => c is '*' or 'x' or 'X' or '.');

    // -----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    // AccountKey=… (storage) or SharedAccessKey=… (Service Bus, Event Hubs) with a base64 value.
    [GeneratedRegex(@"(?i)(?:AccountKey|SharedAccessKey)\s*=\s*[A-Za-z0-9+/]{20,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringKey();

    // The signature parameter of a SAS URL or a SharedAccessSignature connection-string part.
    [GeneratedRegex(@"(?i)[?&;]sig=[A-Za-z0-9%+/=_\-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex SasSignature();

    // header.payload[.signature], both JSON objects so both start with "eyJ".
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    // scheme://user:password@host — the user part holds no '/' so paths with '@' (git refs) do not match.
    [GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.\-]*://[^\s/:@'""]+:(?<password>[^\s/@'""]+)@[^\s/@'""]", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\bbearer\s+(?<token>[A-Za-z0-9\-._~+/]{20,}=*)", RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    // Storage account keys are 64 random bytes: 88 base64 characters ending in "==". Subresource-integrity hashes
    // ("sha512-…") have the same shape and are not secrets.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])(?<!sha512[-:=])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant)]
    private static partial Regex AccountKey();
}
