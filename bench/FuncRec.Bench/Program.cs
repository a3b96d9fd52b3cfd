// Each benchmark registers itself here and ends by printing its RESULT line; see docs/benchmarks.md.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["ingest"] = FuncRec.Bench.Ingest.IngestBenchmark.RunAsync,
    ["scoring"] = FuncRec.Bench.ScoringBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: funcrec-bench <{string.Join('|', benchmarks.Keys.DefaultIfEmpty("(none yet)"))}> [options]");
    return 2;
}

return await run(args[1..]);
