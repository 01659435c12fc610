using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// What planning does to files: a submit stages the job's folder (<see cref="Staging"/>); validation rehearses the
/// same planning (<see cref="Rehearsal"/>), which resolves, walks and checks every path as a copy or digest would but
/// creates nothing and reads no file's bytes. One planner serves both, so validation reports what a submit would.
/// </summary>
internal abstract class PlanningFiles
{
    /// <summary>Files written under <paramref name="stagingFolder"/>, which becomes the job's folder.</summary>
    /// <param name="stagingFolder">The staging folder (it exists).</param>
    /// <param name="workspace">The workspace folder: never copied into a job when it lies inside the code folder.</param>
    public static PlanningFiles Staging(string stagingFolder, string? workspace) => new StagingFiles(stagingFolder, workspace);

    /// <summary>Nothing written, no file read: the walks and checks only (the plan it yields has no meaningful digests).</summary>
    /// <param name="workspace">The workspace folder (it may not exist).</param>
    public static PlanningFiles Rehearsal(string? workspace) => new RehearsalFiles(workspace);

    /// <summary>Creates a folder of the job (e.g. <c>artifacts/outputs</c>).</summary>
    public abstract void CreateFolder(string relative);

    /// <summary>Snapshots the code (a folder or one file) into <c>code/</c>.</summary>
    public abstract CodeSnapshot.Snapshot TakeCode(string source);

    /// <summary>Makes <c>code/outputs</c> the default artifacts' <c>outputs</c>, as on Azure ML, unless the code has its own.</summary>
    public abstract void LinkOutputsIntoCode();

    /// <summary>Copies a <c>download</c>-mode input into <c>inputs/&lt;name&gt;</c>; returns what the user should hear about.</summary>
    public abstract IReadOnlyList<string> CopyInput(string source, string inputName);

    /// <summary>The SHA-256 of an input file, and the file as a record lists it.</summary>
    public abstract (string Digest, IReadOnlyList<FileDigest> Files) DigestFile(string path);

    /// <summary>The <c>dirHash1</c> of an input folder, every file it digested, and what it left out.</summary>
    public abstract (string Digest, IReadOnlyList<FileDigest> Files) DigestFolder(string path, out IReadOnlyList<string> notices);

    private sealed class StagingFiles(string staging, string? workspace) : PlanningFiles
    {
        public override void CreateFolder(string relative) => Directory.CreateDirectory(Path.Combine(staging, relative));

        public override CodeSnapshot.Snapshot TakeCode(string source) => CodeSnapshot.Take(source, Path.Combine(staging, "code"), workspace);

        public override void LinkOutputsIntoCode()
        {
            var code = Path.Combine(staging, "code");
            if (Directory.Exists(code) && !Path.Exists(Path.Combine(code, "outputs")))
            {
                File.CreateSymbolicLink(Path.Combine(code, "outputs"), Path.Combine("..", "artifacts", "outputs"));
            }
        }

        public override IReadOnlyList<string> CopyInput(string source, string inputName) =>
            CodeSnapshot.CopyInput(source, Path.Combine(staging, "inputs", inputName));

        public override (string Digest, IReadOnlyList<FileDigest> Files) DigestFile(string path)
        {
            var digest = ContentDigest.OfFile(path, out var size);
            return (digest, [new FileDigest(Path.GetFileName(path), digest, size)]);
        }

        public override (string Digest, IReadOnlyList<FileDigest> Files) DigestFolder(string path, out IReadOnlyList<string> notices)
        {
            var tree = ContentDigest.TreeOf(path);
            notices = tree.Report("").ToList();
            return (tree.Digest, tree.Listing());
        }
    }

    private sealed class RehearsalFiles(string? workspace) : PlanningFiles
    {
        public override void CreateFolder(string relative)
        {
            // Nothing to create: a rehearsal leaves no trace.
        }

        public override CodeSnapshot.Snapshot TakeCode(string source) => CodeSnapshot.Take(source, null, workspace);

        public override void LinkOutputsIntoCode()
        {
            // Nothing to link: a rehearsal leaves no trace.
        }

        public override IReadOnlyList<string> CopyInput(string source, string inputName) => CodeSnapshot.CopyInput(source, null);

        public override (string Digest, IReadOnlyList<FileDigest> Files) DigestFile(string path)
        {
            ContentDigest.RehearseFile(path);
            return ("", []);
        }

        public override (string Digest, IReadOnlyList<FileDigest> Files) DigestFolder(string path, out IReadOnlyList<string> notices)
        {
            notices = ContentDigest.RehearseFolder(path);
            return ("", []);
        }
    }
}
