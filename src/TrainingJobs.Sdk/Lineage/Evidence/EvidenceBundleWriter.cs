using Azure;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// Exports and checks evidence bundles (<c>docs/lineage.md</c>, "Exporting and verifying a bundle"): what
/// <c>tj job export --bundle</c> and <c>tj evidence verify</c> do, for code. A bundle is a folder a release reviewer
/// verifies offline: a job's (and its steps' or trials') definition, record, manifests, logs (secrets redacted) and an
/// in-toto provenance statement, optionally DSSE-signed, with <c>SHA256SUMS</c> over every file.
/// </summary>
/// <remarks><c>AddTrainingJobs</c> registers one on the default workspace's client; for a named one, create it on <c>CreateClient(name)</c>.</remarks>
public class EvidenceBundleWriter
{
    private readonly TrainingJobsClient? _client;
    private readonly TimeProvider _time = TimeProvider.System;

    /// <summary>For mocking only: every method that a subclass does not override throws <see cref="InvalidOperationException"/>.</summary>
    protected EvidenceBundleWriter()
    {
    }

    /// <summary>Creates a writer that reads jobs through a client.</summary>
    /// <param name="client">The client of the workspace the jobs are in.</param>
    public EvidenceBundleWriter(TrainingJobsClient client)
        : this(client, TimeProvider.System)
    {
    }

    /// <summary>Creates a writer that reads jobs through a client, with a clock for the bundle's creation time.</summary>
    /// <param name="client">The client of the workspace the jobs are in.</param>
    /// <param name="timeProvider">The clock the manifest's creation time is read from.</param>
    public EvidenceBundleWriter(TrainingJobsClient client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _time = timeProvider;
    }

    /// <summary>
    /// Writes the bundle of an ended job (and of every job below it) into a new folder. The bundle is built in a
    /// sibling folder and renamed when complete, so a failure leaves nothing half-written under that name.
    /// </summary>
    /// <param name="jobName">The job.</param>
    /// <param name="folder">The folder to write: must not exist, or be empty.</param>
    /// <param name="signingKeyPem">An ECDSA P-256 private key (PEM <c>PRIVATE KEY</c> or <c>EC PRIVATE KEY</c>) to DSSE-sign each statement with; null for an unsigned bundle.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="RequestFailedException">The job does not exist, or has not ended.</exception>
    /// <exception cref="ArgumentException">The key is not an ECDSA P-256 private key.</exception>
    /// <exception cref="IOException">The folder exists and is not empty, or cannot be written.</exception>
    public virtual async Task<EvidenceBundleResult> WriteAsync(string jobName, string folder, string? signingKeyPem = null, CancellationToken cancellationToken = default)
    {
        var client = Client();
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        using var key = signingKeyPem is null ? null
            : DsseKey.TryLoadPrivate(signingKeyPem, out var problem) ?? throw new ArgumentException($"Not a signing key: {problem}", nameof(signingKeyPem));
        return await EvidenceBundle.WriteAsync(client, jobName, folder, key, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a bundle offline: every file against <c>SHA256SUMS</c>, each statement's signature (with a public key),
    /// its subjects against the output digests and its dependencies against the input and code manifests. Synchronous:
    /// it reads local files only, as <c>tj evidence verify</c> does.
    /// </summary>
    /// <param name="folder">The bundle's folder.</param>
    /// <param name="publicKeyPem">
    /// The signer's ECDSA P-256 public key (PEM <c>PUBLIC KEY</c>): every statement must be signed by it. Null: a
    /// signed bundle's signatures are not checked (a warning says so).
    /// </param>
    /// <returns>What was found; <see cref="EvidenceVerification.Verified"/> says whether the bundle verifies.</returns>
    /// <exception cref="ArgumentException">The key is not an ECDSA P-256 public key.</exception>
    public virtual EvidenceVerification Verify(string folder, string? publicKeyPem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        using var key = publicKeyPem is null ? null
            : DsseKey.TryLoadPublic(publicKeyPem, out var problem) ?? throw new ArgumentException($"Not a public key: {problem}", nameof(publicKeyPem));
        return EvidenceBundleVerifier.Verify(Path.GetFullPath(folder), key);
    }

    private TrainingJobsClient Client([System.Runtime.CompilerServices.CallerMemberName] string operation = "") =>
        _client ?? throw new InvalidOperationException(
            $"This {GetType().Name} was created with the mocking constructor of {nameof(EvidenceBundleWriter)}; override {operation} to use it.");
}
