using System.Diagnostics;
using System.Runtime;
using FuncRec.Infrastructure.LocalServices;
using FuncRec.Infrastructure.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>
/// Runs the ingest path on a throwaway redis-server and Azurite until tiered compilation has settled. Right after start-up the JIT
/// keeps recompiling hot methods (tier 0, then instrumented, then optimised with PGO); measured after the old
/// 20,000-event warm-up it still took about 40 % of this process's CPU during the timed run. A Functions host
/// that has been up for a minute is past that, so the timed run should be too. The services are its own because
/// Azurite's cost per request grows with the number of blobs it holds (measured: ~2.5 ms of CPU per empty PUT in
/// the first 2,000 blobs, ~9.5 ms after 10,000), so warm-up blobs in the measured instance would slow the timed run.
/// </summary>
internal static class JitWarmup
{
    private const int MinRounds = 5;
    private const int MaxRounds = 40;

    // Settled: two rounds in a row compiled almost nothing and spent under 1 % of their wall time in the JIT. One quiet
    // round is not enough: tier-up waits for call counting to start, so a round can look quiet just before a burst
    // (seen once: a stop after 2 rounds left 2.8 s of JIT in the timed run).
    private const int QuietRoundsNeeded = 2;
    private const int QuietMethods = 10;
    private const double QuietJitShare = 0.01;

    public static async Task<string> RunAsync(IReadOnlyList<(string Key, byte[] Value)> events, int partitions, int batch)
    {
        using var redisServer = await RedisServerProcess.StartAsync();
        using var azurite = await AzuriteProcess.StartAsync();
        using var redis = RedisServiceCollectionExtensions.Connect(redisServer.ConnectionString);
        var rig = new IngestRig(redis, azurite.ConnectionString, "jitwarmup:");
        var jitStart = JitInfo.GetCompilationTime();
        var methodsStart = JitInfo.GetCompiledMethodCount();
        var rounds = 0;
        var quietRounds = 0;
        while (rounds < MaxRounds && (rounds < MinRounds || quietRounds < QuietRoundsNeeded))
        {
            var methods = JitInfo.GetCompiledMethodCount();
            var jit = JitInfo.GetCompilationTime();
            var stopwatch = Stopwatch.StartNew();
            // A topic per round: the offsets start again, so every round applies (a repeat would be skipped as a redelivery).
            await Batches.RunAsync(rig.Behavior, Batches.Of($"funcrec.jitwarmup{rounds}", events, partitions, batch));
            rounds++;
            var quiet = JitInfo.GetCompiledMethodCount() - methods < QuietMethods
                && (JitInfo.GetCompilationTime() - jit).TotalSeconds < QuietJitShare * stopwatch.Elapsed.TotalSeconds;
            quietRounds = quiet ? quietRounds + 1 : 0;
        }

        var settled = quietRounds >= QuietRoundsNeeded;

        return $"[bench] JIT warm-up: {rounds} rounds of {events.Count} events on a throwaway redis-server and Azurite, {JitInfo.GetCompiledMethodCount() - methodsStart} methods compiled " +
            $"in {(JitInfo.GetCompilationTime() - jitStart).TotalSeconds:F1} s{(settled ? string.Empty : " (still compiling; stopped at the round limit)")}";
    }
}
