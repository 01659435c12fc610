using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>What submission copies of the code folder, and the digests it records, checked against digests computed here.</summary>
[Parallelizable(ParallelScope.All)]
public class LocalCodeSnapshotTests
{
    [Test]
    public async Task The_code_and_input_digests_are_the_dirHash1_and_SHA256_of_what_was_copied()
    {
        await using var ws = new TempWorkspace();
        var code = Path.Combine(ws.Work, "src");
        ws.WriteFile("src/train.sh", "echo train\n");
        ws.WriteFile("src/lib/util.py", "X = 1\n");
        ws.WriteFile("src/.amlignore", "secret.txt\n");
        ws.WriteFile("src/secret.txt", "v1");
        var data = ws.WriteFile("data.csv", "1,2,3\n");
        var expected = DirHash1(code, ".amlignore", "lib/util.py", "train.sh");

        var first = await SubmitAsync(ws, code, data);
        ws.WriteFile("src/secret.txt", "v2, an ignored file changed");
        var ignoredChanged = await SubmitAsync(ws, code, data);
        ws.WriteFile("src/lib/util.py", "X = 2\n");
        var includedChanged = await SubmitAsync(ws, code, data);

        first.CodeDigest.Should().Be(expected);
        first.Inputs.Single(i => i.Name == "data").Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("1,2,3\n"))));
        ignoredChanged.CodeDigest.Should().Be(first.CodeDigest, "an ignored file is not part of the snapshot");
        includedChanged.CodeDigest.Should().NotBe(first.CodeDigest).And.Be(DirHash1(code, ".amlignore", "lib/util.py", "train.sh"));
    }

    [Test]
    public async Task Without_an_amlignore_the_gitignore_decides_what_is_copied()
    {
        await using var ws = new TempWorkspace();
        var code = Path.Combine(ws.Work, "src");
        ws.WriteFile("src/.gitignore", "*.log\n!keep.log\n/build/\n");
        ws.WriteFile("src/train.sh", "echo train\n");
        ws.WriteFile("src/debug.log", "noise");
        ws.WriteFile("src/keep.log", "kept by negation");
        ws.WriteFile("src/build/out.bin", "artifact");
        ws.WriteFile("src/lib/build/kept.txt", "not anchored at the root, so kept");
        ws.WriteFile("src/.git/config", "[core]");

        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "true", Code = code });
        var done = await ws.WaitAsync(job.Name);
        var record = await ws.Client.GetRecordAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var snapshot = Path.Combine(ws.Options.Home!, "jobs", job.Name, "code");
        Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(snapshot, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("outputs/", StringComparison.Ordinal))
            .Should().BeEquivalentTo([".gitignore", "train.sh", "keep.log", "lib/build/kept.txt"]);
        record.CodeDigest.Should().Be(DirHash1(code, ".gitignore", "keep.log", "lib/build/kept.txt", "train.sh"));
    }

    private static async Task<Jobs.JobRecord> SubmitAsync(TempWorkspace ws, string code, string data)
    {
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "true",
            Code = code,
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = data })),
        });
        await ws.WaitAsync(job.Name);
        return await ws.Client.GetRecordAsync(job.Name);
    }

    /// <summary>in-toto dirHash1: SHA-256 of the lines "&lt;sha256&gt;  &lt;path&gt;\n", sorted by path.</summary>
    internal static string DirHash1(string folder, params string[] files)
    {
        var manifest = new StringBuilder();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            manifest.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))))).Append("  ").Append(file).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }
}
