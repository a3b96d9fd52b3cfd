using System.Globalization;
using StackExchange.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>Per-command call counts from INFO commandstats (calls made inside Lua scripts are included).</summary>
internal static class RedisCommandCount
{
    public static async Task<Dictionary<string, long>> ReadAsync(IServer server)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (key, value) in group)
            {
                // cmdstat_lpush: calls=12,usec=...
                var fields = value.Split(',');
                var name = key.Replace("cmdstat_", string.Empty, StringComparison.Ordinal);
                counts[name] = long.Parse(fields[0]["calls=".Length..], CultureInfo.InvariantCulture);
                // Server-side microseconds of script execution (includes the commands the scripts call).
                counts["usec:" + name] = long.Parse(fields[1]["usec=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return counts;
    }

    /// <summary>
    /// redis-server's own CPU seconds (user + system, INFO cpu). Unlike the wall-clock usec of commandstats it
    /// does not grow when the process is preempted, so it compares runs on a loaded machine.
    /// </summary>
    public static async Task<double> CpuSecondsAsync(IServer server)
    {
        double total = 0;
        foreach (var group in await server.InfoAsync("cpu"))
        {
            foreach (var (key, value) in group)
            {
                if (key is "used_cpu_user" or "used_cpu_sys")
                {
                    total += double.Parse(value, CultureInfo.InvariantCulture);
                }
            }
        }

        return total;
    }

    /// <summary>Seconds redis-server spent executing scripts between two readings.</summary>
    public static double ScriptSeconds(Dictionary<string, long> before, Dictionary<string, long> after) =>
        (after.GetValueOrDefault("usec:evalsha") + after.GetValueOrDefault("usec:eval") - before.GetValueOrDefault("usec:evalsha") - before.GetValueOrDefault("usec:eval")) / 1e6;

    /// <summary>Server-side seconds per command between two readings (commands called by scripts included).</summary>
    public static IEnumerable<(string Command, double Seconds)> CommandSeconds(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Where(kv => kv.Key.StartsWith("usec:", StringComparison.Ordinal) && kv.Key is not ("usec:evalsha" or "usec:eval"))
            .Select(kv => (kv.Key["usec:".Length..], (kv.Value - before.GetValueOrDefault(kv.Key)) / 1e6))
            .Where(x => x.Item2 > 0)
            .OrderByDescending(x => x.Item2);

    /// <summary>Commands issued between two readings, without the script calls themselves and INFO.</summary>
    public static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Where(kv => kv.Key is not ("eval" or "evalsha" or "info" or "script|load" or "script") && !kv.Key.StartsWith("usec:", StringComparison.Ordinal))
            .Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(x => x.Count > 0)
            .ToDictionary(x => x.Key, x => x.Count, StringComparer.Ordinal);
}
