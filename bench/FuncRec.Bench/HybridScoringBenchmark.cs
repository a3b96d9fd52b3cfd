using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using FuncRec.Core.Checkpoints;
using FuncRec.Serving.Model;
using FuncRec.Serving.Retrieval;

namespace FuncRec.Bench;

/// <summary>
/// The co-occurrence part of <c>./funcrec bench scoring</c>: recommend's ranking stage (after the tower) with the hybrid
/// term, beside the same stage without it and beside the previous merge, measured on the same requests. The table is
/// synthetic: sessions of six items drawn log-uniformly over the rows (a Zipf-like head), counted with the trainer's
/// defaults (1,000 partners per row, sessions of at most 30 items). See docs/benchmarks.md.
/// </summary>
internal static class HybridScoringBenchmark
{
    public static string Run(ServingModel model, int requests, int wanted, float weight)
    {
        var items = model.Shape.ItemRows - 1;
        var random = new Random(11);
        int Draw() => Math.Min(items, (int)Math.Pow(items, random.NextDouble()));
        var build = Stopwatch.StartNew();
        var sessions = Enumerable.Range(0, items / 2).Select(_ => Enumerable.Range(0, 6).Select(_ => Draw()).ToArray()).ToList();
        var table = ItemCooccurrence.Empty.Update(sessions, 1.0, model.Shape.ItemRows, 1000, 30);
        model = model.WithCooccurrence(table, weight);
        var buildSeconds = build.Elapsed.TotalSeconds;

        var d = model.Shape.Dim;
        var user = new float[d];
        var rows = new int[50];
        var types = new byte[50];
        string[] excluded = ["c1"];
        var plain = new double[requests];
        var hybrid = new double[requests];
        var previous = new double[requests];
        var partnerCounts = new double[requests];
        var fetched = new double[requests];
        var scores = new float[wanted];
        var top = new int[wanted];
        for (var r = -50; r < requests; r++)
        {
            for (var j = 0; j < rows.Length; j++)
            {
                rows[j] = Draw();
                types[j] = (byte)random.Next(1, 6);
            }

            model.Session.Encode(rows, types, user);
            var purchased = Enumerable.Range(0, 5).Select(_ => $"i{Draw()}").ToArray();

            var t0 = ThreadCpuClock.NowNs();
            var filter = new CandidateFilter(model, excluded, purchased);
            ItemScanner.TopK(model.ItemTiles, user, ref filter, scores, top);
            filter.Dispose();

            var t1 = ThreadCpuClock.NowNs();
            filter = new CandidateFilter(model, excluded, purchased);
            var boosts = model.Cooccurrence.Boosts(rows, model.CooccurrenceWeight);
            var partners = HybridTopK.Partners(model, user, boosts, ref filter);
            var ranked = HybridTopK.Rank(model, user, wanted, partners, boosts, ref filter);
            filter.Dispose();

            var t2 = ThreadCpuClock.NowNs();
            filter = new CandidateFilter(model, excluded, purchased);
            var previousBoosts = model.Cooccurrence.Boosts(rows, model.CooccurrenceWeight);
            var previousPartners = HybridTopK.Partners(model, user, previousBoosts, ref filter);
            var previousRanked = PreviousRank(model, user, wanted + previousPartners.Count, previousPartners, previousBoosts, ref filter);
            filter.Dispose();
            var t3 = ThreadCpuClock.NowNs();

            // Both merges are exact, so their scores agree position by position (tied rows may swap).
            if (ranked.Count != wanted || Enumerable.Range(0, wanted).Any(i => previousRanked[i].Score != ranked[i].Score))
            {
                throw new InvalidOperationException("the two merges disagree");
            }

            if (r >= 0)
            {
                plain[r] = (t1 - t0) / 1e6;
                hybrid[r] = (t2 - t1) / 1e6;
                previous[r] = (t3 - t2) / 1e6;
                partnerCounts[r] = boosts.Count;
                fetched[r] = previousRanked.Count;
            }
        }

        foreach (var a in new[] { plain, hybrid, previous, partnerCounts, fetched })
        {
            Array.Sort(a);
        }

        double P(double[] a, double q) => a[Math.Min(a.Length - 1, (int)(a.Length * q))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"items={items}: co-occurrence table {table.PairCount:N0} pairs from {sessions.Count:N0} synthetic sessions ({buildSeconds:F1} s); partners per request p50 {P(partnerCounts, 0.5):F0} p99 {P(partnerCounts, 0.99):F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"items={items}: thread-CPU time of the ranking stage: model only p50 {P(plain, 0.5):F3} p99 {P(plain, 0.99):F3} ms; hybrid p50 {P(hybrid, 0.5):F3} p99 {P(hybrid, 0.99):F3} ms; " +
            $"previous merge p50 {P(previous, 0.5):F3} p99 {P(previous, 0.99):F3} ms, which passed p50 {P(fetched, 0.5):F0} candidates to the stock check instead of {wanted}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT scoring-cooccurrence items={items} partners_p50={P(partnerCounts, 0.5):F0} model_p50_ms={P(plain, 0.5):F3} hybrid_p50_ms={P(hybrid, 0.5):F3} hybrid_p99_ms={P(hybrid, 0.99):F3} previous_p50_ms={P(previous, 0.5):F3}");
    }

    /// <summary>The merge before HybridTopK: scan wanted plus one row per partner, drop the partners, add them scored, sort all.</summary>
    private static List<(int Row, float Score)> PreviousRank(
        ServingModel model, float[] user, int scan, List<(int Row, float Score)> partners, Dictionary<int, float> boosts, ref CandidateFilter filter)
    {
        var scores = ArrayPool<float>.Shared.Rent(scan);
        var rows = ArrayPool<int>.Shared.Rent(scan);
        var n = ItemScanner.TopK(model.ItemTiles, user, ref filter, scores.AsSpan(0, scan), rows.AsSpan(0, scan));
        var ranked = new List<(int Row, float Score)>(n + partners.Count);
        for (var i = 0; i < n; i++)
        {
            if (!boosts.ContainsKey(rows[i]))
            {
                ranked.Add((rows[i], scores[i]));
            }
        }

        ArrayPool<float>.Shared.Return(scores);
        ArrayPool<int>.Shared.Return(rows);
        ranked.AddRange(partners);
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        return ranked;
    }
}
