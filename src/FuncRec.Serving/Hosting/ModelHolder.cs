using Azure;
using FuncRec.Serving.Loading;
using FuncRec.Serving.Model;
using Microsoft.Extensions.Logging;

namespace FuncRec.Serving.Hosting;

/// <summary>
/// Holds the serving model and swaps it atomically. A new version is loaded and verified completely
/// off to the side, then published with one volatile write; requests that already read the old
/// reference finish on it. Release relies on the GC: a <see cref="ServingModel"/> is plain managed
/// arrays with no pooled buffers or native handles tied to it, so it is collected once the last
/// in-flight request drops it, and no ref-counting lease is needed.
/// </summary>
public sealed partial class ModelHolder : IServingModelSource
{
    private readonly ModelLoader _loader;
    private readonly ILogger<ModelHolder> _logger;
    private readonly TimeProvider _time;
    // Reloads are serialised: a poll and an explicit reload never load the same version twice at once.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ServingModel? _current;
    private ModelStatus _status = new(null, null, null, null, null);
    private ETag? _lastSeenETag;

    /// <summary>Creates the holder; nothing is served until the first successful <see cref="ReloadAsync"/>.</summary>
    public ModelHolder(ModelLoader loader, ILogger<ModelHolder> logger, TimeProvider? time = null)
    {
        _loader = loader;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ServingModel? Current => Volatile.Read(ref _current);

    /// <summary>The serving version and the last failure.</summary>
    public ModelStatus Status => Volatile.Read(ref _status);

    /// <summary>
    /// Checks <c>CURRENT</c> and, when it names a version other than the one served, loads, verifies and
    /// swaps it in. Without <paramref name="force"/>, an unchanged ETag costs one HEAD request, and a
    /// version that failed is not retried until CURRENT changes. The BlobTrigger adapter calls this
    /// with <paramref name="force"/> set; the watcher polls without.
    /// </summary>
    public async Task<ModelReloadResult> ReloadAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        string? version = null;
        try
        {
            if (!force)
            {
                var etag = await _loader.GetCurrentETagAsync(cancellationToken).ConfigureAwait(false);
                if (etag is null)
                {
                    return new ModelReloadResult(ModelReloadOutcome.NoPointer, null);
                }

                if (etag == _lastSeenETag)
                {
                    return new ModelReloadResult(ModelReloadOutcome.Unchanged, Current?.Version);
                }
            }

            var pointer = await _loader.ReadCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (pointer is null)
            {
                return new ModelReloadResult(ModelReloadOutcome.NoPointer, null);
            }

            version = pointer.Version;
            // Recorded before loading: a failed version is not retried on every poll, only when CURRENT moves.
            _lastSeenETag = pointer.ETag;
            if (Current?.Version == version)
            {
                return new ModelReloadResult(ModelReloadOutcome.Unchanged, version);
            }

            var started = _time.GetTimestamp();
            var model = await _loader.LoadAsync(version, cancellationToken).ConfigureAwait(false);
            var previous = Interlocked.Exchange(ref _current, model);
            Volatile.Write(ref _status, Status with { ServingVersion = version, LoadedUtc = _time.GetUtcNow() });
            LogSwapped(version, previous?.Version, model.Shape.ItemRows - 1, _time.GetElapsedTime(started).TotalMilliseconds);
            return new ModelReloadResult(ModelReloadOutcome.Loaded, version);
        }
        catch (Exception ex) when (ex is ModelLoadException or RequestFailedException or IOException or ArgumentException)
        {
            Volatile.Write(ref _status, Status with { FailedVersion = version, LastError = ex.Message, FailedUtc = _time.GetUtcNow() });
            LogLoadFailed(ex, version, Current?.Version);
            return new ModelReloadResult(ModelReloadOutcome.Failed, version, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model {Version} (was {Previous}); {Items} items, loaded in {ElapsedMs:F0} ms")]
    private partial void LogSwapped(string version, string? previous, int items, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model version {Version} failed to load and will not be served; still serving {Serving}")]
    private partial void LogLoadFailed(Exception exception, string? version, string? serving);
}
