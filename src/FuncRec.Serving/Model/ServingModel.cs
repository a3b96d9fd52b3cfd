using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FuncRec.Core.Checkpoints;
using FuncRec.Serving.Retrieval;

namespace FuncRec.Serving.Model;

/// <summary>
/// One immutable, fully loaded model version: the precomputed item matrix, the session tower, the
/// query tower and the id maps. It holds only managed arrays and no pooled buffers, so a swapped-out
/// version is released by the GC once the last in-flight request drops its reference.
/// </summary>
public sealed class ServingModel
{
    private ServingModel(string version, ModelShape shape, ModelIdMaps? idMaps, float[] itemMatrix, int[] itemCategory, float[] categoryEmbeddings, SessionTower session, QueryTower query)
    {
        Version = version;
        Shape = shape;
        IdMaps = idMaps;
        ItemMatrix = itemMatrix;
        ItemCategory = itemCategory;
        ItemTiles = new ItemTileMatrix(itemMatrix, shape.Dim);
        CategoryEmbeddings = categoryEmbeddings;
        Session = session;
        Query = query;
    }

    /// <summary>The version name (from the manifest).</summary>
    public string Version { get; }

    /// <summary>Tensor shapes.</summary>
    public ModelShape Shape { get; }

    /// <summary>External ids of rows; null only for a model loaded from weights alone (parity tests).</summary>
    public ModelIdMaps? IdMaps { get; }

    /// <summary><c>item(r) = item_emb[r] + cat_emb[item_category[r]]</c>, [N, d] row-major; row 0 is padding.</summary>
    public float[] ItemMatrix { get; }

    /// <summary>
    /// The same matrix tiled for scanning (<see cref="ItemTileMatrix"/>). It doubles the item memory
    /// (N·d·4 bytes more: 256 MB at 1M items, d=64) in exchange for a scan without horizontal sums.
    /// </summary>
    public ItemTileMatrix ItemTiles { get; }

    /// <summary>The category row of each item row.</summary>
    public int[] ItemCategory { get; }

    /// <summary><c>cat_emb.weight</c>, [C, d].</summary>
    public float[] CategoryEmbeddings { get; }

    /// <summary>The user/session tower.</summary>
    public SessionTower Session { get; }

    /// <summary>The query tower.</summary>
    public QueryTower Query { get; }

    /// <summary>The version's co-occurrence table (empty when it was trained without the hybrid ranking).</summary>
    public ItemCooccurrence Cooccurrence { get; private set; } = ItemCooccurrence.Empty;

    /// <summary>The weight of the co-occurrence term the version was trained and measured with; 0 when it has none.</summary>
    public float CooccurrenceWeight { get; private set; }

    /// <summary>
    /// Attaches the version's co-occurrence table and weight; call once, before the model is published to requests.
    /// </summary>
    /// <exception cref="InvalidOperationException">A table is attached already.</exception>
    public ServingModel WithCooccurrence(ItemCooccurrence table, float weight)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Cooccurrence.Rows > 0)
        {
            throw new InvalidOperationException($"{Version} has a co-occurrence table already.");
        }

        Cooccurrence = table;
        CooccurrenceWeight = weight;
        return this;
    }

    /// <summary>Whether ranking adds the co-occurrence term: a table with pairs and a positive weight.</summary>
    public bool HasCooccurrence => CooccurrenceWeight > 0 && Cooccurrence.PairCount > 0;

    /// <summary>The item vector of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> ItemVector(int row) => ItemMatrix.AsSpan(row * Shape.Dim, Shape.Dim);

    /// <summary>
    /// Builds a serving model from raw <c>weights.safetensors</c> bytes, checking every tensor's shape
    /// against the metadata. With <paramref name="idMaps"/>, their row counts and item categories must
    /// match the weights.
    /// </summary>
    /// <exception cref="InvalidDataException">The weights do not follow docs/model.md or disagree with the id maps.</exception>
    public static ServingModel Load(ReadOnlyMemory<byte> weights, ModelIdMaps? idMaps = null, string version = "unversioned")
    {
        var content = SafeTensorsFile.Read(weights);
        var shape = ReadShape(content);
        var d = shape.Dim;
        if (idMaps is not null && (idMaps.ItemRows != shape.ItemRows || idMaps.CategoryRows != shape.CategoryRows))
        {
            throw new InvalidDataException(
                $"idmap has {idMaps.ItemRows} item / {idMaps.CategoryRows} category rows; the weights have {shape.ItemRows} / {shape.CategoryRows}.");
        }

        var itemEmb = Floats(content, "item_emb.weight", shape.ItemRows, d);
        var catEmb = Floats(content, "cat_emb.weight", shape.CategoryRows, d);
        var itemCategory = ReadItemCategory(content, shape, idMaps);

        // Precompute item(r) once per version so scoring is a single scan over one contiguous matrix.
        var itemMatrix = itemEmb;
        for (var r = 0; r < shape.ItemRows; r++)
        {
            var row = itemMatrix.AsSpan(r * d, d);
            TensorPrimitives.Add(row, catEmb.AsSpan(itemCategory[r] * d, d), row);
        }

        var blocks = new TransformerBlock[shape.Blocks];
        for (var b = 0; b < shape.Blocks; b++)
        {
            var p = $"blocks.{b}.";
            blocks[b] = new TransformerBlock(
                Floats(content, p + "ln1.weight", d), Floats(content, p + "ln1.bias", d),
                LinearT(content, p + "attn.q", d), Floats(content, p + "attn.q.bias", d),
                LinearT(content, p + "attn.k", d), Floats(content, p + "attn.k.bias", d),
                LinearT(content, p + "attn.v", d), Floats(content, p + "attn.v.bias", d),
                LinearT(content, p + "attn.o", d), Floats(content, p + "attn.o.bias", d),
                Floats(content, p + "ln2.weight", d), Floats(content, p + "ln2.bias", d),
                LinearT(content, p + "ffn.fc1", d), Floats(content, p + "ffn.fc1.bias", d),
                LinearT(content, p + "ffn.fc2", d), Floats(content, p + "ffn.fc2.bias", d));
        }

        var session = new SessionTower(
            shape,
            itemMatrix,
            Floats(content, "pos_emb.weight", shape.MaxLength, d),
            Floats(content, "type_emb.weight", shape.TypeRows, d),
            blocks,
            Floats(content, "final_ln.weight", d),
            Floats(content, "final_ln.bias", d));
        var query = new QueryTower(
            shape,
            Floats(content, "query_emb.weight", shape.QueryBuckets, d),
            LinearT(content, "query_proj", d),
            Floats(content, "query_proj.bias", d));
        return new ServingModel(version, shape, idMaps, itemMatrix, itemCategory, catEmb, session, query);
    }

    private static ModelShape ReadShape(SafeTensorsContent content)
    {
        int Meta(string key)
        {
            if (!content.Metadata.TryGetValue(key, out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new InvalidDataException($"safetensors metadata '{key}' is missing or not a positive integer.");
            }

            return value;
        }

        var dim = Meta("dim");
        var heads = Meta("heads");
        if (dim % heads != 0)
        {
            throw new InvalidDataException($"dim {dim} is not divisible by heads {heads}.");
        }

        var items = content.Get("item_emb.weight").Shape;
        var categories = content.Get("cat_emb.weight").Shape;
        var types = content.Get("type_emb.weight").Shape;
        if (items.Length != 2 || categories.Length != 2 || types.Length != 2)
        {
            throw new InvalidDataException("item_emb, cat_emb and type_emb must be 2-D.");
        }

        return new ModelShape(dim, Meta("max_length"), Meta("blocks"), heads, Meta("query_buckets"),
            checked((int)items[0]), checked((int)categories[0]), checked((int)types[0]));
    }

    private static int[] ReadItemCategory(SafeTensorsContent content, ModelShape shape, ModelIdMaps? idMaps)
    {
        var tensor = content.Get("item_category");
        if (tensor.Shape.Length != 1 || tensor.Shape[0] != shape.ItemRows || tensor.DType is not (SafeTensorDType.I64 or SafeTensorDType.I32))
        {
            throw new InvalidDataException($"item_category must be I64 [{shape.ItemRows}], found {tensor.DType} [{string.Join(',', tensor.Shape)}].");
        }

        var result = new int[shape.ItemRows];
        for (var r = 0; r < result.Length; r++)
        {
            var c = tensor.DType == SafeTensorDType.I64
                ? MemoryMarshal.Cast<byte, long>(tensor.Data.Span)[r]
                : MemoryMarshal.Cast<byte, int>(tensor.Data.Span)[r];
            if (c < 0 || c >= shape.CategoryRows)
            {
                throw new InvalidDataException($"item_category[{r}] = {c} is outside [0, {shape.CategoryRows}).");
            }

            if (idMaps is not null && r > 0 && idMaps.CategoryOfRow(r) != c)
            {
                throw new InvalidDataException($"item_category[{r}] = {c} but idmap says {idMaps.CategoryOfRow(r)}.");
            }

            result[r] = (int)c;
        }

        return result;
    }

    private static float[] LinearT(SafeTensorsContent content, string prefix, int d) =>
        DenseKernels.Transpose(Floats(content, prefix + ".weight", d, d), d, d);

    private static float[] Floats(SafeTensorsContent content, string name, params long[] shape)
    {
        var tensor = content.Get(name);
        if (tensor.DType != SafeTensorDType.F32 || !tensor.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidDataException($"'{name}' must be F32 [{string.Join(',', shape)}], found {tensor.DType} [{string.Join(',', tensor.Shape)}].");
        }

        return tensor.ToFloats();
    }
}
