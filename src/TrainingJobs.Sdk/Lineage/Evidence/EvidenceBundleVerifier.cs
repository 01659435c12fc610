using System.Text;
using System.Text.Json;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// Checks an evidence bundle offline, as the auditor's recipe goes: every file against <c>SHA256SUMS</c>; each job's
/// statement's signature (with a public key); its subjects against <c>outputs/SHA256SUMS</c>; its resolved
/// dependencies against <c>inputs/*.sha256</c> and <c>code/files.sha256</c>. Every problem is listed, none thrown.
/// </summary>
internal static class EvidenceBundleVerifier
{
    /// <summary>
    /// Verifies the bundle in <paramref name="folder"/>. With <paramref name="publicKey"/> every statement must be
    /// DSSE-signed by it; without, a signed bundle's signatures are not checked (a warning says so) and an unsigned
    /// bundle is checked on its digests alone.
    /// </summary>
    public static EvidenceVerification Verify(string folder, DsseKey? publicKey)
    {
        var sums = Sha256Sums.Verify(folder);
        var problems = new List<string>(sums.Problems);
        var warnings = new List<string>();
        var manifestPath = Path.Combine(folder, EvidenceBundle.ManifestFile);
        if (!File.Exists(manifestPath))
        {
            problems.Add($"{EvidenceBundle.ManifestFile}: missing, so no statement could be checked");
            return new EvidenceVerification(sums.Modified, sums.Removed, sums.Added, problems, warnings, signatureChecked: false);
        }
        JsonDocument manifest;
        try
        {
            manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException e)
        {
            problems.Add($"{EvidenceBundle.ManifestFile}: not JSON ({e.Message})");
            return new EvidenceVerification(sums.Modified, sums.Removed, sums.Added, problems, warnings, signatureChecked: false);
        }
        var signatureChecked = false;
        using (manifest)
        {
            var signed = manifest.RootElement.TryGetProperty("signed", out var s) && s.ValueKind == JsonValueKind.True;
            if (publicKey is not null && !signed) problems.Add("a key was given, but the bundle is not signed: its statements carry no signature to check");
            if (publicKey is null && signed) warnings.Add("the bundle is signed, but no public key was given: its signatures were not checked");
            List<JsonElement> jobs = manifest.RootElement.TryGetProperty("jobs", out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : [];
            if (jobs.Count == 0) problems.Add($"{EvidenceBundle.ManifestFile}: no jobs list");
            foreach (var job in jobs)
            {
                var prefix = job.TryGetProperty("folder", out var f) ? f.GetString() ?? "" : "";
                if (prefix.Length > 0 && (!prefix.StartsWith(EvidenceBundle.JobsFolder + "/", StringComparison.Ordinal) || !prefix.EndsWith('/')
                    || !BundleParts.IsPlainName(prefix[(EvidenceBundle.JobsFolder.Length + 1)..^1])))
                {
                    problems.Add($"{EvidenceBundle.ManifestFile}: job folder '{prefix}' is not jobs/<name>/: not checked");
                    continue;
                }
                if (!job.TryGetProperty("attestation", out var a) || a.GetString() is not { } attestation)
                {
                    // A job with output files always has a statement: one that lost it (and its manifest entry) hides its outputs' provenance.
                    var outputs = Path.Combine(folder, prefix + EvidenceBundle.OutputSums);
                    if (File.Exists(outputs) && new FileInfo(outputs).Length > 0) problems.Add($"{prefix}{EvidenceBundle.OutputSums} lists output files, but the job has no statement");
                    continue;
                }
                var statement = ReadStatement(folder, prefix, attestation, signed, publicKey, problems, ref signatureChecked);
                if (statement is not null) CrossCheck(folder, prefix, statement, problems);
            }
        }
        if (publicKey is not null && !signatureChecked && problems.Count == 0) problems.Add("a key was given, but no statement in the bundle is signed by it");
        return new EvidenceVerification(sums.Modified, sums.Removed, sums.Added, problems, warnings, signatureChecked && problems.Count == 0);
    }

    private static InTotoStatement? ReadStatement(string folder, string prefix, string attestation, bool signed, DsseKey? key, List<string> problems, ref bool signatureChecked)
    {
        var expected = signed ? EvidenceBundle.SignedAttestation : EvidenceBundle.UnsignedAttestation;
        var path = prefix + expected;
        if (attestation != path)
        {
            problems.Add($"{EvidenceBundle.ManifestFile}: the attestation of {(prefix.Length == 0 ? "the job" : prefix.TrimEnd('/'))} is {attestation}, not {path}");
            return null;
        }
        var full = Path.Combine(folder, path);
        if (!File.Exists(full)) return null; // named by the sums check as removed
        var bytes = File.ReadAllBytes(full);
        if (!signed)
        {
            var plain = InTotoStatementJson.TryDeserialize(bytes, out var problem);
            if (plain is null) problems.Add($"{path}: {problem}");
            return plain;
        }
        var line = Encoding.UTF8.GetString(bytes).TrimEnd('\n');
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            problems.Add($"{path}: more than one envelope; a job's statement is one line");
            return null;
        }
        var envelope = Dsse.TryDeserialize(Encoding.UTF8.GetBytes(line), out var envelopeProblem);
        if (envelope is null)
        {
            problems.Add($"{path}: {envelopeProblem}");
            return null;
        }
        if (envelope.PayloadType != InTotoStatement.PayloadType) problems.Add($"{path}: payload type {envelope.PayloadType}, not {InTotoStatement.PayloadType}");
        byte[]? payload;
        if (key is not null)
        {
            var result = Dsse.Verify(envelope, key);
            if (result.Outcome != DsseVerification.Valid)
            {
                problems.Add($"{path}: signature check failed: {result.Message}");
                return null;
            }
            signatureChecked = true;
            payload = result.Payload;
        }
        else
        {
            // Unauthenticated: read only to cross-check digests, and the result says the signature was not checked.
            payload = Dsse.PayloadUnverified(envelope);
        }
        if (payload is null)
        {
            problems.Add($"{path}: the payload is not base64");
            return null;
        }
        var statement = InTotoStatementJson.TryDeserialize(payload, out var statementProblem);
        if (statement is null) problems.Add($"{path}: {statementProblem}");
        return statement;
    }

    // Steps 3 and 4 of the recipe: subjects = outputs/SHA256SUMS; resolved dependencies = the input and code listings.
    private static void CrossCheck(string folder, string prefix, InTotoStatement statement, List<string> problems)
    {
        var where = prefix.Length == 0 ? "the job's statement" : $"the statement of {prefix.TrimEnd('/')}";
        var outputs = ReadListing(folder, prefix + EvidenceBundle.OutputSums, problems);
        if (outputs is not null)
        {
            var listed = outputs.Select(o => (EvidenceStatement.OutputPrefix + o.Path, o.Sha256)).ToHashSet();
            var subjects = statement.Subject.Select(s => (s.Name ?? "", s.Digest?.GetValueOrDefault("sha256") ?? "")).ToHashSet();
            foreach (var (name, sha) in subjects.Except(listed).Order()) problems.Add($"{where}: subject {name} (sha256 {sha}) is not in {prefix}{EvidenceBundle.OutputSums}");
            foreach (var (name, sha) in listed.Except(subjects).Order()) problems.Add($"{where}: {prefix}{EvidenceBundle.OutputSums} lists {name} (sha256 {sha}), which is not a subject");
        }
        foreach (var dependency in statement.Predicate.BuildDefinition.ResolvedDependencies ?? [])
        {
            var name = dependency.Name ?? "";
            var listingPath = name == EvidenceStatement.CodeDependency ? EvidenceBundle.CodeFiles
                : name.StartsWith(EvidenceStatement.InputPrefix, StringComparison.Ordinal) && BundleParts.IsPlainName(name[EvidenceStatement.InputPrefix.Length..]) ? name + ".sha256"
                : null;
            if (listingPath is null)
            {
                problems.Add($"{where}: dependency '{name}' names no listing in the bundle");
                continue;
            }
            if (ReadListing(folder, prefix + listingPath, problems) is not { } files) continue;
            var digest = dependency.Digest ?? new Dictionary<string, string>();
            var matched = false;
            if (digest.TryGetValue("dirHash1", out var dirHash))
            {
                var actual = ContentDigest.OfManifest(files.Select(e => (Encoding.UTF8.GetBytes(e.Path), e.Sha256)));
                if (actual != dirHash) problems.Add($"{where}: dependency {name} has dirHash1 {dirHash}, but {prefix}{listingPath} gives {actual}");
                matched = true;
            }
            if (digest.TryGetValue("sha256", out var sha))
            {
                if (files is not [var only] || only.Sha256 != sha) problems.Add($"{where}: dependency {name} has sha256 {sha}, but {prefix}{listingPath} does not list one file with it");
                matched = true;
            }
            if (!matched) problems.Add($"{where}: dependency {name} has neither a dirHash1 nor a sha256 digest to check");
        }
    }

    private static List<(string Path, string Sha256)>? ReadListing(string folder, string path, List<string> problems)
    {
        var full = Path.Combine(folder, path);
        if (!File.Exists(full))
        {
            problems.Add($"{path}: missing, so the statement could not be checked against it");
            return null;
        }
        var listingProblems = new List<string>();
        var entries = Sha256Sums.Parse(File.ReadAllBytes(full), listingProblems);
        problems.AddRange(listingProblems.Select(p => $"{path}: {p}"));
        return [.. entries.Select(e => (Encoding.UTF8.GetString(e.Path), e.Sha256))];
    }
}

/// <summary>What <see cref="EvidenceBundleWriter.Verify"/> found: every problem is listed, none thrown.</summary>
public sealed class EvidenceVerification
{
    internal EvidenceVerification(IReadOnlyList<string> modified, IReadOnlyList<string> removed, IReadOnlyList<string> added, IReadOnlyList<string> problems,
        IReadOnlyList<string> warnings, bool signatureChecked)
    {
        Modified = modified;
        Removed = removed;
        Added = added;
        Problems = problems;
        Warnings = warnings;
        SignatureChecked = signatureChecked;
    }

    /// <summary>Files whose SHA-256 differs from <c>SHA256SUMS</c>.</summary>
    public IReadOnlyList<string> Modified { get; }

    /// <summary>Files <c>SHA256SUMS</c> lists that are gone.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Files <c>SHA256SUMS</c> does not list.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Everything else that fails the bundle: signatures, subjects, dependencies, malformed files.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>What was not checked (a signed bundle verified without a key).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Whether every statement's signature was checked with the given key and verified.</summary>
    public bool SignatureChecked { get; }

    /// <summary>Whether the bundle verifies: nothing modified, removed or added, and no problem.</summary>
    public bool Verified => Modified.Count == 0 && Removed.Count == 0 && Added.Count == 0 && Problems.Count == 0;
}
