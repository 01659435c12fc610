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
/// Recognises secrets in text and says what kind they are. It never returns or keeps any part of the secret:
/// callers get kinds only, so a diagnostic cannot leak what it warns about.
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
        if (string.IsNullOrEmpty(text) || text.Length < 16) return [];
        List<(int Start, int End)>? claimed = null;
        List<SecretKind>? kinds = null;
        foreach (var (kind, hint, regex) in Detectors)
        {
            // A vectorised substring search rules most detectors out before any regex runs.
            if (!text.Contains(hint, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match match in regex.Matches(text))
            {
                if (!IsReal(kind, match) || Overlaps(claimed, match)) continue;
                (claimed ??= []).Add((match.Index, match.Index + match.Length));
                kinds ??= [];
                if (!kinds.Contains(kind)) kinds.Add(kind);
            }
        }
        return kinds is null ? [] : kinds;
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

    // Each detector with a substring every match contains.
    private static readonly (SecretKind Kind, string Hint, Regex Regex)[] Detectors =
    [
        (SecretKind.PrivateKey, "PRIVATE KEY", PrivateKeyBlock()),
        (SecretKind.StorageConnectionString, "Key", ConnectionStringKey()),
        (SecretKind.SharedAccessSignature, "sig=", SasSignature()),
        (SecretKind.JsonWebToken, "eyJ", Jwt()),
        (SecretKind.PasswordInUrl, "://", UrlPassword()),
        (SecretKind.BearerToken, "bearer", Bearer()),
        (SecretKind.StorageAccountKey, "==", AccountKey()),
    ];

    private static bool Overlaps(List<(int Start, int End)>? claimed, Match match)
    {
        if (claimed is null) return false;
        var end = match.Index + match.Length;
        foreach (var (s, e) in claimed)
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
