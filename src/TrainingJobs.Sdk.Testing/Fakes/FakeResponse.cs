using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace TrainingJobs.Sdk.Testing.Fakes;

/// <summary>The HTTP response a fake page carries (<see cref="Page{T}.FromValues"/> needs one): 200, no headers, no body.</summary>
internal sealed class FakeResponse : Response
{
    public static FakeResponse Ok { get; } = new();

    public override int Status => 200;

    public override string ReasonPhrase => "OK";

    public override Stream? ContentStream { get => null; set { } }

    public override string ClientRequestId { get => ""; set { } }

    public override void Dispose()
    {
    }

    protected override bool ContainsHeader(string name) => false;

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return false;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = null;
        return false;
    }
}
