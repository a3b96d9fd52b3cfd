using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using FuncRec.Core.Datasets;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.LocalServices;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion.Blob;
using FuncRec.Ingestion.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FuncRec.Bench.Ingest;

/// <summary>
/// <c>bench ingest</c>: end-to-end ingest throughput (parse → validate → Redis features → blob segment) on
/// imported Diginetica events against a private redis-server and Azurite, the raw pipelined Redis ceiling
/// for the same command count, and produce-to-visible freshness through the Kafka-protocol broker.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = IngestBenchSettings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: bench ingest [--events N] [--warmup N] [--batch N] [--partitions N] [--rate EPS] [--seconds S] [--data DIR]");
            return 2;
        }

        Console.WriteLine($"[bench] loading {settings.Events} Diginetica events");
        var importer = new DigineticaImporter(settings.DataDirectory);
        var catalog = importer.ReadCatalog().Select(e => JsonSerializer.SerializeToUtf8Bytes<CatalogEvent>(e, EventJsonContext.Default.CatalogEvent)).ToList();
        var events = importer.ReadPeriods().SelectMany(p => p.Events).Take(settings.Events + settings.Warmup)
            .Select(e => (e.UserId, Value: JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.BehaviorEvent))).ToList();

        using var redisServer = await RedisServerProcess.StartAsync();
        using var azurite = await AzuriteProcess.StartAsync();
        using var redis = RedisServiceCollectionExtensions.Connect(redisServer.ConnectionString);
        Console.WriteLine($"[bench] redis-server :{redisServer.Port}, Azurite :{azurite.BlobPort}, {Environment.ProcessorCount} cores");

        var rig = new IngestRig(redis, azurite.ConnectionString, "bench:");
        foreach (var batch in Batches.Of("funcrec.catalog", catalog.Select(v => ("c", v)).ToList(), 1, 1000)[0])
        {
            await rig.Catalog.IngestAsync(batch, default);
        }

        Console.WriteLine(await JitWarmup.RunAsync(events[..settings.Warmup], settings.Partitions, settings.Batch));

        // Warm-up on the first events (features state, script cache, connection pools), then the measured run on the rest.
        var warm = Batches.Of("funcrec.behavior", events[..settings.Warmup], settings.Partitions, settings.Batch);
        await Batches.RunAsync(rig.Behavior, warm);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var before = await RedisCommandCount.ReadAsync(server);
        var cpuBefore = await RedisCommandCount.CpuSecondsAsync(server);
        var processesBefore = ProcessCpu.Read(azurite.ProcessId);
        var jitBefore = JitInfo.GetCompilationTime();
        var measured = Batches.Of("funcrec.behavior", events[settings.Warmup..], settings.Partitions, settings.Batch, firstOffset: 1_000_000);
        Console.WriteLine($"[bench] warmed up on {settings.Warmup} events; measuring {events.Count - settings.Warmup}");
        var stopwatch = Stopwatch.StartNew();
        var result = await Batches.RunAsync(rig.Behavior, measured);
        stopwatch.Stop();
        var processes = ProcessCpu.Read(azurite.ProcessId) - processesBefore;
        var jit = JitInfo.GetCompilationTime() - jitBefore;
        var after = await RedisCommandCount.ReadAsync(server);
        var cpu = await RedisCommandCount.CpuSecondsAsync(server) - cpuBefore;
        var e2e = result.Applied / stopwatch.Elapsed.TotalSeconds;
        var commands = RedisCommandCount.Delta(before, after);
        var totalCommands = commands.Values.Sum();
        Console.WriteLine($"[bench] end to end: {result.Applied} events applied ({result.DeadLettered} dead-lettered) in {stopwatch.Elapsed.TotalSeconds:F2} s = {e2e:F0} events/s");
        Console.WriteLine($"[bench] redis commands issued: {totalCommands} ({(double)totalCommands / result.Applied:F2}/event): {string.Join(", ", commands.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}={kv.Value}"))}");

        Console.WriteLine($"[bench] redis-server busy in feature scripts: {RedisCommandCount.ScriptSeconds(before, after):F2} s of {stopwatch.Elapsed.TotalSeconds:F2} s wall; redis-server CPU {cpu:F2} s ({cpu * 1e6 / result.Applied:F1} µs/event); load average {LoadAverage()}");
        var idle = (Environment.ProcessorCount * stopwatch.Elapsed.TotalSeconds) - cpu - processes.Self - processes.Azurite;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[bench] CPU per event: redis-server {cpu * 1e6 / result.Applied:F1} µs, this process {processes.Self * 1e6 / result.Applied:F1} µs, Azurite {processes.Azurite * 1e6 / result.Applied:F1} µs; {Environment.ProcessorCount} cores x {stopwatch.Elapsed.TotalSeconds:F2} s wall leave {idle:F2} core-seconds to idle and other processes"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[bench] this process allocated {(double)processes.Allocated / result.Applied:F0} B/event; GC pauses {processes.GcPause.TotalMilliseconds:F0} ms; JIT {jit.TotalMilliseconds:F0} ms; collections gen0 {processes.Gen0}, gen1 {processes.Gen1}, gen2 {processes.Gen2}"));
        Console.WriteLine($"[bench] server time by command inside the scripts: {string.Join(", ", RedisCommandCount.CommandSeconds(before, after).Select(c => $"{c.Command}={c.Seconds:F2}s"))}");
        var ceilingCommandsPerSecond = await RawRedisCeiling.MeasureAsync(redis, commands, events.Select(e => e.UserId).ToArray());
        var ceiling = ceilingCommandsPerSecond / ((double)totalCommands / result.Applied);
        Console.WriteLine($"[bench] raw pipelined ceiling: {ceilingCommandsPerSecond:F0} commands/s = {ceiling:F0} events/s at the same command count");

        var profile = Profile.Measure(events.Select(e => e.Value).Take(settings.Events).ToList(), settings.Batch);
        Console.WriteLine(profile);

        var freshness = await Freshness.MeasureAsync(redis, azurite.ConnectionString, events.Select(e => e.Value).ToList(), settings.Rate, settings.Seconds);
        Console.WriteLine($"[bench] freshness at {settings.Rate} events/s for {settings.Seconds} s: {freshness.Count} events, p50 {freshness.P50:F1} ms, p99 {freshness.P99:F1} ms, max {freshness.Max:F1} ms; {freshness.Stages}");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ingest events_per_s={e2e:F0} ceiling_events_per_s={ceiling:F0} ratio={e2e / ceiling:F2} freshness_p50_ms={freshness.P50:F1} freshness_p99_ms={freshness.P99:F1}"));
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
