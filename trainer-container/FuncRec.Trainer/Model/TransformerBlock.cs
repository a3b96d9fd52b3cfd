using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FuncRec.Trainer.Model;

/// <summary>
/// One pre-LN block: <c>h += attn(ln1(h))</c>, <c>h += ffn(ln2(h))</c>, then padding rows are zeroed.
/// Dropout is applied to each residual branch in training only.
/// </summary>
public sealed class TransformerBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly double _dropout;

    // Field names are checkpoint keys (blocks.{b}.ln1 / attn / ln2 / ffn): call order, never renamed.
#pragma warning disable IDE1006, SA1300
    private readonly LayerNorm ln1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln2;
    private readonly FeedForward ffn;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates a block of width <paramref name="dim"/>.</summary>
    public TransformerBlock(int dim, int heads, double dropout) : base(nameof(TransformerBlock))
    {
        _dropout = dropout;
        ln1 = LayerNorm(dim, eps: 1e-5);
        attn = new CausalSelfAttention(dim, heads);
        ln2 = LayerNorm(dim, eps: 1e-5);
        ffn = new FeedForward(dim);
        RegisterComponents();
    }

    /// <summary>Applies the block to <paramref name="h"/> [B, T, d]; <paramref name="mask"/> is [B, T] float (1 real, 0 pad).</summary>
    public override Tensor forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var a = attn.forward(ln1.forward(h), mask);
        h = h.Plus(functional.dropout(a, _dropout, training));
        var f = ffn.forward(ln2.forward(h));
        h = h.Plus(functional.dropout(f, _dropout, training));
        return (h * mask.unsqueeze(-1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ln1.Dispose();
            attn.Dispose();
            ln2.Dispose();
            ffn.Dispose();
        }

        base.Dispose(disposing);
    }
}
