using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FuncRec.Trainer.Model;

/// <summary>
/// The sequence-aware two-tower recommender of docs/model.md: an item tower (item-id plus category
/// embedding), a causal SASRec-style session tower whose last position is the user vector, and a query
/// tower over hashed query tokens. Scores are dot products with the item tower.
/// </summary>
public sealed class SessionRecModel : Module<Tensor, Tensor, Tensor>
{
    private readonly int _dim;
    private readonly int _maxLength;
    private readonly double _dropout;

    // Field names are the safetensors keys of docs/model.md, declared in call order: never rename them.
#pragma warning disable IDE1006, SA1300
    private readonly Embedding item_emb;
    private readonly Embedding cat_emb;
    private readonly Tensor item_category;
    private readonly Embedding pos_emb;
    private readonly Embedding type_emb;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm final_ln;
    private readonly Embedding query_emb;
    private readonly Linear query_proj;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates a freshly initialised model with <paramref name="itemRows"/> and <paramref name="categoryRows"/> rows (padding included).</summary>
    public SessionRecModel(ModelOptions options, long itemRows, long categoryRows, double dropout = 0.0)
        : base(nameof(SessionRecModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dim = options.Dim;
        _maxLength = options.MaxLength;
        _dropout = dropout;
        Options = options.Clone();
        item_emb = Embedding(itemRows, _dim, padding_idx: 0);
        cat_emb = Embedding(categoryRows, _dim, padding_idx: 0);
        item_category = zeros(itemRows, dtype: ScalarType.Int64);
        pos_emb = Embedding(_maxLength, _dim);
        type_emb = Embedding(Core.Features.InteractionTypes.EmbeddingRows, _dim);
        blocks = new ModuleList<TransformerBlock>(
            Enumerable.Range(0, options.Blocks).Select(_ => new TransformerBlock(_dim, options.Heads, dropout)).ToArray());
        final_ln = LayerNorm(_dim, eps: 1e-5);
        query_emb = Embedding(options.QueryBuckets, _dim, padding_idx: 0);
        query_proj = Linear(_dim, _dim);
        RegisterComponents();
        if (!named_buffers().Any(b => b.name == nameof(item_category)))
        {
            register_buffer(nameof(item_category), item_category);
        }

        InitialiseEmbeddings();
    }

    /// <summary>The architecture this model was built with.</summary>
    public ModelOptions Options { get; }

    /// <summary>Item rows N including padding row 0.</summary>
    public long ItemRows => item_emb.weight!.shape[0];

    /// <summary>Category rows C including unknown row 0.</summary>
    public long CategoryRows => cat_emb.weight!.shape[0];

    /// <summary>The item-id embedding weight [N, d] (a live parameter).</summary>
    public Parameter ItemEmbedding => item_emb.weight!;

    /// <summary>The category embedding weight [C, d] (a live parameter).</summary>
    public Parameter CategoryEmbedding => cat_emb.weight!;

    /// <summary>Parameters of the query tower, updated only by batches that contain search examples.</summary>
    public IReadOnlyList<Parameter> QueryTowerParameters => [query_emb.weight!, query_proj.weight!, query_proj.bias!];

    /// <summary>Replaces the item-to-category buffer (length N).</summary>
    public void SetItemCategories(long[] categoryRowOfItem)
    {
        ArgumentNullException.ThrowIfNull(categoryRowOfItem);
        if (categoryRowOfItem.Length != ItemRows)
        {
            throw new ArgumentException($"item_category needs {ItemRows} rows, got {categoryRowOfItem.Length}.", nameof(categoryRowOfItem));
        }

        using var source = tensor(categoryRowOfItem, dtype: ScalarType.Int64, device: item_category.device);
        using var _ = no_grad();
        item_category.copy_(source);
    }

    /// <summary>The item tower for every row: <c>item_emb + cat_emb[item_category]</c>, [N, d].</summary>
    public Tensor ItemVectors() => item_emb.weight!.Plus(cat_emb.forward(item_category));

    /// <summary>The item tower for the given rows (any shape of Int64 rows; adds a trailing d).</summary>
    public Tensor ItemVectors(Tensor rows) => item_emb.forward(rows).Plus(cat_emb.forward(item_category.index(rows)));

    /// <summary>
    /// The hidden state of every position after <c>final_ln</c>, [B, T, d], for left-padded item rows and
    /// interaction types [B, T] (row 0 / type 0 = padding). Position T-1 is the most recent interaction.
    /// </summary>
    public Tensor EncodeAllPositions(Tensor items, Tensor types)
    {
        using var scope = NewDisposeScope();
        var t = items.shape[1];
        if (t > _maxLength)
        {
            throw new ArgumentException($"Sequences are limited to {_maxLength} positions; got {t}.", nameof(items));
        }

        var mask = items.NotEqualTo(0).to_type(ScalarType.Float32);

        // Left padding aligns the most recent element at index T-1 in every row, so positions are T-1-j for all rows.
        using var first = (t - 1).ToScalar();
        using var last = (-1L).ToScalar();
        var positions = arange(first, last, last, dtype: ScalarType.Int64, device: items.device);
        var h = ItemVectors(items).Times(MathF.Sqrt(_dim)).Plus(pos_emb.forward(positions).unsqueeze(0)).Plus(type_emb.forward(types));
        h = functional.dropout(h, _dropout, training) * mask.unsqueeze(-1);
        foreach (var block in blocks)
        {
            h = block.forward(h, mask);
        }

        return final_ln.forward(h).MoveToOuterDisposeScope();
    }

    /// <summary>The user vector [B, d]: <c>final_ln</c> of the last (most recent) position.</summary>
    public override Tensor forward(Tensor items, Tensor types)
    {
        using var scope = NewDisposeScope();
        var t = items.shape[1];
        return EncodeAllPositions(items, types).select(1, t - 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The query tower [B, d]: <c>query_proj(mean of query_emb over the non-padding token rows)</c>.
    /// Token rows come from <c>QueryTokenizer.Bucket</c>; 0 is padding.
    /// </summary>
    public Tensor EncodeQuery(Tensor tokenRows)
    {
        using var scope = NewDisposeScope();
        var mask = tokenRows.NotEqualTo(0).to_type(ScalarType.Float32).unsqueeze(-1);
        var sum = (query_emb.forward(tokenRows) * mask).sum(1);
        using var one = 1.0.ToScalar();
        var mean = sum / mask.sum(1).clamp_min(one);
        return query_proj.forward(mean).MoveToOuterDisposeScope();
    }

    /// <summary>Parameters of the item and session towers (everything but the query tower).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> SessionTowerParameters() =>
        named_parameters().Where(p => !p.name.StartsWith("query_", StringComparison.Ordinal)).ToList();

    private void InitialiseEmbeddings()
    {
        using var _ = no_grad();

        // item(x)·sqrt(d) should have unit-scale coordinates, so the id tables start at std 1/sqrt(d).
        var std = 1.0 / Math.Sqrt(_dim);
        item_emb.weight!.normal_(0, std);
        cat_emb.weight!.normal_(0, std);
        query_emb.weight!.normal_(0, std);
        pos_emb.weight!.normal_(0, 0.1);
        type_emb.weight!.normal_(0, 0.1);
        item_emb.weight![0].zero_();
        cat_emb.weight![0].zero_();
        query_emb.weight![0].zero_();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            item_emb.Dispose();
            cat_emb.Dispose();
            item_category.Dispose();
            pos_emb.Dispose();
            type_emb.Dispose();
            blocks.Dispose();
            final_ln.Dispose();
            query_emb.Dispose();
            query_proj.Dispose();
        }

        base.Dispose(disposing);
    }
}
