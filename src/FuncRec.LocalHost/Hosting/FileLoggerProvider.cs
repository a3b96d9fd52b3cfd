using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FuncRec.LocalHost.Hosting;

/// <summary>
/// Appends log lines to one file (the demo's <c>host.log</c> in its run folder), so a long run leaves a record of
/// every update step and warning even when the terminal shows only the live view. Filtered by
/// <c>Logging:File:LogLevel</c>. Lines are written under a lock and flushed at once: a crash loses nothing logged before it.
/// </summary>
[ProviderAlias("File")]
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    public FileLoggerProvider(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} [{Environment.CurrentManagedThreadId,3}] {category}: {formatter(state, exception)}");
            provider.Write(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
