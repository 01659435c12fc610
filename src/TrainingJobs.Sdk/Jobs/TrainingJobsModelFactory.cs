using System.Collections.ObjectModel;
using System.Text;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// Creates the output models of <see cref="TrainingJobsClient"/> for tests that fake the client (Azure SDK
/// model-factory style, like <c>BlobsModelFactory</c>): output models have no public constructors or setters, so
/// this is how a test gets a <see cref="Job"/>, a stream event or a <see cref="JobRecord"/> to return.
/// </summary>
/// <example>
/// <code>
/// var job = TrainingJobsModelFactory.Job(name: "train-1", status: JobStatus.Completed, exitCode: 0);
/// </code>
/// </example>
public static class TrainingJobsModelFactory
{
    /// <summary>Creates a <see cref="Jobs.Job"/>.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="definition">The definition; default: an empty command job. Its name is set to <paramref name="name"/>, as for a submitted job.</param>
    /// <param name="status">The status; default: <see cref="JobStatus.Completed"/>.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="tags">The tags.</param>
    /// <param name="createdOn">When it was submitted.</param>
    /// <param name="startedOn">When it started running.</param>
    /// <param name="endedOn">When it became terminal.</param>
    /// <param name="exitCode">The exit code of its command.</param>
    /// <param name="error">Why it failed or was canceled.</param>
    /// <param name="isArchived">Whether it is archived.</param>
    /// <param name="parentJobName">The parent job.</param>
    /// <param name="statusHistory">The status timeline, oldest first.</param>
    /// <param name="trackingUri">The MLflow tracking URI it was given.</param>
    /// <param name="studioUrl">Its page in Azure ML Studio (Azure ML jobs only).</param>
    public static Job Job(
        string name = "job",
        JobDefinition? definition = null,
        JobStatus? status = null,
        string experimentName = "Default",
        IReadOnlyDictionary<string, string>? tags = null,
        DateTimeOffset createdOn = default,
        DateTimeOffset? startedOn = null,
        DateTimeOffset? endedOn = null,
        int? exitCode = null,
        JobError? error = null,
        bool isArchived = false,
        string? parentJobName = null,
        IEnumerable<JobStatusChange>? statusHistory = null,
        Uri? trackingUri = null,
        Uri? studioUrl = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(experimentName);
        return new Job(name, (definition ?? new CommandJob()) with { Name = name }, status ?? JobStatus.Completed)
        {
            ExperimentName = experimentName,
            Tags = Copy(tags),
            CreatedOn = createdOn,
            StartedOn = startedOn,
            EndedOn = endedOn,
            ExitCode = exitCode,
            Error = error,
            IsArchived = isArchived,
            ParentJobName = parentJobName,
            StatusHistory = Copy(statusHistory),
            TrackingUri = trackingUri,
            StudioUrl = studioUrl,
        };
    }

    /// <summary>Creates a <see cref="Jobs.JobError"/>.</summary>
    /// <param name="code">The code; default: <see cref="JobErrorCode.UserError"/>.</param>
    /// <param name="message">What happened.</param>
    public static JobError JobError(JobErrorCode? code = null, string message = "") =>
        new(code ?? JobErrorCode.UserError, message ?? throw new ArgumentNullException(nameof(message)));

    /// <summary>Creates a <see cref="Jobs.JobStatusChange"/>.</summary>
    /// <param name="status">The status entered; default: <see cref="JobStatus.Completed"/>.</param>
    /// <param name="changedOn">When it was entered.</param>
    public static JobStatusChange JobStatusChange(JobStatus? status = null, DateTimeOffset changedOn = default) =>
        new(status ?? JobStatus.Completed, changedOn);

    /// <summary>Creates a <see cref="Jobs.JobStatusEvent"/>.</summary>
    /// <param name="jobName">The job.</param>
    /// <param name="status">The status entered; default: <see cref="JobStatus.Completed"/>.</param>
    /// <param name="changedOn">When it was entered.</param>
    /// <param name="error">Why, for a terminal status other than Completed.</param>
    /// <param name="position">The stream position after the event; default: <see cref="JobStreamPosition.Start"/>.</param>
    /// <param name="stepName">The pipeline step the event is of; null for the job itself.</param>
    public static JobStatusEvent JobStatusEvent(string jobName = "job", JobStatus? status = null, DateTimeOffset changedOn = default, JobError? error = null, JobStreamPosition? position = null, string? stepName = null) =>
        new(jobName ?? throw new ArgumentNullException(nameof(jobName)), position ?? Jobs.JobStreamPosition.Start, status ?? JobStatus.Completed, changedOn, error) { StepName = stepName };

    /// <summary>Creates a <see cref="Jobs.JobLogEvent"/>.</summary>
    /// <param name="jobName">The job.</param>
    /// <param name="text">The line, without its line break.</param>
    /// <param name="file">The log file, relative to the job's artifacts.</param>
    /// <param name="rank">The process rank that wrote it.</param>
    /// <param name="offset">The byte offset of the line in <paramref name="file"/>.</param>
    /// <param name="position">
    /// The stream position before the line; default: <see cref="JobStreamPosition.Start"/>. The event's
    /// <see cref="JobEvent.Position"/> is this position with <paramref name="file"/> moved past the line (UTF-8 bytes and a line break).
    /// </param>
    /// <param name="stepName">The pipeline step the line is of (then <paramref name="file"/> starts with <c>&lt;step&gt;/</c>); null for the job itself.</param>
    public static JobLogEvent JobLogEvent(string jobName = "job", string text = "", string file = "user_logs/std_log.txt", int rank = 0, long offset = 0, JobStreamPosition? position = null, string? stepName = null)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var next = offset + Encoding.UTF8.GetByteCount(text) + 1;
        return new(jobName, position ?? Jobs.JobStreamPosition.Start, next, file, rank, offset, text) { StepName = stepName };
    }

    /// <summary>Creates a <see cref="Jobs.JobLogBlockEvent"/> of lines as a job wrote them, each ended with <c>\n</c>.</summary>
    /// <param name="jobName">The job.</param>
    /// <param name="lines">The lines, without their line breaks (none may hold <c>\n</c> or <c>\r</c>); default: none.</param>
    /// <param name="file">The log file, relative to the job's artifacts.</param>
    /// <param name="rank">The process rank that wrote them.</param>
    /// <param name="offset">The byte offset of the first line in <paramref name="file"/>.</param>
    /// <param name="position">
    /// The stream position before the block; default: <see cref="JobStreamPosition.Start"/>. The event's
    /// <see cref="JobEvent.Position"/> is this position with <paramref name="file"/> moved past the last line.
    /// </param>
    /// <param name="stepName">The pipeline step the lines are of; null for the job itself.</param>
    public static JobLogBlockEvent JobLogBlockEvent(string jobName = "job", IEnumerable<string>? lines = null, string file = "user_logs/std_log.txt", int rank = 0, long offset = 0,
        JobStreamPosition? position = null, string? stepName = null)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var text = new StringBuilder();
        foreach (var line in lines ?? [])
        {
            if (line.AsSpan().IndexOfAny('\n', '\r') >= 0) throw new ArgumentException("A line holds no line break.", nameof(lines));
            text.Append(line).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return new(jobName, position ?? Jobs.JobStreamPosition.Start, file, rank, offset, bytes, 0, bytes.Length) { StepName = stepName };
    }

    /// <summary>Creates a <see cref="Jobs.JobMetricEvent"/>.</summary>
    /// <param name="jobName">The job.</param>
    /// <param name="metric">The metric point; default: <see cref="MetricPoint(string, double, long, DateTimeOffset)"/> with its defaults.</param>
    /// <param name="position">The stream position after the event; default: <see cref="JobStreamPosition.Start"/>.</param>
    /// <param name="stepName">The pipeline step the point is of; null for the job itself.</param>
    public static JobMetricEvent JobMetricEvent(string jobName = "job", MetricPoint? metric = null, JobStreamPosition? position = null, string? stepName = null) =>
        new(jobName ?? throw new ArgumentNullException(nameof(jobName)), position ?? Jobs.JobStreamPosition.Start, metric ?? MetricPoint()) { StepName = stepName };

    /// <summary>Creates a <see cref="Jobs.MetricPoint"/>.</summary>
    /// <param name="key">The metric name.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The step.</param>
    /// <param name="loggedOn">When it was logged.</param>
    public static MetricPoint MetricPoint(string key = "metric", double value = 0, long step = 0, DateTimeOffset loggedOn = default) =>
        new(key ?? throw new ArgumentNullException(nameof(key)), value, step, loggedOn);

    /// <summary>Creates a <see cref="Jobs.JobStreamPosition"/>.</summary>
    /// <param name="statusSequence">The sequence number of the last status change seen.</param>
    /// <param name="metricSequence">The sequence number of the last metric point seen.</param>
    /// <param name="logOffsets">The bytes already read from each log file.</param>
    public static JobStreamPosition JobStreamPosition(long statusSequence = 0, long metricSequence = 0, IEnumerable<KeyValuePair<string, long>>? logOffsets = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(statusSequence);
        ArgumentOutOfRangeException.ThrowIfNegative(metricSequence);
        var position = Jobs.JobStreamPosition.FromLogOffsets(logOffsets ?? []);
        return position.WithStatus(statusSequence).WithMetric(metricSequence);
    }

    /// <summary>Creates a <see cref="Jobs.JobRecord"/>.</summary>
    /// <param name="job">The job; default: <see cref="Job"/> with its defaults.</param>
    /// <param name="codeDigest">The content digest of the code snapshot.</param>
    /// <param name="boundCommand">The command after binding inputs and outputs.</param>
    /// <param name="executedCommand">The exact shell command line that ran.</param>
    /// <param name="environmentResolution">How the environment was mapped, in words.</param>
    /// <param name="inputs">The inputs as resolved.</param>
    /// <param name="outputs">The named outputs and where they are.</param>
    /// <param name="outputDigests">What each output held when the job ended.</param>
    /// <param name="submittedBy">Who submitted the job.</param>
    /// <param name="metrics">Every metric series, by key.</param>
    /// <param name="params">Parameters logged through MLflow.</param>
    /// <param name="mlflowTags">Tags set through MLflow.</param>
    /// <param name="mlflowDatasetInputs">Datasets declared with <c>mlflow.log_input</c>.</param>
    /// <param name="mlflowModels">Models described through MLflow.</param>
    /// <param name="warnings">Warnings raised while planning.</param>
    /// <param name="environmentRequested">The environment the definition asked for.</param>
    /// <param name="compute">Where the job ran.</param>
    /// <param name="git">The code folder's git state at submission.</param>
    /// <param name="codeFiles">Every file of the code snapshot.</param>
    /// <param name="inputFiles">Every file of each asset input, by input name.</param>
    /// <param name="outputFiles">Every file of each output, by output name.</param>
    /// <param name="sources">Where each part of the record came from.</param>
    public static JobRecord JobRecord(
        Job? job = null,
        string? codeDigest = null,
        string? boundCommand = null,
        string? executedCommand = null,
        string? environmentResolution = null,
        IEnumerable<ResolvedInput>? inputs = null,
        IReadOnlyDictionary<string, string>? outputs = null,
        IReadOnlyDictionary<string, OutputDigest>? outputDigests = null,
        string? submittedBy = null,
        IReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>? metrics = null,
        IReadOnlyDictionary<string, string>? @params = null,
        IReadOnlyDictionary<string, string>? mlflowTags = null,
        IEnumerable<string>? mlflowDatasetInputs = null,
        IEnumerable<string>? mlflowModels = null,
        IEnumerable<string>? warnings = null,
        string? environmentRequested = null,
        ComputeInfo? compute = null,
        GitState? git = null,
        IEnumerable<FileDigest>? codeFiles = null,
        IReadOnlyDictionary<string, IReadOnlyList<FileDigest>>? inputFiles = null,
        IReadOnlyDictionary<string, IReadOnlyList<FileDigest>>? outputFiles = null,
        IReadOnlyDictionary<string, FactSource>? sources = null) =>
        new(job ?? Job())
        {
            EnvironmentRequested = environmentRequested,
            Compute = compute,
            Git = git,
            CodeFiles = Copy(codeFiles),
            InputFiles = Lists(inputFiles),
            OutputFiles = Lists(outputFiles),
            Sources = Copy(sources),
            CodeDigest = codeDigest,
            BoundCommand = boundCommand,
            ExecutedCommand = executedCommand,
            EnvironmentResolution = environmentResolution,
            Inputs = Copy(inputs),
            Outputs = Copy(outputs),
            OutputDigests = Copy(outputDigests),
            SubmittedBy = submittedBy,
            Metrics = metrics is null
                ? Copy<string, IReadOnlyList<MetricPoint>>(null)
                : new ReadOnlyDictionary<string, IReadOnlyList<MetricPoint>>(metrics.ToDictionary(p => p.Key, p => (IReadOnlyList<MetricPoint>)Copy(p.Value), StringComparer.Ordinal)),
            Params = Copy(@params),
            MlflowTags = Copy(mlflowTags),
            MlflowDatasetInputs = Copy(mlflowDatasetInputs),
            MlflowModels = Copy(mlflowModels),
            Warnings = Copy(warnings),
        };

    private static ReadOnlyDictionary<string, IReadOnlyList<FileDigest>> Lists(IReadOnlyDictionary<string, IReadOnlyList<FileDigest>>? files) =>
        files is null
            ? Copy<string, IReadOnlyList<FileDigest>>(null)
            : new ReadOnlyDictionary<string, IReadOnlyList<FileDigest>>(files.ToDictionary(p => p.Key, p => (IReadOnlyList<FileDigest>)Copy(p.Value), StringComparer.Ordinal));

    /// <summary>Creates a <see cref="Jobs.FileDigest"/>.</summary>
    /// <param name="path">The path relative to its folder.</param>
    /// <param name="sha256">Its SHA-256 (hex).</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="isLink">Whether it is a symbolic link.</param>
    public static FileDigest FileDigest(string path = "file", string sha256 = "", long size = 0, bool isLink = false) =>
        new(path ?? throw new ArgumentNullException(nameof(path)), sha256 ?? throw new ArgumentNullException(nameof(sha256)), size, isLink);

    /// <summary>Creates a <see cref="Jobs.GitState"/>.</summary>
    /// <param name="commit">The commit checked out.</param>
    /// <param name="branch">The branch checked out.</param>
    /// <param name="isDirty">Whether the code folder had changes.</param>
    /// <param name="remoteUrl">The origin remote without credentials.</param>
    public static GitState GitState(string? commit = null, string? branch = null, bool isDirty = false, string? remoteUrl = null) => new(commit, branch, isDirty, remoteUrl);

    /// <summary>Creates a <see cref="Jobs.ComputeInfo"/>.</summary>
    /// <param name="kind"><c>local</c> or the Azure ML compute type.</param>
    /// <param name="target">The compute the definition named.</param>
    /// <param name="host">The machine's name.</param>
    /// <param name="operatingSystem">The operating system.</param>
    /// <param name="processorCount">Logical processors.</param>
    public static ComputeInfo ComputeInfo(string kind = "local", string? target = null, string? host = null, string? operatingSystem = null, int? processorCount = null) =>
        new(kind ?? throw new ArgumentNullException(nameof(kind)), target, host, operatingSystem, processorCount);

    /// <summary>Creates a <see cref="Jobs.ResolvedInput"/>.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="kind"><c>literal</c> or the asset type.</param>
    /// <param name="value">The literal text or local path.</param>
    /// <param name="sha256">The content digest; null for literals.</param>
    public static ResolvedInput ResolvedInput(string name = "input", string kind = "literal", string value = "", string? sha256 = null) =>
        new(name ?? throw new ArgumentNullException(nameof(name)), kind ?? throw new ArgumentNullException(nameof(kind)), value ?? throw new ArgumentNullException(nameof(value)), sha256);

    /// <summary>Creates a <see cref="Jobs.OutputDigest"/>.</summary>
    /// <param name="sha256">The <c>dirHash1</c> of the folder.</param>
    /// <param name="fileCount">How many files it held.</param>
    /// <param name="bytes">How many bytes it held.</param>
    public static OutputDigest OutputDigest(string sha256 = "", int fileCount = 0, long bytes = 0) =>
        new(sha256 ?? throw new ArgumentNullException(nameof(sha256)), fileCount, bytes);

    /// <summary>Creates a <see cref="Jobs.DownloadResult"/>.</summary>
    /// <param name="downloaded">What was downloaded.</param>
    /// <param name="missing">Outputs asked for with nothing to download.</param>
    /// <param name="skipped">What was found but left out, with the reason.</param>
    public static DownloadResult DownloadResult(IEnumerable<DownloadedOutput>? downloaded = null, IEnumerable<string>? missing = null, IEnumerable<SkippedItem>? skipped = null) =>
        new(Copy(downloaded), Copy(missing), Copy(skipped));

    /// <summary>Creates a <see cref="Jobs.DownloadedOutput"/>.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="localPath">Where it is now.</param>
    /// <param name="fileCount">How many files were written.</param>
    /// <param name="bytes">How many bytes were written.</param>
    public static DownloadedOutput DownloadedOutput(string name = "artifacts", string localPath = "", int fileCount = 0, long bytes = 0) =>
        new(name ?? throw new ArgumentNullException(nameof(name)), localPath ?? throw new ArgumentNullException(nameof(localPath)), fileCount, bytes);

    /// <summary>Creates a <see cref="Jobs.SkippedItem"/>.</summary>
    /// <param name="path">Where it is, relative to the download folder.</param>
    /// <param name="reason">Why it was left out.</param>
    public static SkippedItem SkippedItem(string path = "", string reason = "") =>
        new(path ?? throw new ArgumentNullException(nameof(path)), reason ?? throw new ArgumentNullException(nameof(reason)));

    /// <summary>Creates a <see cref="Jobs.DownloadProgress"/>.</summary>
    /// <param name="filesDone">Files done.</param>
    /// <param name="filesTotal">Files in all.</param>
    /// <param name="bytesDone">Bytes of the files done.</param>
    /// <param name="bytesTotal">Bytes in all.</param>
    public static DownloadProgress DownloadProgress(int filesDone = 0, int filesTotal = 0, long bytesDone = 0, long bytesTotal = 0) =>
        new(filesDone, filesTotal, bytesDone, bytesTotal);

    // Copies, so that a test changing its own list afterwards cannot change a model it already returned.
    private static ReadOnlyCollection<T> Copy<T>(IEnumerable<T>? items) => (items ?? []).ToList().AsReadOnly();

    private static ReadOnlyDictionary<TKey, TValue> Copy<TKey, TValue>(IReadOnlyDictionary<TKey, TValue>? items)
        where TKey : notnull =>
        new(items?.ToDictionary() ?? []);
}
