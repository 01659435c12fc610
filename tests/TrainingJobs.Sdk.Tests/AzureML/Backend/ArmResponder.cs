using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>One request the responder received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string Body);

/// <summary>
/// A tiny ARM stand-in: real HTTPS (Kestrel) on loopback with a self-signed certificate made at start; every request
/// is recorded and answered by the test's handler.
/// </summary>
public sealed class ArmResponder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ArmResponder(WebApplication app, X509Certificate2 certificate, Uri endpoint)
    {
        _app = app;
        Certificate = certificate;
        Endpoint = endpoint;
    }

    /// <summary>The server certificate (public part), to pin.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The base address, e.g. <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Called as each request arrives, before it is recorded.</summary>
    public Action? OnRequest { get; set; }

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a request; default: 500.</summary>
    public Func<HttpContext, RecordedRequest, Task> Handler { get; set; } = (c, _) => { c.Response.StatusCode = 500; return Task.CompletedTask; };

    public static async Task<ArmResponder> StartAsync()
    {
        using var withKey = SelfSigned("CN=arm-responder");
        // Kestrel on Linux wants a certificate whose key it can use: a PKCS#12 round trip gives one.
        var serverCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serverCertificate)));
        var app = builder.Build();
        ArmResponder? responder = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body);
            responder!.OnRequest?.Invoke();
            responder.Requests.Enqueue(request);
            await responder.Handler(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        responder = new ArmResponder(app, X509CertificateLoader.LoadCertificate(serverCertificate.RawData), new Uri($"https://127.0.0.1:{port}/"));
        return responder;
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (with its key).</summary>
    public static X509Certificate2 SelfSigned(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A credential that hands out one fixed token and records the scopes asked for.</summary>
public sealed class StaticTokenCredential : TokenCredential
{
    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes) Scopes.Enqueue(scope);
        return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
