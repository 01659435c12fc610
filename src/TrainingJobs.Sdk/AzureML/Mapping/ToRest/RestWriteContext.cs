using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// What the writers of one definition → payload conversion share: the session (which remembers spellings and
/// collects pending assets), the workspace's reference rules and the diagnostics found so far, in the order met.
/// </summary>
internal sealed class RestWriteContext
{
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>Starts a conversion in <paramref name="session"/>.</summary>
    public RestWriteContext(RestMappingSession session)
    {
        Session = session;
        References = new ArmReferences(session.Scope);
    }

    /// <summary>The session the payload is written in.</summary>
    public RestMappingSession Session { get; }

    /// <summary>How references of the session's workspace become ARM ids.</summary>
    public ArmReferences References { get; }

    /// <summary>The diagnostics found so far, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Adds a diagnostic of the REST face.</summary>
    public void Report(string code, DiagnosticSeverity severity, string path, string message) =>
        _diagnostics.Add(new Diagnostic(code, severity, message, path));

    /// <summary>Adds a diagnostic made by a rule shared with another face (<see cref="RequiredFields"/>).</summary>
    public void Add(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    /// <summary>Reports (TJ2004) that the payload has no place for <paramref name="what"/>.</summary>
    public void NotCarried(string path, string what) =>
        Report(RestDiagnosticCodes.NotCarried, DiagnosticSeverity.Warning, path, $"The REST job payload (api-version {JobRestMapper.ApiVersion}) has no place for {what}; it is not sent.");

    /// <summary>Lets the session restore <paramref name="original"/> while the payload still holds <paramref name="wire"/> at <paramref name="path"/>.</summary>
    public void Remember(string path, string wire, object original) => Session.Remember(path, wire, original);
}
