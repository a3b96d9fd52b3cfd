using System.Globalization;
using System.Text.Json;
using FuncRec.Core.Features;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Policies;
using FuncRec.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Workflow.State;

/// <summary>
/// The update orchestration's Redis state: pending-counter reads for the policy, the frozen snapshot of a
/// job's window, the exactly-once watermark advance, outcomes, pacing, the coalesced follow-up and the
/// run sequence. Every write that an activity makes is idempotent by job id.
/// </summary>
public sealed class UpdateStateStore
{
    // Snapshot the pending counters and popularity for a job once; a retried freeze returns the same snapshot.
    private const string FreezeScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 then
            local c = redis.call('HGETALL', KEYS[1])
            redis.call('HSET', KEYS[3], '_frozen', ARGV[2])
            for i = 1, #c, 2 do redis.call('HSET', KEYS[3], c[i], c[i + 1]) end
            -- DUMP/RESTORE copies the item-count hash natively (COPY needs Redis 6.2; managed Redis 6.0 lacks it).
            local counts = redis.call('DUMP', KEYS[2])
            if counts then redis.call('RESTORE', KEYS[4], ARGV[1], counts, 'REPLACE') end
            redis.call('PEXPIRE', KEYS[3], ARGV[1])
        end
        return redis.call('HGETALL', KEYS[3])
        """;

    // Subtract exactly the frozen snapshot (events that arrived during training stay pending), once per job.
    private const string AdvanceScript = """
        if redis.call('EXISTS', KEYS[5]) == 1 then return 0 end
        local f = redis.call('HGETALL', KEYS[3])
        for i = 1, #f, 2 do
            local d = tonumber(f[i + 1])
            -- Skip zeros: Lua renders -0 as "-0", which HINCRBY rejects as not an integer.
            if f[i] ~= '_frozen' and d and d ~= 0 then
                local v = redis.call('HINCRBY', KEYS[1], f[i], -d)
                if v < 0 then redis.call('HSET', KEYS[1], f[i], 0) end
            end
        end
        if redis.call('EXISTS', KEYS[4]) == 1 then
            local p = redis.call('HGETALL', KEYS[4])
            for i = 1, #p, 2 do
                local d = tonumber(p[i + 1])
                if d and d ~= 0 and redis.call('HINCRBY', KEYS[2], p[i], -d) <= 0 then redis.call('HDEL', KEYS[2], p[i]) end
            end
            redis.call('DEL', KEYS[6])
            redis.call('RENAME', KEYS[4], KEYS[6])
        end
        redis.call('DEL', KEYS[7])
        for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[7], ARGV[i], ARGV[i + 1]) end
        redis.call('DEL', KEYS[3])
        -- Marked done last: a script error leaves its earlier writes in place but no marker, so a retry re-applies.
        redis.call('SET', KEYS[5], '1', 'PX', ARGV[1])
        return 1
        """;

    private const string RecordScript = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[7]) then return 0 end
        redis.call('LPUSH', KEYS[2], ARGV[1])
        redis.call('LTRIM', KEYS[2], 0, 49)
        if ARGV[2] == 'fail' then
            redis.call('HINCRBY', KEYS[3], 'consecutiveFailures', 1)
            redis.call('HSET', KEYS[3], 'lastFailureUtc', ARGV[3])
            -- The window this run froze (a run that failed before freezing one leaves the previous in place).
            if ARGV[8] == '1' then
                redis.call('DEL', KEYS[4])
                redis.call('HSET', KEYS[4], '_set', '1')
                for i = 9, #ARGV, 2 do redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]) end
            end
        elseif ARGV[2] == 'ok' then
            redis.call('HSET', KEYS[3], 'consecutiveFailures', 0)
            redis.call('DEL', KEYS[4])
        end
        if ARGV[6] == '1' then redis.call('HSET', KEYS[3], 'lastFullRetrainUtc', ARGV[3]) end
        if redis.call('HGET', KEYS[3], 'budgetDay') ~= ARGV[4] then
            redis.call('HSET', KEYS[3], 'budgetDay', ARGV[4], 'budgetMinutes', 0)
        end
        redis.call('HINCRBYFLOAT', KEYS[3], 'budgetMinutes', ARGV[5])
        return 1
        """;

    private static readonly TimeSpan s_markerTtl = TimeSpan.FromDays(14);
    private readonly IConnectionMultiplexer _redis;
    private readonly FeatureKeys _features;

    /// <summary>Creates the store.</summary>
    public UpdateStateStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        var prefix = options?.Value.KeyPrefix ?? throw new ArgumentNullException(nameof(options));
        Keys = new UpdateKeys(prefix);
        _features = new FeatureKeys(prefix);
    }

    /// <summary>The key schema.</summary>
    public UpdateKeys Keys { get; }

    private IDatabase Db => _redis.GetDatabase();

    /// <summary>The pending counters and the top-K popularity of the pending and the trained window.</summary>
    public async Task<PendingSnapshot> ReadPendingAsync(string model, int topK)
    {
        var db = Db;
        var counters = (await db.HashGetAllAsync(_features.PendingCounters(model)).ConfigureAwait(false)).ToDictionary(e => e.Name.ToString(), e => e.Value);
        var pending = await TopCountsAsync(db, _features.PendingPopularity(model), topK).ConfigureAwait(false);
        var trained = await TopCountsAsync(db, Keys.TrainedPopularity(model), topK).ConfigureAwait(false);
        return new PendingSnapshot(
            Count(counters, "events"), Count(counters, "new_items"), Count(counters, "new_users"), Count(counters, "catalog_changes"),
            pending, trained);
    }

    /// <summary>
    /// The <paramref name="topK"/> largest counts of an item-count hash, ties by item id. Read with HSCAN so a window of
    /// tens of thousands of items never blocks redis-server for one long reply; the drift check runs once a tick.
    /// </summary>
    private static async Task<Dictionary<string, double>> TopCountsAsync(IDatabase db, string key, int topK)
    {
        // HSCAN may return a field twice while the hash rehashes; the dictionary keeps one.
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        await foreach (var entry in db.HashScanAsync(key, pageSize: 1000).ConfigureAwait(false))
        {
            counts[entry.Name.ToString()] = (double)entry.Value;
        }

        return counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(topK)
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    /// <summary>Snapshots the pending counters for <paramref name="jobId"/> (once) and returns the snapshot.</summary>
    public async Task<IReadOnlyDictionary<string, long>> FreezeAsync(string model, string jobId, DateTimeOffset nowUtc)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            FreezeScript,
            [_features.PendingCounters(model), _features.PendingPopularity(model), Keys.FrozenCounters(model, jobId), Keys.FrozenPopularity(model, jobId)],
            [(long)s_markerTtl.TotalMilliseconds, nowUtc.ToUnixTimeMilliseconds()]).ConfigureAwait(false))!;
        var snapshot = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < result.Length; i += 2)
        {
            if (long.TryParse((string?)result[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                snapshot[(string)result[i]!] = v;
            }
        }

        return snapshot;
    }

    /// <summary>
    /// Subtracts the job's frozen snapshot from the pending counters and popularity, makes that popularity the
    /// drift baseline and records <paramref name="consumed"/> as the model's consumed watermarks; once per job.
    /// </summary>
    /// <returns>True when applied now, false when it had been applied already.</returns>
    public async Task<bool> AdvanceAsync(string model, string jobId, IReadOnlyDictionary<string, long> consumed)
    {
        var args = new List<RedisValue> { (long)s_markerTtl.TotalMilliseconds };
        foreach (var (source, offset) in consumed.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            args.Add(source);
            args.Add(offset);
        }

        var applied = (long)await Db.ScriptEvaluateAsync(
            AdvanceScript,
            [
                _features.PendingCounters(model), _features.PendingPopularity(model), Keys.FrozenCounters(model, jobId),
                Keys.FrozenPopularity(model, jobId), Keys.Advanced(model, jobId), Keys.TrainedPopularity(model), Keys.ConsumedWatermarks(model),
            ],
            [.. args]).ConfigureAwait(false);
        return applied == 1;
    }

    /// <summary>The watermarks the serving version has consumed (empty before the first promotion).</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetConsumedAsync(string model) =>
        (await Db.HashGetAllAsync(Keys.ConsumedWatermarks(model)).ConfigureAwait(false))
            .ToDictionary(e => e.Name.ToString(), e => (long)e.Value, StringComparer.Ordinal);

    /// <summary>Records an outcome and updates pacing, once per job.</summary>
    public async Task<bool> RecordOutcomeAsync(UpdateOutcome outcome, bool fullRetrain)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var kind = outcome.Kind switch
        {
            UpdateOutcomeKind.Failed or UpdateOutcomeKind.Rejected => "fail",
            UpdateOutcomeKind.Promoted => "ok",
            _ => "neutral",
        };
        var completed = new DateTimeOffset(DateTime.SpecifyKind(outcome.CompletedUtc, DateTimeKind.Utc));
        var args = new List<RedisValue>
        {
            JsonSerializer.Serialize(outcome, UpdateJsonContext.Default.UpdateOutcome), kind, completed.ToString("O", CultureInfo.InvariantCulture),
            completed.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (outcome.TrainingSeconds / 60.0).ToString("R", CultureInfo.InvariantCulture),
            fullRetrain && outcome.Kind == UpdateOutcomeKind.Promoted ? "1" : "0", (long)s_markerTtl.TotalMilliseconds,
            outcome.WindowTo is null ? "0" : "1",
        };
        foreach (var (source, offset) in outcome.WindowTo ?? new Dictionary<string, long>())
        {
            args.Add(source);
            args.Add(offset);
        }

        var recorded = (long)await Db.ScriptEvaluateAsync(
            RecordScript,
            [Keys.Recorded(outcome.Model, outcome.JobId ?? outcome.InstanceId), Keys.Outcomes(outcome.Model), Keys.Pacing(outcome.Model), Keys.UnsuccessfulWindow(outcome.Model)],
            [.. args]).ConfigureAwait(false);
        return recorded == 1;
    }

    /// <summary>The most recent outcomes, newest first.</summary>
    public async Task<IReadOnlyList<UpdateOutcome>> GetOutcomesAsync(string model, int count = 10)
    {
        var raw = await Db.ListRangeAsync(Keys.Outcomes(model), 0, count - 1).ConfigureAwait(false);
        return [.. raw.Select(v => JsonSerializer.Deserialize((string)v!, UpdateJsonContext.Default.UpdateOutcome)!)];
    }

    /// <summary>The pacing part of the policy's model state, for <paramref name="nowUtc"/>'s UTC day.</summary>
    public async Task<ModelUpdateState> ReadPacingAsync(string model, DateTimeOffset nowUtc)
    {
        var h = (await Db.HashGetAllAsync(Keys.Pacing(model)).ConfigureAwait(false)).ToDictionary(e => e.Name.ToString(), e => (string?)e.Value);
        var unsuccessful = await Db.HashGetAllAsync(Keys.UnsuccessfulWindow(model)).ConfigureAwait(false);
        var today = nowUtc.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new ModelUpdateState
        {
            ConsecutiveFailures = int.TryParse(h.GetValueOrDefault("consecutiveFailures"), CultureInfo.InvariantCulture, out var f) ? f : 0,
            LastFailureUtc = Stamp(h.GetValueOrDefault("lastFailureUtc")),
            LastFullRetrainUtc = Stamp(h.GetValueOrDefault("lastFullRetrainUtc")),
            TrainingMinutesToday = h.GetValueOrDefault("budgetDay") == today
                && double.TryParse(h.GetValueOrDefault("budgetMinutes"), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : 0,
            LastUnsuccessfulWindowTo = unsuccessful.Length == 0 ? null
                : unsuccessful.Where(e => e.Name != "_set" && e.Value.TryParse(out long _)).ToDictionary(e => e.Name.ToString(), e => (long)e.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Stores the one coalesced follow-up. An admin's request replaces whatever waits; a policy trigger only fills an
    /// empty slot, so it never overwrites an admin's request (the policy's rules are judged again when it is taken anyway).
    /// </summary>
    public Task SetFollowUpAsync(string model, UpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var when = request.RequestedBy == UpdateRequest.PolicyActor ? When.NotExists : When.Always;
        return Db.StringSetAsync(Keys.FollowUp(model), JsonSerializer.Serialize(request, UpdateJsonContext.Default.UpdateRequest), when: when);
    }

    /// <summary>Takes the coalesced follow-up, if any.</summary>
    public async Task<UpdateRequest?> TakeFollowUpAsync(string model)
    {
        var raw = await Db.StringGetDeleteAsync(Keys.FollowUp(model)).ConfigureAwait(false);
        return raw.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)raw!, UpdateJsonContext.Default.UpdateRequest);
    }

    /// <summary>True when a follow-up is waiting.</summary>
    public Task<bool> HasFollowUpAsync(string model) => Db.KeyExistsAsync(Keys.FollowUp(model));

    /// <summary>The next run sequence of the model.</summary>
    public Task<long> NextSequenceAsync(string model) => Db.StringIncrementAsync(Keys.Sequence(model));

    private static long Count(Dictionary<string, RedisValue> counters, string field) =>
        counters.TryGetValue(field, out var v) && v.TryParse(out long n) ? Math.Max(0, n) : 0;

    private static DateTimeOffset? Stamp(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
