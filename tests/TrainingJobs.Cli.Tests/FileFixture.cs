namespace TrainingJobs.Cli.Tests;

/// <summary>A fresh temp folder per test for verbs that read files, with a helper to write one.</summary>
public abstract class FileFixture
{
    /// <summary>The test's folder.</summary>
    protected string Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), "tj-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the test's folder and returns its path.</summary>
    protected string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
