using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>A DSSE envelope (Dead Simple Signing Envelope): a typed payload and the signatures over it.</summary>
/// <param name="PayloadType">What the payload is (for an in-toto statement, <see cref="InTotoStatement.PayloadType"/>).</param>
/// <param name="Payload">The payload bytes, base64 (standard alphabet when written here; URL-safe is read too).</param>
/// <param name="Signatures">The signatures over <see cref="Dsse.Pae"/> of type and payload.</param>
internal sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures);

/// <summary>One DSSE signature.</summary>
/// <param name="KeyId">
/// A hint naming the key (here: hex SHA-256 of the public key's SubjectPublicKeyInfo); unauthenticated, so it only
/// narrows which key to try and is never trusted.
/// </param>
/// <param name="Sig">The signature, base64.</param>
internal sealed record DsseSignature(
    [property: JsonPropertyName("keyid")] string? KeyId,
    [property: JsonPropertyName("sig")] string Sig);

/// <summary>How a DSSE envelope fared against a public key.</summary>
internal enum DsseVerification
{
    /// <summary>A signature by the key verifies over the payload and its type.</summary>
    Valid,

    /// <summary>The envelope carries no signature.</summary>
    NoSignature,

    /// <summary>Every signature names (by key id) a different key: none was made with this one.</summary>
    WrongKey,

    /// <summary>
    /// A signature names this key (or names none) but does not verify: the payload, its type or the signature was
    /// changed after signing (or, for a signature without a key id, another key made it).
    /// </summary>
    Tampered,

    /// <summary>The envelope cannot be decoded (bad base64).</summary>
    Malformed,
}

/// <summary>What <see cref="Dsse.Verify"/> found.</summary>
/// <param name="Outcome">The verdict.</param>
/// <param name="Payload">The payload bytes, only when <see cref="DsseVerification.Valid"/>: read nothing else from an envelope.</param>
/// <param name="Message">The verdict in words, for a report.</param>
internal sealed record DsseVerifyResult(DsseVerification Outcome, byte[]? Payload, string Message);

/// <summary>
/// DSSE v1 signing and verification with ECDSA P-256 and SHA-256 (System.Security.Cryptography only).
/// </summary>
/// <remarks>
/// Signatures are DER-encoded (the ASN.1 <c>SEQUENCE { r, s }</c> of RFC 3279), the convention of sigstore and the
/// in-toto tools and what <c>openssl dgst -sha256 -verify</c> checks; the raw <c>r || s</c> form (IEEE P1363) is
/// not written or accepted. The key id is the lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo,
/// so anyone holding the public key PEM can compute it.
/// </remarks>
internal static class Dsse
{
    /// <summary>
    /// The Pre-Authentication Encoding the signature covers, exactly per the DSSE protocol:
    /// <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, LEN being the byte length in ASCII decimal.
    /// </summary>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> body)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        var middle = Encoding.ASCII.GetBytes($" {body.Length} ");
        var pae = new byte[head.Length + type.Length + middle.Length + body.Length];
        head.CopyTo(pae, 0);
        type.CopyTo(pae, head.Length);
        middle.CopyTo(pae, head.Length + type.Length);
        body.CopyTo(pae.AsSpan(head.Length + type.Length + middle.Length));
        return pae;
    }

    /// <summary>Signs <paramref name="payload"/> as <paramref name="payloadType"/> with a private key.</summary>
    public static DsseEnvelope Sign(string payloadType, ReadOnlySpan<byte> payload, DsseKey key)
    {
        var signature = key.Ecdsa.SignData(Pae(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new DsseEnvelope(payloadType, Convert.ToBase64String(payload), [new DsseSignature(key.KeyId, Convert.ToBase64String(signature))]);
    }

    /// <summary>
    /// Verifies an envelope against a public key: valid when any signature by that key verifies. A signature whose
    /// key id names another key is not tried (the DSSE use of key ids); one without a key id is.
    /// </summary>
    public static DsseVerifyResult Verify(DsseEnvelope envelope, DsseKey key)
    {
        if (envelope.Signatures.Count == 0) return new(DsseVerification.NoSignature, null, "the envelope has no signature");
        var payload = DecodeBase64(envelope.Payload);
        if (payload is null) return new(DsseVerification.Malformed, null, "the payload is not base64");
        var pae = Pae(envelope.PayloadType, payload);
        var tried = false;
        foreach (var signature in envelope.Signatures)
        {
            if (!string.IsNullOrEmpty(signature.KeyId) && !string.Equals(signature.KeyId, key.KeyId, StringComparison.OrdinalIgnoreCase)) continue;
            tried = true;
            var sig = DecodeBase64(signature.Sig);
            if (sig is not null && key.Ecdsa.VerifyData(pae, sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                return new(DsseVerification.Valid, payload, $"signed by key {key.KeyId}");
            }
        }
        return tried
            ? new(DsseVerification.Tampered, null, $"the signature by key {key.KeyId} does not match the payload: it was changed after signing")
            : new(DsseVerification.WrongKey, null, $"no signature was made with key {key.KeyId} (signed by {string.Join(", ", envelope.Signatures.Select(s => s.KeyId))})");
    }

    /// <summary>The envelope as compact UTF-8 JSON (one line: an <c>.intoto.jsonl</c> bundle holds one per line).</summary>
    public static byte[] Serialize(DsseEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(envelope, EvidenceJsonContext.Default.DsseEnvelope);

    /// <summary>Reads an envelope; null with the reason when the bytes are not one.</summary>
    public static DsseEnvelope? TryDeserialize(ReadOnlySpan<byte> json, out string? problem)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(json, EvidenceJsonContext.Default.DsseEnvelope);
            problem = envelope is { PayloadType: not null, Payload: not null, Signatures: not null } ? null : "not a DSSE envelope: a field is missing";
            return problem is null ? envelope : null;
        }
        catch (JsonException e)
        {
            problem = "not a DSSE envelope: " + e.Message;
            return null;
        }
    }

    /// <summary>
    /// The payload without checking any signature: only for a caller that reports the signature as not checked (a
    /// bundle verified without a key still cross-checks its digests). Null when it is not base64.
    /// </summary>
    public static byte[]? PayloadUnverified(DsseEnvelope envelope) => DecodeBase64(envelope.Payload);

    // DSSE verifiers must accept both the standard and the URL-safe base64 alphabet, padded or not.
    private static byte[]? DecodeBase64(string? text)
    {
        if (text is null) return null;
        var normal = text.Replace('-', '+').Replace('_', '/');
        normal = normal.PadRight(normal.Length + ((4 - (normal.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(normal);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>An ECDSA P-256 key read from PEM, for signing (private) or verifying (public) DSSE envelopes.</summary>
internal sealed class DsseKey : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private DsseKey(ECDsa ecdsa, bool isPrivate)
    {
        Ecdsa = ecdsa;
        IsPrivate = isPrivate;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo.</summary>
    public string KeyId { get; }

    /// <summary>Whether the key can sign.</summary>
    public bool IsPrivate { get; }

    /// <summary>The key.</summary>
    internal ECDsa Ecdsa { get; }

    /// <summary>
    /// Reads a private key: PEM <c>PRIVATE KEY</c> (PKCS#8) or <c>EC PRIVATE KEY</c> (SEC1), on the P-256 curve.
    /// Null with the reason for anything else (an encrypted key, another curve, not a key).
    /// </summary>
    public static DsseKey? TryLoadPrivate(string pem, out string? problem) =>
        Load(pem, ["PRIVATE KEY", "EC PRIVATE KEY"], isPrivate: true, out problem);

    /// <summary>Reads a public key: PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo) on the P-256 curve.</summary>
    public static DsseKey? TryLoadPublic(string pem, out string? problem) =>
        Load(pem, ["PUBLIC KEY"], isPrivate: false, out problem);

    /// <summary>The public half, as PEM <c>PUBLIC KEY</c>: what a verifier is given.</summary>
    public string ExportPublicPem() => Ecdsa.ExportSubjectPublicKeyInfoPem();

    /// <inheritdoc />
    public void Dispose() => Ecdsa.Dispose();

    private static DsseKey? Load(string pem, string[] labels, bool isPrivate, out string? problem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            problem = "no PEM block (-----BEGIN …-----) found";
            return null;
        }
        var label = pem[fields.Label];
        if (label == "ENCRYPTED PRIVATE KEY")
        {
            problem = "the private key is encrypted; give an unencrypted PKCS#8 or SEC1 key";
            return null;
        }
        if (!labels.Contains(label))
        {
            problem = $"a {label} PEM block, not {string.Join(" or ", labels)}";
            return null;
        }
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem[fields.Location]);
            var curve = ecdsa.ExportParameters(false).Curve;
            if (!curve.IsNamed || curve.Oid.Value != P256Oid)
            {
                problem = $"the key is on curve {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "(explicit)"}, not P-256";
                ecdsa.Dispose();
                return null;
            }
            problem = null;
            return new DsseKey(ecdsa, isPrivate);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ecdsa.Dispose();
            problem = "not an ECDSA key: " + e.Message;
            return null;
        }
    }
}
