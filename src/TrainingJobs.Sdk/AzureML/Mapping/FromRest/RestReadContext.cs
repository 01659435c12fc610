using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>
/// What the readers of one payload → definition conversion share: the session the payload was written in (to
/// restore what the wire does not carry), the workspace's reference rules and the diagnostics found so far.
/// </summary>
internal sealed class RestReadContext
{
    private readonly List<Diagnostic> _diagnostics = [];

    /// <param name="session">The session the payload was written in, if any.</param>
    /// <param name="scope">The workspace short references are relative to; null keeps every id as it is.</param>
    public RestReadContext(RestMappingSession? session, AzureMLWorkspaceScope? scope)
    {
        Session = session;
        var effective = session?.Scope ?? scope;
        References = effective is null ? null : new ArmReferences(effective);
    }

    /// <summary>The session the payload was written in; null reads canonical forms.</summary>
    public RestMappingSession? Session { get; }

    /// <summary>How ARM ids of the workspace become short references; null keeps ids as they are.</summary>
    public ArmReferences? References { get; }

    /// <summary>The diagnostics found so far, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Adds a diagnostic of the REST face.</summary>
    public void Report(string code, DiagnosticSeverity severity, string path, string message) =>
        _diagnostics.Add(new Diagnostic(code, severity, message, path));

    /// <summary>Adds a diagnostic made by a rule shared with another face (<see cref="RequiredFields"/>).</summary>
    public void Add(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    /// <summary>Reports (TJ2008) a value the SDK does not model, which is left out of the definition.</summary>
    public void Unknown(string path, string what) =>
        Report(RestDiagnosticCodes.UnknownWireValue, DiagnosticSeverity.Warning, path, $"The payload holds {what}, which the SDK does not model; it is left out of the definition.");

    /// <summary>Reports (TJ2013) a null entry in a map (inputs, outputs, services, webhooks): there is nothing in it to read.</summary>
    public void NullEntry(string path, string what) =>
        Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path, $"The {what} is null, not an object; it is left out of the definition.");
}
