using System.Globalization;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Features;

namespace FuncRec.Testing;

/// <summary>
/// Builds a random model that follows docs/model.md: every tensor with its contract name and shape,
/// the safetensors metadata, padding rows zeroed, and <c>item_category</c> copied from the id maps.
/// Deterministic for a given seed.
/// </summary>
public sealed class ModelWeightsBuilder
{
    private int _dim = 16;
    private int _maxLength = 10;
    private int _blocks = 2;
    private int _heads = 2;
    private int _queryBuckets = 64;
    private int _seed = 1;
    private float _scale = 0.3f;
    private ModelIdMaps? _idMaps;

    /// <summary>Sets d, L, B, H and Q.</summary>
    public ModelWeightsBuilder WithShape(int dim, int maxLength, int blocks, int heads, int queryBuckets)
    {
        (_dim, _maxLength, _blocks, _heads, _queryBuckets) = (dim, maxLength, blocks, heads, queryBuckets);
        return this;
    }

    /// <summary>Sets the random seed.</summary>
    public ModelWeightsBuilder WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Sets the scale of the random values (uniform in [-scale, scale]).</summary>
    public ModelWeightsBuilder WithScale(float scale)
    {
        _scale = scale;
        return this;
    }

    /// <summary>Uses these id maps (item and category rows, item categories).</summary>
    public ModelWeightsBuilder WithIdMaps(ModelIdMaps idMaps)
    {
        _idMaps = idMaps;
        return this;
    }

    /// <summary>Uses generated id maps: <paramref name="items"/> items <c>i{n}</c> spread over <paramref name="categories"/> categories <c>c{n}</c>.</summary>
    public ModelWeightsBuilder WithItems(int items, int categories)
    {
        _idMaps = SyntheticIdMaps(items, categories);
        return this;
    }

    /// <summary>The id maps in use.</summary>
    public ModelIdMaps IdMaps => _idMaps ??= SyntheticIdMaps(50, 5);

    /// <summary>Id maps with items <c>i1..iN</c>, item n in category <c>c{(n-1) % categories + 1}</c>.</summary>
    public static ModelIdMaps SyntheticIdMaps(int items, int categories)
    {
        var maps = new ModelIdMaps();
        for (var c = 1; c <= categories; c++)
        {
            maps.GetOrAddCategory($"c{c}");
        }

        for (var i = 1; i <= items; i++)
        {
            maps.GetOrAddItem($"i{i}", $"c{((i - 1) % categories) + 1}");
        }

        return maps;
    }

    /// <summary>The tensors, in the order the trainer would write them.</summary>
    public IReadOnlyList<SafeTensor> BuildTensors()
    {
        var random = new Random(_seed);
        var maps = IdMaps;
        var d = _dim;
        var tensors = new List<SafeTensor>
        {
            Random(random, "item_emb.weight", zeroRow0: true, maps.ItemRows, d),
            Random(random, "cat_emb.weight", zeroRow0: true, maps.CategoryRows, d),
        };
        var categories = new long[maps.ItemRows];
        for (var r = 1; r < categories.Length; r++)
        {
            categories[r] = maps.CategoryOfRow(r);
        }

        tensors.Add(new SafeTensor("item_category", SafeTensorDType.I64, [maps.ItemRows], System.Runtime.InteropServices.MemoryMarshal.AsBytes(categories.AsSpan()).ToArray()));
        tensors.Add(Random(random, "pos_emb.weight", zeroRow0: false, _maxLength, d));
        tensors.Add(Random(random, "type_emb.weight", zeroRow0: false, InteractionTypes.EmbeddingRows, d));
        for (var b = 0; b < _blocks; b++)
        {
            var p = $"blocks.{b}.";
            tensors.Add(Norm(random, p + "ln1", d));
            tensors.Add(Random(random, p + "ln1.bias", zeroRow0: false, d));
            foreach (var proj in new[] { "attn.q", "attn.k", "attn.v", "attn.o" })
            {
                tensors.Add(Random(random, $"{p}{proj}.weight", zeroRow0: false, d, d));
                tensors.Add(Random(random, $"{p}{proj}.bias", zeroRow0: false, d));
            }

            tensors.Add(Norm(random, p + "ln2", d));
            tensors.Add(Random(random, p + "ln2.bias", zeroRow0: false, d));
            foreach (var fc in new[] { "ffn.fc1", "ffn.fc2" })
            {
                tensors.Add(Random(random, $"{p}{fc}.weight", zeroRow0: false, d, d));
                tensors.Add(Random(random, $"{p}{fc}.bias", zeroRow0: false, d));
            }
        }

        tensors.Add(Norm(random, "final_ln", d));
        tensors.Add(Random(random, "final_ln.bias", zeroRow0: false, d));
        tensors.Add(Random(random, "query_emb.weight", zeroRow0: true, _queryBuckets, d));
        tensors.Add(Random(random, "query_proj.weight", zeroRow0: false, d, d));
        tensors.Add(Random(random, "query_proj.bias", zeroRow0: false, d));
        return tensors;
    }

    /// <summary>The safetensors metadata of docs/model.md.</summary>
    public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>
    {
        ["format"] = "pt",
        ["dim"] = _dim.ToString(CultureInfo.InvariantCulture),
        ["max_length"] = _maxLength.ToString(CultureInfo.InvariantCulture),
        ["blocks"] = _blocks.ToString(CultureInfo.InvariantCulture),
        ["heads"] = _heads.ToString(CultureInfo.InvariantCulture),
        ["query_buckets"] = _queryBuckets.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The <c>weights.safetensors</c> bytes.</summary>
    public byte[] BuildWeights()
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, BuildTensors(), Metadata);
        return stream.ToArray();
    }

    /// <summary>The <c>idmap.bin</c> bytes.</summary>
    public byte[] BuildIdMap()
    {
        using var stream = new MemoryStream();
        IdMaps.Write(stream);
        return stream.ToArray();
    }

    private SafeTensor Random(Random random, string name, bool zeroRow0, params long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        var start = zeroRow0 ? (int)shape[^1] : 0;
        for (var i = start; i < count; i++)
        {
            values[i] = ((float)random.NextDouble() * 2f - 1f) * _scale;
        }

        return SafeTensor.FromFloats(name, values, shape);
    }

    private static SafeTensor Norm(Random random, string prefix, int d)
    {
        var values = new float[d];
        for (var i = 0; i < d; i++)
        {
            values[i] = 0.8f + (0.4f * (float)random.NextDouble());
        }

        return SafeTensor.FromFloats(prefix + ".weight", values, d);
    }
}
