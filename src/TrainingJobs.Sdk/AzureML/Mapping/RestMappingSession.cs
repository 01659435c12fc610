using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>The kind of workspace asset a job refers to.</summary>
public enum PendingAssetKind
{
    /// <summary>An environment defined in place (image, conda file, build context), registered anonymously.</summary>
    Environment,

    /// <summary>A local code folder or file, uploaded as a code version.</summary>
    Code,

    /// <summary>A local data file or folder, uploaded to a datastore.</summary>
    Data,

    /// <summary>A component from a local file or written in place, registered anonymously.</summary>
    Component,
}

/// <summary>
/// Something the job defines in place that must exist in the workspace before the PUT: the REST body already
/// refers to it by <see cref="WireValue"/>, and whoever submits the job creates or uploads it under that id.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Path">Where in the definition it is (<c>environment</c>, <c>jobs.train.inputs.data</c>, …).</param>
/// <param name="WireValue">The ARM id or URI the body uses for it.</param>
/// <param name="Source">What the definition holds: an <see cref="InlineEnvironment"/>, a local path, a <see cref="ComponentReference"/> or a step's <see cref="CommandJob"/>.</param>
public sealed record PendingAsset(PendingAssetKind Kind, string Path, string WireValue, object Source);

/// <summary>
/// One conversion between job definitions and REST payloads in a workspace. It records what the wire cannot
/// say by itself: the assets defined in place that must be created before the PUT, and how the definition
/// spelled references and inputs (a bare <c>cpu-cluster</c> and <c>azureml:cpu-cluster</c> are the same ARM id).
/// Reading a payload back through the same session restores those, but only where the payload still holds
/// exactly what was written; without a session the canonical forms come back.
/// </summary>
public sealed class RestMappingSession
{
    private readonly Dictionary<string, PendingAsset> _pendingByWireValue = new(StringComparer.Ordinal);
    private readonly List<PendingAsset> _pending = [];
    private readonly Dictionary<string, (string Wire, object Original)> _spellings = new(StringComparer.Ordinal);

    /// <summary>Creates a session for a workspace.</summary>
    /// <param name="scope">The workspace.</param>
    public RestMappingSession(AzureMLWorkspaceScope scope) => Scope = scope ?? throw new ArgumentNullException(nameof(scope));

    /// <summary>The workspace.</summary>
    public AzureMLWorkspaceScope Scope { get; }

    /// <summary>The assets to create or upload before the PUT, in the order met.</summary>
    public IReadOnlyList<PendingAsset> PendingAssets => _pending;

    internal void AddPending(PendingAsset asset)
    {
        if (_pendingByWireValue.TryAdd(asset.WireValue + "|" + asset.Path, asset)) _pending.Add(asset);
    }

    internal PendingAsset? FindPending(string path, string? wireValue) =>
        wireValue is not null && _pendingByWireValue.TryGetValue(wireValue + "|" + path, out var asset) ? asset : null;

    internal void Remember(string path, string wire, object original) => _spellings[path] = (wire, original);

    /// <summary>Every reference written: where, the wire value, and the definition's spelling.</summary>
    internal IEnumerable<(string Path, string Wire, object Original)> Spellings => _spellings.Select(s => (s.Key, s.Value.Wire, s.Value.Original));

    internal T? Recall<T>(string path, string? wire) where T : class =>
        wire is not null && _spellings.TryGetValue(path, out var entry) && entry.Wire == wire ? entry.Original as T : null;
}
