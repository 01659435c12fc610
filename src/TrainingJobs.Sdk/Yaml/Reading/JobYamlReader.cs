using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// Converts a YAML tree into the canonical model. Every problem becomes a diagnostic at the node's position;
/// a field that cannot be read is left out so that reading goes on and reports everything at once.
/// </summary>
/// <remarks>
/// The entry point only: it picks the reader for the job's kind. Each part of a job has its own reader in this folder
/// (<see cref="CommandReader"/>, <see cref="PipelineReader"/>, <see cref="SweepReader"/>, …), all over one <see cref="ReadingContext"/>.
/// </remarks>
internal sealed class JobYamlReader
{
    private readonly ReadingContext _context;

    /// <summary>Creates a reader that reports to <paramref name="diagnostics"/> and records positions in <paramref name="map"/>.</summary>
    public JobYamlReader(DiagnosticBag diagnostics, SourceMap map, YamlLoadOptions options)
    {
        _context = new ReadingContext(diagnostics, map, options);
    }

    /// <summary>Reads a job document; null when the kind is unsupported or the root is not a mapping.</summary>
    public JobDefinition? ReadJob(TreeNode root, string baseDirectory)
    {
        _context.Map.Record("", root);
        if (root is not TreeMapping mapping)
        {
            _context.WrongType(root, "", "A job file must hold a mapping of keys (type, command, inputs, …) at its top level");
            return null;
        }
        var kind = JobKindReader.Read(mapping, "", _context, out var kindNode);
        switch (kind)
        {
            case "command":
                return CommandReader.Read(mapping, "", JobShape.Job, _context);
            case "pipeline":
                return PipelineReader.Read(mapping, "", baseDirectory, JobShape.Job, _context);
            case "sweep":
                return SweepReader.Read(mapping, "", baseDirectory, JobShape.Job, _context);
            default:
                _context.Error(YamlDiagnosticCodes.UnsupportedJobKind,
                    $"Job type '{kind}' is not supported by TrainingJobs.Sdk; supported job types are command, pipeline and sweep.",
                    "type", kindNode ?? mapping);
                return null;
        }
    }
}
