using System.Diagnostics;
using StackExchange.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>
/// The raw ceiling: the same number and mix of Redis commands as the end-to-end run, issued by a pipelined
/// StackExchange.Redis loop over the one multiplexer with no parsing, validation or blob work.
/// </summary>
internal static class RawRedisCeiling
{
    private const int Window = 20_000;

    public static async Task<double> MeasureAsync(IConnectionMultiplexer redis, IReadOnlyDictionary<string, long> mix, string[] users)
    {
        var schedule = mix.SelectMany(kv => Enumerable.Repeat(kv.Key, (int)kv.Value)).ToArray();
        new Random(7).Shuffle(schedule);
        var db = redis.GetDatabase();
        var pending = new List<Task>(Window);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < schedule.Length; i++)
        {
            var user = users[i % users.Length];
            pending.Add(Issue(db, schedule[i], user, i));
            if (pending.Count == Window)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        stopwatch.Stop();
        return schedule.Length / stopwatch.Elapsed.TotalSeconds;
    }

    private static Task Issue(IDatabase db, string command, string user, int i)
    {
        var key = "ceil:" + user;
        var member = (i % 5000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return command switch
        {
            "lpush" => db.ListLeftPushAsync(key + ":seq", member + "|1|1451606400000"),
            "ltrim" => db.ListTrimAsync(key + ":seq", 0, 199),
            "lrange" => db.ListRangeAsync(key + ":seq", 0, 4),
            "sadd" => db.SetAddAsync("ceil:known", member),
            "zincrby" => db.SortedSetIncrementAsync("ceil:z:" + (i % 2000), member, 1),
            "zremrangebyrank" => db.SortedSetRemoveRangeByRankAsync("ceil:z:" + (i % 2000), 0, -101),
            "expire" => db.KeyExpireAsync(key + ":seq", TimeSpan.FromDays(1)),
            "hget" => db.HashGetAsync("ceil:i:" + member, "cat"),
            "hset" => db.HashSetAsync(key + ":aff", member, 1.5),
            "hgetall" => db.HashGetAllAsync(key + ":aff"),
            "hincrby" => db.HashIncrementAsync("ceil:pending", "events"),
            "hdel" => db.HashDeleteAsync(key + ":aff", "x"),
            _ => db.PingAsync(),
        };
    }
}
