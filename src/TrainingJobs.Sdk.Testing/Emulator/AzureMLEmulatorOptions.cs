namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>Settings of an <see cref="AzureMLEmulator"/>; every property has a default that suits a test.</summary>
public class AzureMLEmulatorOptions
{
    /// <summary>The port of the HTTPS (ARM) endpoint; <c>0</c> (the default) lets the system choose a free one.</summary>
    public int Port { get; set; }

    /// <summary>The subscription id the emulated workspace lives in.</summary>
    public string SubscriptionId { get; set; } = "00000000-0000-0000-0000-000000000000";

    /// <summary>The resource group the emulated workspace lives in.</summary>
    public string ResourceGroupName { get; set; } = "emulator-rg";

    /// <summary>The name of the emulated workspace.</summary>
    public string WorkspaceName { get; set; } = "emulator-ws";

    /// <summary>The Azure region the workspace reports (<c>location</c>) and its operation-status URLs carry.</summary>
    public string Location { get; set; } = "eastus";

    /// <summary>How many jobs one page of Jobs_List holds before a <c>nextLink</c> is sent (default 100); tests set it low to force several pages.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>How many times an operation-status URL (the <c>Location</c> of a cancel or delete) answers 202 before the operation is done (default 1).</summary>
    public int OperationPollsUntilDone { get; set; } = 1;

    /// <summary>The <c>Retry-After</c> sent with operation-status 202s and with injected 429/503 faults, rounded to whole seconds (default 1 second; the real service sends 10 or more).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A file the request log is appended to as JSON lines; <see langword="null"/> (the default) keeps it in memory only (<see cref="AzureMLEmulator.RequestLog"/>).</summary>
    public string? RequestLogPath { get; set; }

    /// <summary>
    /// The share of ARM requests, 0 to 1, that meet an injected fault, one of five drawn evenly: answered 429 with
    /// <c>Retry-After</c>, 500 or 503 instead of being served (nothing changes); served but its connection cut before
    /// the answer (<c>drop</c>: the change is made, the client does not learn it); or served after
    /// <see cref="FaultLatency"/> (<c>latency</c>). The token endpoint never faults. Default 0.
    /// </summary>
    public double FaultRate { get; set; }

    /// <summary>How long a request that meets a <c>latency</c> fault waits before it is served (default 500 ms).</summary>
    public TimeSpan FaultLatency { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The seed that picks which requests fault and how, so the same sequence of requests meets the same faults.</summary>
    public int FaultSeed { get; set; }

    /// <summary>
    /// The share of Blob storage requests, 0 to 1, that meet an injected fault, drawn as <see cref="FaultRate"/>'s are
    /// (429 with <c>Retry-After</c>, 500, 503, an answer cut halfway through its body after Azurite served it, or
    /// <see cref="FaultLatency"/>) by a fault proxy in front of Azurite. When above 0, every Blob URL the emulator gives
    /// clients goes through that proxy: <see cref="AzureMLEmulator.BlobServiceUri"/> (and so
    /// <see cref="AzureMLEmulator.CreateWorkspaceOptions"/>), run history's log SAS URLs and pending-upload SAS URLs;
    /// the emulator's own job runner reads and writes Azurite directly, so the faults hit clients, never the
    /// emulator's fixture. Default 0 (no proxy).
    /// </summary>
    public double BlobFaultRate { get; set; }

    /// <summary>The seed of <see cref="BlobFaultRate"/>'s draws (a sequence of its own, apart from <see cref="FaultSeed"/>'s).</summary>
    public int BlobFaultSeed { get; set; }

    /// <summary>
    /// The Blob service of an Azurite that is already running, as the URL of its development account
    /// (<c>http://127.0.0.1:10000/devstoreaccount1</c>; a URL without a path gets <c>/devstoreaccount1</c>). When
    /// <see langword="null"/> (the default) the emulator starts its own Azurite from <c>tools/azurite</c> (installed by
    /// <c>./test.sh</c>) or from the <c>azurite-blob</c> that <c>TRAININGJOBS_AZURITE</c> names, and stops it on dispose.
    /// </summary>
    public Uri? BlobEndpoint { get; set; }

    /// <summary>
    /// The folder for the emulator's files: the data of the Azurite it starts (<c>azurite/</c>) and the local workspace
    /// its jobs run in (<c>jobs/</c>). When <see langword="null"/> (the default) a new temporary folder is used and
    /// deleted on dispose; a folder given here is kept.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Whether created command jobs are run (default <see langword="true"/>): the code version is downloaded from Blob
    /// storage and the command runs on this machine with the local backend (the image and compute are ignored), the
    /// job moves through Azure ML's statuses, and its logs and outputs are uploaded where Azure ML puts them.
    /// <see langword="false"/> keeps jobs <c>NotStarted</c> until they are canceled, for tests of the protocol alone.
    /// </summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>
    /// Whether run history's details list the job's log files (<c>logFiles</c>; default <see langword="true"/>).
    /// <see langword="false"/> answers details without them, as for runs whose logs only their datastore lists, so a
    /// client must fall back to listing the datastore (as azure-ai-ml does).
    /// </summary>
    public bool ListLogFilesInRunHistory { get; set; } = true;

    /// <summary>The compute names Computes_Get knows (each an <c>AmlCompute</c> that has succeeded provisioning); others answer 404. Default: <c>cpu-cluster</c>.</summary>
    public IList<string> Computes { get; } = ["cpu-cluster"];

    /// <summary>The clock for timestamps (<c>systemData</c>) and token lifetimes; <see cref="TimeProvider.System"/> when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
