using System.Security.Cryptography;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// <c>tj job export --bundle</c> and <c>tj evidence verify</c> on a real two-step pipeline (issue 13, acceptance 1):
/// a fresh bundle verifies; a modified, removed or added file exits 1 and is named; a wrong key exits 1.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class EvidenceCliTests
{
    private static PipelineJob TwoSteps(string seed) => new()
    {
        Name = "evidence_pipeline",
        Inputs = ValueMap.Of<JobInput>(("seed", new AssetInput { Type = AssetType.UriFile, Path = seed })),
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
                    Command = "wc -l < ${{inputs.data}}/data.csv > ${{outputs.model}}/model.txt",
                    Inputs = ValueMap.Of<JobInput>(("data", new BindingInput { Expression = "${{parent.jobs.prep.outputs.out}}" })),
                    Outputs = ValueMap.Of(("model", new JobOutput())),
                },
            })),
    };

    private static async Task<LocalCliWorkspace> WithPipelineAsync()
    {
        var ws = new LocalCliWorkspace();
        var seed = Path.Combine(ws.Root, "seed.csv");
        await File.WriteAllTextAsync(seed, "1,2\n3,4\n");
        await ws.Client.SubmitAsync(TwoSteps(seed));
        (await ws.Client.WaitForCompletionAsync("evidence_pipeline")).Status.Should().Be(JobStatus.Completed);
        return ws;
    }

    [Test]
    public async Task An_exported_bundle_verifies_and_each_tampering_exits_1_naming_the_file()
    {
        await using var ws = await WithPipelineAsync();

        var (exported, output, exportError) = await ws.RunAsync("job", "export", "--name", "evidence_pipeline", "--bundle", "bundle");
        exported.Should().Be(0, exportError);
        output.Should().Contain("3 job(s)").And.Contain("unsigned");
        var (verified, verifyOutput, verifyError) = await ws.RunAsync("evidence", "verify", "bundle");
        verified.Should().Be(0, verifyError);
        verifyOutput.Should().Contain("verified (unsigned)");

        var bundle = Path.Combine(ws.Root, "bundle");
        var record = "jobs/evidence_pipeline_train/job/record.json";
        var removed = "jobs/evidence_pipeline_prep/outputs/outputs.json";
        File.AppendAllText(Path.Combine(bundle, record), "\n");
        File.Delete(Path.Combine(bundle, removed));
        File.WriteAllText(Path.Combine(bundle, "notes.txt"), "added later");

        var (code, _, error) = await ws.RunAsync("evidence", "verify", "bundle");

        code.Should().Be(1);
        error.Should().Contain($"modified: {record}").And.Contain($"removed: {removed}").And.Contain("added: notes.txt");
    }

    [Test]
    public async Task A_signed_bundle_verifies_with_its_public_key_and_fails_with_another()
    {
        await using var ws = await WithPipelineAsync();
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "signer.pem"), signer.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "signer.pub"), signer.ExportSubjectPublicKeyInfoPem());
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "stranger.pub"), stranger.ExportSubjectPublicKeyInfoPem());

        var (exported, output, exportError) = await ws.RunAsync("job", "export", "-n", "evidence_pipeline", "--bundle", "signed", "--key", "signer.pem");
        exported.Should().Be(0, exportError);
        output.Should().Contain("signed with key");

        var (good, goodOutput, goodError) = await ws.RunAsync("evidence", "verify", "signed", "--key", "signer.pub");
        good.Should().Be(0, goodError);
        goodOutput.Should().Contain("signatures verified");
        var (wrong, _, wrongError) = await ws.RunAsync("evidence", "verify", "signed", "--key", "stranger.pub");
        wrong.Should().Be(1);
        wrongError.Should().Contain("signature check failed");
        var (unchecked_, uncheckedOutput, uncheckedError) = await ws.RunAsync("evidence", "verify", "signed");
        unchecked_.Should().Be(0, uncheckedError);
        uncheckedError.Should().Contain("warning: the bundle is signed, but no public key was given");
        uncheckedOutput.Should().Contain("signatures NOT checked");
    }

    [Test]
    public async Task Export_into_a_folder_that_is_not_empty_exits_1_and_writes_nothing()
    {
        await using var ws = await WithPipelineAsync();
        Directory.CreateDirectory(Path.Combine(ws.Root, "taken"));
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "taken", "keep.txt"), "mine");

        var (code, _, error) = await ws.RunAsync("job", "export", "-n", "evidence_pipeline", "--bundle", "taken");

        code.Should().Be(1);
        error.Should().Contain("not empty");
        Directory.EnumerateFileSystemEntries(Path.Combine(ws.Root, "taken")).Should().ContainSingle();
    }
}
