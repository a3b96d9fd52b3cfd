using System.Collections.Concurrent;

namespace FuncRec.LocalHost.Demo;

/// <summary>What the live view shows; written by the demo runner, read by the view every refresh.</summary>
public sealed class DemoState
{
    /// <summary>What is being replayed, shown in the view's title.</summary>
    public string DataLabel { get; init; } = "real Diginetica weeks";

    /// <summary>The current phase, e.g. "replaying week 3".</summary>
    public volatile string Phase = "starting";

    /// <summary>Events produced so far.</summary>
    public long Produced;

    /// <summary>Events ingested so far (end watermarks of the segments).</summary>
    public long Ingested;

    /// <summary>Recent ingest rate.</summary>
    public double EventsPerSecond;

    /// <summary>Pending events counted for the model.</summary>
    public long PendingEvents;

    /// <summary>Pending new items counted for the model.</summary>
    public long PendingNewItems;

    /// <summary>The running update's instance and step, or null.</summary>
    public volatile string? Update;

    /// <summary>Version served right now.</summary>
    public volatile string? ServingVersion;

    /// <summary>Outcome lines, newest last.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Outcome lines the plain (non-interactive) view has not printed yet.</summary>
    public ConcurrentQueue<string> Unprinted { get; } = new();

    /// <summary>Adds an outcome line, keeping the last 12 for the live table.</summary>
    public void Add(string line)
    {
        var stamped = $"{DateTime.Now:HH:mm:ss} {line}";
        Log.Enqueue(stamped);
        Unprinted.Enqueue(stamped);
        while (Log.Count > 12)
        {
            Log.TryDequeue(out _);
        }
    }
}
