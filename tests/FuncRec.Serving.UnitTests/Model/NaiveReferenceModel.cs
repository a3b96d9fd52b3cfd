using FuncRec.Core.Checkpoints;

namespace FuncRec.Serving.UnitTests.Model;

/// <summary>
/// An obviously-correct scalar implementation of docs/model.md in double precision, written straight
/// from the spec: full padded sequence, explicit masks, -1e9 logits, every row of every block computed.
/// </summary>
internal sealed class NaiveReferenceModel
{
    private readonly SafeTensorsContent _w;
    private readonly int _d;
    private readonly int _heads;
    private readonly int _blocks;
    private readonly int _queryBuckets;

    public NaiveReferenceModel(byte[] weights)
    {
        _w = SafeTensorsFile.Read(weights);
        _d = int.Parse(_w.Metadata["dim"]);
        _heads = int.Parse(_w.Metadata["heads"]);
        _blocks = int.Parse(_w.Metadata["blocks"]);
        _queryBuckets = int.Parse(_w.Metadata["query_buckets"]);
    }

    private readonly Dictionary<string, float[]> _cache = [];

    public int QueryBuckets => _queryBuckets;

    private float[] F(string name)
    {
        if (!_cache.TryGetValue(name, out var values))
        {
            _cache[name] = values = _w.Get(name).ToFloats();
        }

        return values;
    }

    private float W(string name, int index) => F(name)[index];

    private double[] Vec(string name, int row)
    {
        var all = F(name);
        return Enumerable.Range(0, _d).Select(i => (double)all[(row * _d) + i]).ToArray();
    }

    public double[] Item(int row)
    {
        var category = (int)System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(_w.Get("item_category").Data.Span)[row];
        var item = Vec("item_emb.weight", row);
        var cat = Vec("cat_emb.weight", category);
        return item.Zip(cat, (a, b) => a + b).ToArray();
    }

    private double[] Linear(string prefix, double[] x)
    {
        var w = F(prefix + ".weight");
        var b = F(prefix + ".bias");
        var y = new double[_d];
        for (var o = 0; o < _d; o++)
        {
            var sum = (double)b[o];
            for (var i = 0; i < _d; i++)
            {
                sum += w[(o * _d) + i] * x[i];
            }

            y[o] = sum;
        }

        return y;
    }

    private double[] LayerNorm(string prefix, double[] x)
    {
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        return Enumerable.Range(0, _d)
            .Select(i => ((x[i] - mean) / Math.Sqrt(variance + 1e-5) * W(prefix + ".weight", i)) + W(prefix + ".bias", i))
            .ToArray();
    }

    /// <summary>The user vector of one (possibly left-padded) sequence, oldest first.</summary>
    public double[] Encode(int[] rows, byte[] types)
    {
        var t = rows.Length;
        var mask = rows.Select(r => r == 0 ? 0.0 : 1.0).ToArray();
        var h = new double[t][];
        for (var j = 0; j < t; j++)
        {
            var item = Item(rows[j]);
            var pos = Vec("pos_emb.weight", t - 1 - j);
            var type = Vec("type_emb.weight", types[j]);
            h[j] = Enumerable.Range(0, _d).Select(i => ((item[i] * Math.Sqrt(_d)) + pos[i] + type[i]) * mask[j]).ToArray();
        }

        var hd = _d / _heads;
        for (var b = 0; b < _blocks; b++)
        {
            var p = $"blocks.{b}.";
            var a = h.Select(x => LayerNorm(p + "ln1", x)).ToArray();
            var q = a.Select(x => Linear(p + "attn.q", x)).ToArray();
            var k = a.Select(x => Linear(p + "attn.k", x)).ToArray();
            var v = a.Select(x => Linear(p + "attn.v", x)).ToArray();
            var z = new double[t][];
            for (var i = 0; i < t; i++)
            {
                z[i] = new double[_d];
                for (var head = 0; head < _heads; head++)
                {
                    var s = new double[t];
                    for (var j = 0; j < t; j++)
                    {
                        var dot = 0.0;
                        for (var c = head * hd; c < (head + 1) * hd; c++)
                        {
                            dot += q[i][c] * k[j][c];
                        }

                        s[j] = j > i || mask[j] == 0 ? -1e9 : dot / Math.Sqrt(hd);
                    }

                    var max = s.Max();
                    var e = s.Select(x => Math.Exp(x - max)).ToArray();
                    var sum = e.Sum();
                    for (var j = 0; j < t; j++)
                    {
                        for (var c = head * hd; c < (head + 1) * hd; c++)
                        {
                            z[i][c] += e[j] / sum * v[j][c];
                        }
                    }
                }
            }

            for (var i = 0; i < t; i++)
            {
                var o = Linear(p + "attn.o", z[i]);
                h[i] = h[i].Zip(o, (x, y) => x + y).ToArray();
                var f = Linear(p + "ffn.fc1", LayerNorm(p + "ln2", h[i])).Select(x => Math.Max(0, x)).ToArray();
                var g = Linear(p + "ffn.fc2", f);
                h[i] = h[i].Zip(g, (x, y) => (x + y) * mask[i]).ToArray();
            }
        }

        return LayerNorm("final_ln", h[t - 1]);
    }

    public double[] EncodeQuery(int[] tokenRows)
    {
        var mean = new double[_d];
        foreach (var r in tokenRows)
        {
            var e = Vec("query_emb.weight", r);
            for (var i = 0; i < _d; i++)
            {
                mean[i] += e[i] / tokenRows.Length;
            }
        }

        return Linear("query_proj", mean);
    }
}
