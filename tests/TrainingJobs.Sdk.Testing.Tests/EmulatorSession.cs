using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// An emulator and a <see cref="TrainingJobsClient"/> on its workspace, as a user wires them: HTTPS with the emulator's
/// certificate pinned, an unchanged DefaultAzureCredential that signs in through the emulator's managed-identity
/// endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER, restored on dispose), and the emulator's Azurite as the Blob service.
/// The variables are process-wide: classes that use this are NonParallelizable.
/// </summary>
internal sealed class EmulatorSession : IAsyncDisposable
{
    private static readonly string[] Variables = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"];
    private readonly Dictionary<string, string?> _saved;

    private EmulatorSession(AzureMLEmulator emulator, TrainingJobsClient client, Dictionary<string, string?> saved)
    {
        Emulator = emulator;
        Client = client;
        _saved = saved;
    }

    public AzureMLEmulator Emulator { get; }

    public TrainingJobsClient Client { get; }

    /// <summary>The ARM id of the emulated workspace.</summary>
    public string WorkspacePath =>
        $"/subscriptions/{Emulator.SubscriptionId}/resourceGroups/{Emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{Emulator.WorkspaceName}";

    /// <summary>Starts an emulator (Retry-After 0 unless set) and a client with fast retries, or with <paramref name="credential"/> when given.</summary>
    /// <param name="options">The emulator's settings.</param>
    /// <param name="credential">The client's credential; default: DefaultAzureCredential through the emulator's managed identity.</param>
    /// <param name="configure">Changes to the client's options (a counting pipeline policy, say).</param>
    /// <param name="clientTime">The client workspace's clock (what its polls wait on); the system's when null.</param>
    public static async Task<EmulatorSession> StartAsync(AzureMLEmulatorOptions? options = null, Azure.Core.TokenCredential? credential = null,
        Action<TrainingJobsClientOptions>? configure = null, TimeProvider? clientTime = null)
    {
        options ??= new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero };
        var emulator = await AzureMLEmulator.StartAsync(options);
        var saved = Variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
        return new EmulatorSession(emulator, CreateClient(emulator, emulator.BlobServiceUri, credential, configure, clientTime), saved);
    }

    /// <summary>Another client on the same workspace whose Blob traffic goes to <paramref name="blobServiceUri"/> (a fault proxy in front of the emulator's Azurite).</summary>
    public TrainingJobsClient ClientWithBlobService(Uri blobServiceUri) => CreateClient(Emulator, blobServiceUri, credential: null, configure: null);

    private static TrainingJobsClient CreateClient(AzureMLEmulator emulator, Uri blobServiceUri, Azure.Core.TokenCredential? credential,
        Action<TrainingJobsClientOptions>? configure, TimeProvider? clientTime = null)
    {
        var clientOptions = new TrainingJobsClientOptions();
        clientOptions.Retry.MaxRetries = 6;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(1);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(clientOptions);
        var workspace = emulator.CreateWorkspaceOptions();
        workspace.BlobServiceUri = blobServiceUri;
        workspace.Credential = credential;
        if (clientTime is not null) workspace.TimeProvider = clientTime;
        return new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(workspace), clientOptions);
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}
