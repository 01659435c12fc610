using System.Text;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Seeded corruption of real corpus files: whatever the damage, loading ends in diagnostics or a job, never an exception.</summary>
public class MutationTests
{
    private const int Mutations = 2400;

    [Test]
    public void Corrupted_corpus_files_end_in_diagnostics_or_a_valid_job_never_an_exception()
    {
        var files = YamlCorpus.JobFiles.Select(f => (f.FullPath, Bytes: File.ReadAllBytes(f.FullPath))).ToList();
        var random = new Random(20261127);
        var kinds = new Dictionary<string, int>();
        int withErrors = 0, loaded = 0;
        var problems = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var (path, original) = files[random.Next(files.Count)];
            var (kind, bytes) = Mutate(original, random);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            YamlLoadResult result;
            try
            {
                result = YamlJobLoader.LoadBytes(bytes, new YamlLoadOptions { SourceName = path, BaseDirectory = Path.GetDirectoryName(path) });
            }
            catch (Exception ex)
            {
                problems.Add($"#{i} {kind} of {path}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            if (result.Definition is null && !result.HasErrors) problems.Add($"#{i} {kind} of {path}: no job and no error");
            if (result.Diagnostics.Any(d => !System.Text.RegularExpressions.Regex.IsMatch(d.Code, @"^TJ\d{4}$"))) problems.Add($"#{i}: a diagnostic without a stable code");
            if (result.Diagnostics.Any(d => d.Code.StartsWith("TJ1", StringComparison.Ordinal) && d.Code != YamlDiagnosticCodes.BadOverride && d.Location is null))
            {
                problems.Add($"#{i} {kind} of {path}: a YAML diagnostic without a location");
            }
            if (result.HasErrors) withErrors++;
            else loaded++;
        }
        TestContext.Out.WriteLine($"{Mutations} mutations ({string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}): {withErrors} ended in errors, {loaded} still loaded.");
        problems.Should().BeEmpty();
        withErrors.Should().BeGreaterThan(Mutations / 10, "corruption must be detected, not silently accepted");
    }

    private static (string Kind, byte[] Bytes) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                for (var flips = random.Next(1, 4); flips > 0 && bytes.Length > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("byte flip", bytes);
            case 1:
                return ("truncation", bytes[..random.Next(bytes.Length + 1)]);
            case 2:
            {
                var lines = Encoding.UTF8.GetString(bytes).Split('\n');
                if (lines.Length > 1)
                {
                    int a = random.Next(lines.Length), b = random.Next(lines.Length);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                }
                return ("line swap", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
            }
            case 3:
            {
                var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
                var at = random.Next(lines.Count);
                lines.Insert(at, lines[random.Next(lines.Count)]);
                return ("line duplicate", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
            }
            default:
            {
                var special = new[] { ":", "- ", "{", "[", "&a ", "*a", "!!int ", "\t", "'", "\"", "%YAML 1.2\n---\n", "? ", "|", ">", "#", "\0", "\u00ff" };
                var text = Encoding.UTF8.GetString(bytes);
                var at = random.Next(text.Length + 1);
                return ("token insert", Encoding.UTF8.GetBytes(text.Insert(at, special[random.Next(special.Length)])));
            }
        }
    }
}
