using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using FuncRec.Serving.Model;
using FuncRec.Serving.Retrieval;
using FuncRec.Testing;

namespace FuncRec.Bench;

/// <summary>
/// <c>./funcrec bench scoring</c>: in-memory recommend latency (user tower over a full-length sequence,
/// exact SIMD top-K over every item with the request filter in place) against the physical limit of
/// streaming the same item matrix once. Redis is excluded (it is one pipelined round trip per request,
/// measured by the integration tests, not here). See docs/benchmarks.md.
/// </summary>
internal static class ScoringBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var items = Option(args, "--items", "100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var dim = int.Parse(Option(args, "--dim", "64"), CultureInfo.InvariantCulture);
        var requests = int.Parse(Option(args, "--requests", "1000"), CultureInfo.InvariantCulture);
        var cpu = int.Parse(Option(args, "--cpu", "0"), CultureInfo.InvariantCulture);
        const int k = 20;
        // The handler fetches k × CandidateFactor(2) + 8 model candidates for its Redis stock check.
        const int candidates = (k * 2) + 8;

        var pinned = Pin(cpu);
        Console.WriteLine($"scoring bench: d={dim} L=50 B=2 H=1, top-{k} ({candidates} candidates), {requests} requests per size, " +
            $"pinned={pinned} (cpu {cpu}), DOTNET_PROCESSOR_COUNT={Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") ?? "unset"}, " +
            $"processors={Environment.ProcessorCount}, Vector512={System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        var lines = new List<string>();
        foreach (var n in items)
        {
            var builder = new ModelWeightsBuilder().WithShape(dim, 50, 2, 1, 1024).WithItems(n, Math.Max(2, n / 1000)).WithSeed(n);
            var model = ServingModel.Load(builder.BuildWeights(), builder.IdMaps, "bench");
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            lines.Add(RunOne(model, requests, candidates, k));
            // The trainer's default weight (Training:CooccurrenceWeight).
            lines.Add(HybridScoringBenchmark.Run(model, requests, candidates, 16f));
        }

        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return Task.FromResult(0);
    }

    private static string RunOne(ServingModel model, int requests, int candidates, int k)
    {
        var d = model.Shape.Dim;
        var random = new Random(7);
        var rows = new int[50];
        var types = new byte[50];
        var user = new float[d];
        var scores = new float[candidates];
        var top = new int[candidates];
        var latencies = new double[requests];
        var towerTimes = new double[requests];
        var cpuTimes = new double[requests];
        var purchased = Enumerable.Range(0, 5).Select(_ => $"i{random.Next(1, model.Shape.ItemRows)}").ToArray();
        string[] excluded = ["c1"];

        for (var r = -100; r < requests; r++)
        {
            for (var j = 0; j < rows.Length; j++)
            {
                rows[j] = random.Next(1, model.Shape.ItemRows);
                types[j] = (byte)random.Next(1, 6);
            }

            var cpuStart = ThreadCpuClock.NowNs();
            var start = Stopwatch.GetTimestamp();
            model.Session.Encode(rows, types, user);
            var encoded = Stopwatch.GetTimestamp();
            var filter = new CandidateFilter(model, excluded, purchased);
            var n = ItemScanner.TopK(model.ItemTiles, user, ref filter, scores, top);
            filter.Dispose();
            var end = Stopwatch.GetTimestamp();
            var cpuEnd = ThreadCpuClock.NowNs();
            if (n != candidates)
            {
                throw new InvalidOperationException($"top-K returned {n}.");
            }

            if (r >= 0)
            {
                latencies[r] = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
                towerTimes[r] = Stopwatch.GetElapsedTime(start, encoded).TotalMilliseconds;
                cpuTimes[r] = (cpuEnd - cpuStart) / 1e6;
            }
        }

        // The physical limit: one pass of a plain SIMD sum over the same matrix (what any scan must read).
        var scans = new double[Math.Max(50, requests / 5)];
        var scanCpu = new double[scans.Length];
        var sink = 0f;
        for (var i = -5; i < scans.Length; i++)
        {
            var cpuStart = ThreadCpuClock.NowNs();
            var start = Stopwatch.GetTimestamp();
            sink += StreamSum(model.ItemTiles.Data);
            if (i >= 0)
            {
                scans[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                scanCpu[i] = (ThreadCpuClock.NowNs() - cpuStart) / 1e6;
            }
        }

        // Breakdown: the dot products alone over every row (no selection, no filter).
        var dots = new double[scans.Length];
        var block = new float[ItemScanner.BlockRows];
        for (var i = -5; i < dots.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            const int tilesPerBlock = ItemScanner.BlockRows / ItemTileMatrix.TileRows;
            for (var tile = 0; tile < model.ItemTiles.Tiles; tile += tilesPerBlock)
            {
                model.ItemTiles.ScoreTiles(tile, Math.Min(tilesPerBlock, model.ItemTiles.Tiles - tile), user, block);
            }

            if (i >= 0)
            {
                dots[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        // Breakdown: selection with the request filter, no tower.
        var selects = new double[dots.Length];
        for (var i = -5; i < selects.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var filter = new CandidateFilter(model, excluded, purchased);
            ItemScanner.TopK(model.ItemTiles, user, ref filter, scores, top);
            filter.Dispose();
            if (i >= 0)
            {
                selects[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        Array.Sort(selects);
        Array.Sort(dots);
        Array.Sort(cpuTimes);
        Array.Sort(scanCpu);
        Array.Sort(latencies);
        Array.Sort(towerTimes);
        Array.Sort(scans);
        var p50 = latencies[requests / 2];
        var p99 = latencies[Math.Min(requests - 1, (int)(requests * 0.99))];
        var scan = scans[scans.Length / 2];
        var items = model.Shape.ItemRows - 1;
        var gbps = items * (double)d * sizeof(float) / (scan / 1000) / 1e9;
        var cpuP50 = cpuTimes[requests / 2];
        var cpuP99 = cpuTimes[Math.Min(requests - 1, (int)(requests * 0.99))];
        var cpuScan = scanCpu[scanCpu.Length / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"items={items}: thread-CPU time: recommend p50 {cpuP50:F3} p99 {cpuP99:F3} ms; stream {cpuScan:F3} ms; efficiency {cpuScan / cpuP50:F2}"));
        Console.WriteLine($"items={items}: wall: tower p50 {towerTimes[requests / 2]:F3} ms; recommend p50 {p50:F3} p99 {p99:F3} ms; " +
            $"dots only {dots[dots.Length / 2]:F3} ms; top-K+filter {selects[selects.Length / 2]:F3} ms; stream {scan:F3} ms ({gbps:F1} GB/s) [sink {sink:E1}]");
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT scoring items={items} p50_ms={p50:F3} p99_ms={p99:F3} scan_ms={scan:F3} efficiency={scan / p50:F2}");
    }

    /// <summary>A plain SIMD sum with four independent accumulators: the fastest pass over the memory.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float StreamSum(ReadOnlySpan<float> data)
    {
        ref var p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        System.Runtime.Intrinsics.Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var i = 0;
        for (; i + 64 <= data.Length; i += 64)
        {
            a0 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref p, (nuint)i);
            a1 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref p, (nuint)(i + 16));
            a2 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref p, (nuint)(i + 32));
            a3 += System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref p, (nuint)(i + 48));
        }

        var sum = System.Runtime.Intrinsics.Vector512.Sum((a0 + a1) + (a2 + a3));
        for (; i < data.Length; i++)
        {
            sum += data[i];
        }

        return sum;
    }

    private static bool Pin(int cpu)
    {
        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                Process.GetCurrentProcess().ProcessorAffinity = (nint)(1L << cpu);
                return true;
            }
        }
#pragma warning disable CA1031 // Pinning is best effort; the header line reports whether it happened.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return false;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
