using System.Diagnostics.Metrics;
using FuncRec.Core.Updates;

namespace FuncRec.Workflow.Telemetry;

/// <summary>
/// The update workflow's instruments on Meter <c>FuncRec.Updates</c>: one count per finished update by outcome and
/// trigger, and the durations a person watching the loop wants (whole update, training, gate).
/// </summary>
public sealed class UpdateMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "FuncRec.Updates";

    private readonly Meter _meter;
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _training;
    private readonly Histogram<double> _gate;

    /// <summary>Creates the instruments, from the host's factory when there is one.</summary>
    public UpdateMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _outcomes = _meter.CreateCounter<long>("funcrec.update.outcomes", "{update}", "Finished updates by model, outcome (promoted, rejected, failed, skipped) and trigger.");
        _duration = _meter.CreateHistogram<double>("funcrec.update.duration", "s", "Wall time of one update, from start to recorded outcome.");
        _training = _meter.CreateHistogram<double>("funcrec.update.training.duration", "s", "Training time of one update's job.");
        _gate = _meter.CreateHistogram<double>("funcrec.update.gate.duration", "s", "Time the gate took to evaluate one candidate.");
    }

    /// <summary>Records one outcome; the caller makes sure each job is recorded once (retried activities are not).</summary>
    public void Outcome(UpdateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var model = new KeyValuePair<string, object?>("model", outcome.Model);
        var kind = new KeyValuePair<string, object?>("outcome", outcome.Kind.ToString().ToLowerInvariant());
        _outcomes.Add(1, model, kind, new KeyValuePair<string, object?>("trigger", outcome.Trigger.ToString()));
        _duration.Record(Math.Max(0, (outcome.CompletedUtc - outcome.StartedUtc).TotalSeconds), model, kind);
        if (outcome.TrainingSeconds > 0)
        {
            _training.Record(outcome.TrainingSeconds, model);
        }

        if (outcome.GateSeconds > 0)
        {
            _gate.Record(outcome.GateSeconds, model);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
