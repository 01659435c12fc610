using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Lineage.Evidence;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>
/// Issue 13, acceptance 1 and the bundle half of 2: a real two-step pipeline's bundle verifies (here and with
/// <c>sha256sum -c</c>); modifying, deleting or adding a file fails it and names the file; a wrong key fails the
/// signature; a secret planted in the environment and printed by the script is in no file of the bundle.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class EvidenceBundleTests
{
    /// <summary>prep copies the seed file; train (with a code folder) turns prep's output into a model and logs a metric.</summary>
    internal static PipelineJob TwoSteps(TempWorkspace ws)
    {
        var seed = ws.WriteFile("seed.csv", "1,2\n3,4\n");
        ws.WriteFile("code/train.sh", "wc -l < \"$1\"/data.csv > \"$2\"/model.txt\necho trained\n");
        return new PipelineJob
        {
            ExperimentName = "evidence",
            Inputs = ValueMap.Of<JobInput>(("seed", new AssetInput { Type = AssetType.UriFile, Path = seed })),
            Outputs = ValueMap.Of(("model", new JobOutput())),
            Steps = ValueMap.Of(
                ("prep", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "cp ${{inputs.seed}} ${{outputs.out}}/data.csv",
                        Inputs = ValueMap.Of<JobInput>(("seed", new BindingInput { Expression = "${{parent.inputs.seed}}" })),
                        Outputs = ValueMap.Of(("out", new JobOutput())),
                    },
                }),
                ("train", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "sh train.sh ${{inputs.data}} ${{outputs.model}}",
                        Code = Path.Combine(ws.Work, "code"),
                        Inputs = ValueMap.Of<JobInput>(("data", new BindingInput { Expression = "${{parent.jobs.prep.outputs.out}}" })),
                        Outputs = ValueMap.Of(("model", new JobOutput { Path = "${{parent.outputs.model}}" })),
                    },
                })),
        };
    }

    internal static async Task<string> RunAsync(TempWorkspace ws, JobDefinition definition)
    {
        var job = await ws.Client.SubmitAsync(definition);
        var done = await ws.WaitAsync(job.Name);
        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        return job.Name;
    }

    private static Task<EvidenceBundleResult> ExportAsync(TempWorkspace ws, string name, string folder, DsseKey? key = null) =>
        EvidenceBundle.WriteAsync(ws.Client, name, folder, key, TimeProvider.System, CancellationToken.None);

    private static string CopyOf(string bundle, string suffix)
    {
        var copy = bundle + suffix;
        foreach (var file in Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(bundle, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    private static (int ExitCode, string Output) Sha256sumCheck(string folder)
    {
        var start = new ProcessStartInfo("sha256sum", "--strict -c SHA256SUMS") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static DsseKey NewKey()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return DsseKey.TryLoadPrivate(ecdsa.ExportPkcs8PrivateKeyPem(), out var problem) ?? throw new InvalidOperationException(problem);
    }

    private static DsseKey PublicOf(DsseKey key) => DsseKey.TryLoadPublic(key.ExportPublicPem(), out var problem) ?? throw new InvalidOperationException(problem);

    [Test]
    public async Task A_two_step_pipelines_bundle_verifies_and_holds_each_step_with_its_statement()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await RunAsync(ws, TwoSteps(ws));
        var bundle = Path.Combine(ws.Home, "bundle");

        var result = await ExportAsync(ws, pipeline, bundle);

        result.Jobs.Should().Equal(pipeline, pipeline + "_prep", pipeline + "_train");
        Directory.EnumerateFileSystemEntries(ws.Home).Should().NotContain(e => e.Contains(".tmp-", StringComparison.Ordinal), "the staging folder was renamed");
        var verification = EvidenceBundleVerifier.Verify(bundle, null);
        verification.Verified.Should().BeTrue(string.Join("\n", verification.Problems.Concat(verification.Modified).Concat(verification.Removed).Concat(verification.Added)));
        verification.Warnings.Should().BeEmpty("an unsigned bundle has no signature to leave unchecked");
        var check = Sha256sumCheck(bundle);
        check.ExitCode.Should().Be(0, check.Output);

        var train = $"jobs/{pipeline}_train/";
        foreach (var part in new[] { "job/definition.yaml", "job/record.json", "inputs/inputs.json", "inputs/data.sha256", "code/snapshot.json", "code/files.sha256",
                     "environment/environment.json", "compute/compute.json", "run/params.json", "run/tags.json", "metrics/metrics.jsonl", "metrics/summary.json",
                     "logs/user_logs/std_log.txt", "outputs/outputs.json", "outputs/SHA256SUMS", "attestations/provenance.intoto.json" })
        {
            File.Exists(Path.Combine(bundle, train + part)).Should().BeTrue(train + part);
        }
        File.ReadAllText(Path.Combine(bundle, train, "logs/user_logs/std_log.txt")).Should().Contain("trained");
        File.Exists(Path.Combine(bundle, "attestations/provenance.intoto.json")).Should().BeFalse("a pipeline runs no process of its own; its steps attest");
        var lineage = File.ReadAllLines(Path.Combine(bundle, EvidenceBundle.OpenLineageFile)).Select(l => JsonNode.Parse(l)!).ToList();
        lineage.Select(e => e["job"]!["name"]!.GetValue<string>()).Distinct().Should().HaveCount(3, "the pipeline and its two steps, a START and an end each");
        JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, EvidenceBundle.ProvFile)))!["activity"]!.AsObject().Should().HaveCount(3);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json")))!;
        manifest["signed"]!.GetValue<bool>().Should().BeFalse();
        manifest["jobs"]!.AsArray().Select(j => j!["folder"]!.GetValue<string>()).Should().Equal("", $"jobs/{pipeline}_prep/", train);

        var statement = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, train, "attestations/provenance.intoto.json")))!;
        var model = Convert.ToHexStringLower(SHA256.HashData("2\n"u8));
        statement["subject"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["digest"]!["sha256"]!.GetValue<string>()))
            .Should().Equal(("outputs/model/model.txt", model));
        var dependencies = statement["predicate"]!["buildDefinition"]!["resolvedDependencies"]!.AsArray();
        dependencies.Select(d => d!["name"]!.GetValue<string>()).Should().Equal("inputs/data", "code");
        dependencies[0]!["digest"]!["dirHash1"].Should().NotBeNull("prep's output is a folder");
        statement["predicate"]!["runDetails"]!["builder"]!["id"]!.GetValue<string>().Should().Be(EvidenceBundle.LocalBuilderId);
    }

    [Test]
    public async Task Modifying_deleting_or_adding_a_file_fails_verification_and_names_the_file()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await RunAsync(ws, TwoSteps(ws));
        var bundle = Path.Combine(ws.Home, "bundle");
        await ExportAsync(ws, pipeline, bundle);
        var record = $"jobs/{pipeline}_train/job/record.json";
        var log = $"jobs/{pipeline}_prep/inputs/seed.sha256";

        var modified = CopyOf(bundle, "-modified");
        File.AppendAllText(Path.Combine(modified, record), " ");
        var removed = CopyOf(bundle, "-removed");
        File.Delete(Path.Combine(removed, log));
        var added = CopyOf(bundle, "-added");
        File.WriteAllText(Path.Combine(added, "jobs", "extra.txt"), "not in the bundle");

        EvidenceBundleVerifier.Verify(modified, null).Should().Match<EvidenceVerification>(v => !v.Verified && v.Modified.SequenceEqual(new[] { record }));
        EvidenceBundleVerifier.Verify(removed, null).Should().Match<EvidenceVerification>(v => !v.Verified && v.Removed.SequenceEqual(new[] { log }));
        EvidenceBundleVerifier.Verify(added, null).Should().Match<EvidenceVerification>(v => !v.Verified && v.Added.SequenceEqual(new[] { "jobs/extra.txt" }));
        EvidenceBundleVerifier.Verify(bundle, null).Verified.Should().BeTrue("the original is untouched");
    }

    [Test]
    public async Task A_signed_bundle_verifies_with_its_key_fails_with_another_and_says_so_without_one()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await RunAsync(ws, TwoSteps(ws));
        var bundle = Path.Combine(ws.Home, "signed");
        using var key = NewKey();
        using var other = NewKey();
        using var publicKey = PublicOf(key);
        using var wrongKey = PublicOf(other);

        var result = await ExportAsync(ws, pipeline, bundle, key);

        result.KeyId.Should().Be(key.KeyId);
        File.Exists(Path.Combine(bundle, "jobs", pipeline + "_train", "attestations/provenance.intoto.jsonl")).Should().BeTrue();
        var good = EvidenceBundleVerifier.Verify(bundle, publicKey);
        good.Verified.Should().BeTrue(string.Join("\n", good.Problems));
        good.SignatureChecked.Should().BeTrue();

        var wrong = EvidenceBundleVerifier.Verify(bundle, wrongKey);
        wrong.Verified.Should().BeFalse();
        wrong.Modified.Should().BeEmpty();
        wrong.Problems.Should().Contain(p => p.Contains("signature check failed", StringComparison.Ordinal) && p.Contains(other.KeyId, StringComparison.Ordinal));

        var unchecked_ = EvidenceBundleVerifier.Verify(bundle, null);
        unchecked_.Verified.Should().BeTrue("the digests all hold");
        unchecked_.SignatureChecked.Should().BeFalse();
        unchecked_.Warnings.Should().ContainSingle().Which.Should().Contain("not checked");

        var unsigned = Path.Combine(ws.Home, "unsigned");
        await ExportAsync(ws, pipeline, unsigned);
        EvidenceBundleVerifier.Verify(unsigned, publicKey).Problems.Should().Contain(p => p.Contains("not signed", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_changed_subject_is_caught_even_when_the_sums_are_recomputed()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await RunAsync(ws, TwoSteps(ws));
        var bundle = Path.Combine(ws.Home, "bundle");
        await ExportAsync(ws, pipeline, bundle);
        var sums = Path.Combine(bundle, "jobs", pipeline + "_train", "outputs", "SHA256SUMS");
        File.WriteAllText(sums, new string('0', 64) + "  model/model.txt\n");
        Sha256Sums.Write(bundle).Written.Should().BeTrue();

        var verification = EvidenceBundleVerifier.Verify(bundle, null);

        verification.Modified.Should().BeEmpty();
        verification.Problems.Should().Contain(p => p.Contains("subject outputs/model/model.txt", StringComparison.Ordinal));
    }

    [Test]
    public async Task Export_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was()
    {
        await using var ws = new TempWorkspace();
        var name = await RunAsync(ws, new CommandJob { Command = "echo hi" });
        var folder = Path.Combine(ws.Home, "taken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "mine");

        var export = () => ExportAsync(ws, name, folder);

        await export.Should().ThrowAsync<IOException>().WithMessage("*not empty*");
        Directory.EnumerateFileSystemEntries(folder).Should().Equal(Path.Combine(folder, "keep.txt"));
        Directory.EnumerateFileSystemEntries(ws.Home).Should().NotContain(e => e.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Test]
    public async Task Secrets_in_the_environment_and_in_the_scripts_output_appear_in_no_file_of_the_bundle()
    {
        await using var ws = new TempWorkspace();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var bearer = "Zq" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        ws.WriteFile("code/leak.sh", $"echo \"token: $API_TOKEN\"\necho 'Authorization: Bearer {bearer}'\nenv\necho done > \"$1\"/result.txt\n");
        var name = await RunAsync(ws, new CommandJob
        {
            Command = "sh leak.sh ${{outputs.result}} $API_TOKEN",
            Code = Path.Combine(ws.Work, "code"),
            EnvironmentVariables = ValueMap.Of(("API_TOKEN", token)),
            Outputs = ValueMap.Of(("result", new JobOutput())),
        });
        var raw = File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", name, "artifacts", "user_logs", "std_log.txt"));
        var tracking = raw.Split('\n').Single(l => l.StartsWith("MLFLOW_TRACKING_TOKEN=", StringComparison.Ordinal))["MLFLOW_TRACKING_TOKEN=".Length..];
        raw.Should().Contain(token).And.Contain(bearer, "the job's own log file holds what it printed");
        var bundle = Path.Combine(ws.Home, "bundle");

        await ExportAsync(ws, name, bundle);

        var files = Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories).ToList();
        files.Should().Contain(f => f.EndsWith("std_log.txt", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in new[] { token, bearer, tracking })
            {
                bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1, $"{Path.GetRelativePath(bundle, file)} must not hold a secret");
            }
        }
        File.ReadAllText(Path.Combine(bundle, "logs/user_logs/std_log.txt")).Should().Contain("token: <redacted>").And.Contain("Authorization: <redacted>");
        EvidenceBundleVerifier.Verify(bundle, null).Verified.Should().BeTrue();
    }
}
