using System.Text.Json;
using StackExchange.Redis;

namespace FuncRec.Workflow.Runner;

public sealed partial class LocalWorkflowRunner
{
    /// <summary>One drive of one instance: replay, then live execution until the orchestrator returns.</summary>
    private sealed class Execution(LocalWorkflowRunner runner, string instanceId, string orchestratorName, string leaseToken, CancellationToken cancellationToken)
    {
        private readonly ReplaySynchronizationContext _sync = new();
        private readonly Dictionary<int, Task<(string? Result, string? Error)>> _activities = [];
        private readonly Dictionary<int, (Task Delay, CancellationTokenSource Cancel)> _timers = [];
        private ReplayOrchestrationContext _context = null!;
        private Task<string?> _orchestration = null!;
        private long _nextSequence;
        private int _recordedScheduled;

        private IDatabase Db => runner.Db;

        public async Task RunAsync()
        {
            var history = await runner.ReadHistoryAsync(instanceId).ConfigureAwait(false);
            if (history.Count == 0 || history[0].Type != HistoryEventType.ExecutionStarted)
            {
                await FinishAsync(WorkflowRuntimeStatus.Failed, null, "history has no ExecutionStarted event").ConfigureAwait(false);
                return;
            }

            if (history[^1].Type is HistoryEventType.ExecutionCompleted or HistoryEventType.ExecutionFailed)
            {
                // Crashed between the final append and the status update: finish the bookkeeping only.
                var last = history[^1];
                await SetMetaAsync(last.Type == HistoryEventType.ExecutionCompleted ? WorkflowRuntimeStatus.Completed : WorkflowRuntimeStatus.Failed, last.Data, last.Error).ConfigureAwait(false);
                return;
            }

            var orchestrator = runner._catalog.Orchestrator(orchestratorName);
            if (orchestrator is null)
            {
                await FinishAsync(WorkflowRuntimeStatus.Failed, null, $"no orchestrator named '{orchestratorName}' is registered").ConfigureAwait(false);
                return;
            }

            await Db.HashSetAsync(runner._keys.Meta(instanceId), "status", nameof(WorkflowRuntimeStatus.Running)).ConfigureAwait(false);
            if (history.Count > 1)
            {
                LogResumed(runner._logger, instanceId, history.Count);
            }

            _nextSequence = history.Count;
            _context = new ReplayOrchestrationContext(instanceId, history[0].Data, history[0].TimestampUtc, runner._catalog.Json, runner._loggerFactory)
            {
                IsReplaying = history.Count > 1,
            };

            try
            {
                _sync.Run(() => _orchestration = orchestrator(_context));
                for (var i = 1; i < history.Count; i++)
                {
                    _context.IsReplaying = i < history.Count - 1;
                    Deliver(history[i]);
                }

                _context.IsReplaying = false;
                await DriveAsync().ConfigureAwait(false);
            }
            catch (NonDeterministicWorkflowException ex)
            {
                await AppendAsync(new HistoryEvent(_nextSequence, HistoryEventType.ExecutionFailed, Now(), Error: ex.Message)).ConfigureAwait(false);
                await FinishAsync(WorkflowRuntimeStatus.Failed, null, ex.Message).ConfigureAwait(false);
                return;
            }
            finally
            {
                foreach (var (_, timer) in _timers)
                {
                    await timer.Cancel.CancelAsync().ConfigureAwait(false);
                    timer.Cancel.Dispose();
                }
            }

            if (_orchestration.IsCompletedSuccessfully)
            {
                await AppendAsync(new HistoryEvent(_nextSequence, HistoryEventType.ExecutionCompleted, Now(), Data: _orchestration.Result)).ConfigureAwait(false);
                await FinishAsync(WorkflowRuntimeStatus.Completed, _orchestration.Result, null).ConfigureAwait(false);
            }
            else
            {
                var error = _orchestration.Exception?.GetBaseException().Message ?? "the orchestrator was cancelled";
                await AppendAsync(new HistoryEvent(_nextSequence, HistoryEventType.ExecutionFailed, Now(), Error: error)).ConfigureAwait(false);
                await FinishAsync(WorkflowRuntimeStatus.Failed, null, error).ConfigureAwait(false);
            }
        }

        private async Task DriveAsync()
        {
            Task<string>? inbox = null;

            // Wakes the wait below when the drive is cancelled (the caller stopped, or the lease keeper lost the lease).
            var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
            while (!_orchestration.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await RecordScheduledAsync().ConfigureAwait(false);
                await SaveCustomStatusAsync().ConfigureAwait(false);
                StartOpenWork();
                inbox ??= PeekInboxAsync();
                var waitingOn = new List<Task>(_activities.Values) { inbox, stopped };
                waitingOn.AddRange(_timers.Values.Select(t => t.Delay));
                await Task.WhenAny(waitingOn).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();

                // Deterministic preference when several finished together: activities by task id, then timers, then events.
                if (_activities.OrderBy(a => a.Key).FirstOrDefault(a => a.Value.IsCompleted) is { Value: not null } activity)
                {
                    _activities.Remove(activity.Key);
                    var (result, error) = await activity.Value.ConfigureAwait(false);
                    var type = error is null ? HistoryEventType.ActivityCompleted : HistoryEventType.ActivityFailed;
                    var name = ((ActivityOperation)_context.Open[activity.Key]).Name;
                    var evt = new HistoryEvent(_nextSequence, type, Now(), activity.Key, name, result, Error: error);
                    await AppendAsync(evt).ConfigureAwait(false);
                    Deliver(evt);
                }
                else if (_timers.OrderBy(t => t.Key).FirstOrDefault(t => t.Value.Delay.IsCompleted) is { Value.Delay: not null } timer)
                {
                    _timers.Remove(timer.Key);
                    timer.Value.Cancel.Dispose();
                    await timer.Value.Delay.ConfigureAwait(false);
                    var evt = new HistoryEvent(_nextSequence, HistoryEventType.TimerFired, Now(), timer.Key);
                    await AppendAsync(evt).ConfigureAwait(false);
                    Deliver(evt);
                }
                else if (inbox.IsCompleted)
                {
                    var raw = await inbox.ConfigureAwait(false);
                    inbox = null;
                    var raised = Deserialize(raw);
                    var evt = new HistoryEvent(_nextSequence, HistoryEventType.EventRaised, Now(), Name: raised.Name, Data: raised.Data);
                    await AppendAsync(evt, raw).ConfigureAwait(false);
                    Deliver(evt);
                }
            }
        }

        /// <summary>
        /// Waits for every activity this drive started, after the caller cancelled the drive. Called whatever ended
        /// the drive (completion, lost lease, cancellation, a crash), before the lease is released: an activity of
        /// this drive must never still run when the next drive of the instance replays and starts it again.
        /// Results are dropped; the next drive re-runs what has no recorded completion.
        /// </summary>
        public async Task DrainAsync()
        {
            foreach (var (_, task) in _activities)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Cancelled or failed after the drive ended: nothing records it, the next drive runs it again.
                    LogActivityAbandoned(runner._logger, instanceId, ex.GetType().Name);
                }
            }

            _activities.Clear();
        }

        private void Deliver(HistoryEvent evt)
        {
            // Only completions advance the clock: orchestrator code runs only after them, live and on replay.
            if (evt.Type is not (HistoryEventType.ActivityScheduled or HistoryEventType.TimerCreated))
            {
                _context.CurrentUtcDateTime = evt.TimestampUtc;
            }

            _sync.Run(() =>
            {
                switch (evt.Type)
                {
                    case HistoryEventType.ActivityScheduled or HistoryEventType.TimerCreated:
                        _context.VerifyScheduled(evt.TaskId ?? -1, evt.Name);
                        _recordedScheduled = Math.Max(_recordedScheduled, (evt.TaskId ?? -1) + 1);
                        break;
                    case HistoryEventType.ActivityCompleted:
                        _context.CompleteActivity(evt.TaskId ?? -1, evt.Data, null);
                        break;
                    case HistoryEventType.ActivityFailed:
                        _context.CompleteActivity(evt.TaskId ?? -1, null, evt.Error ?? "failed");
                        break;
                    case HistoryEventType.TimerFired:
                        _context.FireTimer(evt.TaskId ?? -1);
                        break;
                    case HistoryEventType.EventRaised:
                        _context.RaiseEvent(evt.Name ?? string.Empty, evt.Data);
                        break;
                }
            });
        }

        private async Task RecordScheduledAsync()
        {
            for (var id = _recordedScheduled; id < _context.ScheduledCount; id++)
            {
                // A timer cancelled before it was ever recorded needs no record.
                if (_context.Open.TryGetValue(id, out var op))
                {
                    var evt = op switch
                    {
                        ActivityOperation a => new HistoryEvent(_nextSequence, HistoryEventType.ActivityScheduled, Now(), id, a.Name, a.Input),
                        TimerOperation t => new HistoryEvent(_nextSequence, HistoryEventType.TimerCreated, Now(), id, FireAt: t.FireAt),
                        _ => throw new InvalidOperationException(),
                    };
                    await AppendAsync(evt).ConfigureAwait(false);
                }

                _recordedScheduled = id + 1;
            }
        }

        private void StartOpenWork()
        {
            foreach (var (id, op) in _context.Open)
            {
                if (op is ActivityOperation a && !_activities.ContainsKey(id))
                {
                    // On the thread pool, never inline: a CPU-bound activity (TorchSharp) must not hold up the drive loop.
                    _activities[id] = Task.Run(() => ExecuteActivityAsync(a), CancellationToken.None);
                }
                else if (op is TimerOperation t && !_timers.ContainsKey(id))
                {
                    var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var due = t.FireAt - Now();
                    _timers[id] = (due <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(due, runner._time, cancel.Token), cancel);
                }
            }

            // Timers the orchestrator cancelled no longer need waking up for.
            foreach (var id in _timers.Keys.Where(id => !_context.Open.ContainsKey(id)).ToList())
            {
                _timers[id].Cancel.Cancel();
                _timers[id].Cancel.Dispose();
                _timers.Remove(id);
            }
        }

        private async Task<(string? Result, string? Error)> ExecuteActivityAsync(ActivityOperation op)
        {
            var activity = runner._catalog.Activity(op.Name);
            if (activity is null)
            {
                return (null, $"no activity named '{op.Name}' is registered");
            }

            var attempts = Math.Max(1, op.Retry?.MaxNumberOfAttempts ?? 1);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return (await activity(op.Input, cancellationToken).ConfigureAwait(false), null);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogActivityAttemptFailed(runner._logger, instanceId, op.Name, attempt, ex.Message);
                    if (attempt >= attempts)
                    {
                        return (null, $"{ex.GetType().Name}: {ex.Message} (after {attempt} attempt(s))");
                    }

                    await Task.Delay(op.Retry!.DelayBefore(attempt + 1), runner._time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<string> PeekInboxAsync()
        {
            while (true)
            {
                var head = await Db.ListGetByIndexAsync(runner._keys.Inbox(instanceId), 0).ConfigureAwait(false);
                if (!head.IsNull)
                {
                    return head!;
                }

                await Task.Delay(runner._options.InboxPollInterval, runner._time, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task AppendAsync(HistoryEvent evt, string? inboxEntry = null)
        {
            var result = (long)await Db.ScriptEvaluateAsync(
                AppendScript,
                [runner._keys.History(instanceId), runner._keys.Meta(instanceId), runner._keys.Lease(instanceId), runner._keys.Inbox(instanceId)],
                [Serialize(evt), Stamp(evt.TimestampUtc), leaseToken, evt.Sequence, inboxEntry ?? string.Empty]).ConfigureAwait(false);
            if (result < 0)
            {
                throw new InvalidOperationException(result switch
                {
                    -1 => $"lost the lease on '{instanceId}'; another runner drives it now",
                    -2 => $"history of '{instanceId}' changed under this runner",
                    _ => $"inbox of '{instanceId}' changed under this runner",
                });
            }

            _nextSequence++;
            if (runner.HistoryAppended is { } hook)
            {
                await hook(evt).ConfigureAwait(false);
            }
        }

        private async Task SaveCustomStatusAsync()
        {
            if (_context.CustomStatusChanged)
            {
                _context.CustomStatusChanged = false;
                await Db.HashSetAsync(runner._keys.Meta(instanceId), "customStatus", _context.CustomStatusJson ?? string.Empty).ConfigureAwait(false);
            }
        }

        private async Task FinishAsync(WorkflowRuntimeStatus status, string? output, string? error)
        {
            if (_context is not null)
            {
                await SaveCustomStatusAsync().ConfigureAwait(false);
            }

            await SetMetaAsync(status, output, error).ConfigureAwait(false);
            LogEnded(runner._logger, instanceId, status);
        }

        private Task SetMetaAsync(WorkflowRuntimeStatus status, string? output, string? error) =>
            Db.HashSetAsync(runner._keys.Meta(instanceId),
            [
                new HashEntry("status", status.ToString()),
                new HashEntry("output", output ?? string.Empty),
                new HashEntry("error", error ?? string.Empty),
                new HashEntry("updatedUtc", Stamp(Now())),
            ]);

        private DateTime Now() => runner._time.GetUtcNow().UtcDateTime;
    }
}
