using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FuncRec.Trainer.Model;

/// <summary>
/// Multi-head causal self-attention written out with q/k/v/o Linear layers, so the checkpoint keys are
/// <c>attn.q</c>, <c>attn.k</c>, <c>attn.v</c>, <c>attn.o</c> exactly as serving expects. Masked logits are
/// -1e9 rather than -inf so that a fully padded query row stays finite (docs/model.md).
/// </summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor, Tensor>
{
    /// <summary>The logit given to future and padding keys.</summary>
    public const float MaskedLogit = -1e9f;

    private readonly int _heads;
    private readonly int _headDim;

    // Field names are checkpoint keys: declared in call order, never renamed.
#pragma warning disable IDE1006, SA1300
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear o;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the four d-by-d projections.</summary>
    public CausalSelfAttention(int dim, int heads) : base(nameof(CausalSelfAttention))
    {
        _heads = heads;
        _headDim = dim / heads;
        q = Linear(dim, dim);
        k = Linear(dim, dim);
        v = Linear(dim, dim);
        o = Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>Attends over <paramref name="input"/> [B, T, d] with a [B, T] padding mask (1 real, 0 pad).</summary>
    public override Tensor forward(Tensor input, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        var (b, t, d) = (input.shape[0], input.shape[1], input.shape[2]);
        var qh = q.forward(input).view(b, t, _heads, _headDim).transpose(1, 2);
        var kh = k.forward(input).view(b, t, _heads, _headDim).transpose(1, 2);
        var vh = v.forward(input).view(b, t, _heads, _headDim).transpose(1, 2);
        var logits = qh.matmul(kh.transpose(-2, -1)).DividedBy(MathF.Sqrt(_headDim));

        // Key j is hidden from query i when it lies in the future (j > i) or is padding.
        var future = ones(t, t, dtype: ScalarType.Bool, device: input.device).triu(1);
        var padKey = keyMask.EqualTo(0).view(b, 1, 1, t);
        var blocked = future.view(1, 1, t, t).logical_or(padKey);
        logits = logits.MaskedFill(blocked, MaskedLogit);
        var z = logits.softmax(-1).matmul(vh).transpose(1, 2).contiguous().view(b, t, d);
        return o.forward(z).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            q.Dispose();
            k.Dispose();
            v.Dispose();
            o.Dispose();
        }

        base.Dispose(disposing);
    }
}
