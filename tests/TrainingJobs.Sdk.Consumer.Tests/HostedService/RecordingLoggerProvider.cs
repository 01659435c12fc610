using Microsoft.Extensions.Logging;

namespace TrainingJobs.Sdk.Consumer.Tests.HostedService;

/// <summary>
/// Keeps every message logged through it, and lets a test await a message: how a test knows that a service running on
/// the host's thread has reached a point (registered its wait on the fake clock) without sleeping or polling.
/// </summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly object _lock = new();
    private readonly List<(LogLevel Level, string Message)> _messages = [];
    private readonly List<(Func<string, bool> Match, int Occurrence, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Messages
    {
        get { lock (_lock) return [.. _messages]; }
    }

    /// <summary>Completes once <paramref name="occurrence"/> messages containing <paramref name="text"/> have been logged (at once if they have).</summary>
    public Task WaitForAsync(string text, int occurrence = 1)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Match(string message) => message.Contains(text, StringComparison.Ordinal);
        lock (_lock)
        {
            if (_messages.Count(m => Match(m.Message)) >= occurrence) seen.SetResult();
            else _waiters.Add((Match, occurrence, seen));
        }
        // A guard, not a wait: a service that never logs the line fails the test instead of hanging it.
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string message)
    {
        lock (_lock)
        {
            _messages.Add((level, message));
            foreach (var waiter in _waiters.ToList())
            {
                if (_messages.Count(m => waiter.Match(m.Message)) < waiter.Occurrence) continue;
                waiter.Seen.SetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(logLevel, formatter(state, exception));
    }
}
