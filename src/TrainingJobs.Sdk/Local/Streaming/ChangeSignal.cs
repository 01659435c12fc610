namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// Wakes a stream that found nothing new as soon as the workspace's database or the job's log folder changes
/// (file-system notifications: inotify on Linux), rather than at its next poll: a line written or a status recorded
/// reaches the stream in about a millisecond, not half a poll interval. Polling stays as the fallback: every wait
/// still ends after the poll interval (a notification may be missed, or not be available: a network file system, the
/// per-user limit of inotify instances), so the stream is never slower than without it.
/// </summary>
internal sealed class ChangeSignal : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly string _logsFolder;
    private bool _watchingLogs;
    private TaskCompletionSource? _waiter;

    /// <summary>Set by every notification, cleared by a wait: a change that came while the stream was reading is not lost.</summary>
    private int _changed;

    public ChangeSignal(string databaseFolder, string databaseFileName, string artifactsFolder, string logsFolder)
    {
        _logsFolder = logsFolder;
        // The database in WAL mode: a write changes "<name>-wal", a checkpoint the file itself.
        Watch(databaseFolder, databaseFileName + "*");
        // The log folder is made when the job starts: its creation is seen here, then the folder itself is watched.
        Watch(artifactsFolder, "*");
        WatchLogs();
    }

    /// <summary>Whether any notification is in place (else each wait is a plain poll).</summary>
    public bool Active => _watchers.Count > 0;

    /// <summary>Waits until something may have changed, or <paramref name="pollInterval"/> has passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!_watchingLogs) WatchLogs();
        if (_watchers.Count == 0)
        {
            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (Interlocked.Exchange(ref _changed, 0) == 1) return;
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiter, waiter);
        // A change between the check above and the waiter being visible would otherwise wait a whole poll.
        if (Interlocked.Exchange(ref _changed, 0) == 1) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poll = Task.Delay(pollInterval, time, stop.Token);
        await Task.WhenAny(waiter.Task, poll).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        Volatile.Write(ref _waiter, null);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Exchange(ref _changed, 0);
    }

    private void WatchLogs()
    {
        if (Directory.Exists(_logsFolder) && Watch(_logsFolder, "*")) _watchingLogs = true;
    }

    private bool Watch(string folder, string filter)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(folder, filter)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Renamed += OnChange;
            // Lost notifications (a full queue): a poll catches up, as it would without any.
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
            return true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // No notifications here (folder gone, inotify limit reached, platform without them): polling only.
            watcher?.Dispose();
            return false;
        }
    }

    private void OnChange(object sender, FileSystemEventArgs e) => Signal();

    private void OnError(object sender, ErrorEventArgs e) => Signal();

    private void Signal()
    {
        Volatile.Write(ref _changed, 1);
        Volatile.Read(ref _waiter)?.TrySetResult();
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _watchers.Clear();
    }
}
