using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FuncRec.Trainer.Model;

/// <summary>The position-wise feed-forward branch <c>fc2(relu(fc1(x)))</c>, both layers d to d.</summary>
public sealed class FeedForward : Module<Tensor, Tensor>
{
    // Field names are checkpoint keys (blocks.{b}.ffn.fc1 / fc2): never rename them.
#pragma warning disable IDE1006, SA1300
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the two d-by-d layers.</summary>
    public FeedForward(int dim) : base(nameof(FeedForward))
    {
        fc1 = Linear(dim, dim);
        fc2 = Linear(dim, dim);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var hidden = functional.relu(fc1.forward(input));
        return fc2.forward(hidden);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            fc2.Dispose();
        }

        base.Dispose(disposing);
    }
}
