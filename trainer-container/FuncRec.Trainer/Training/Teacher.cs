using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// The frozen parent model used for distillation. Rows the parent never had (new items) are hidden from it:
/// as inputs they become padding, as candidates their logits are masked in both teacher and student terms.
/// </summary>
/// <param name="Model">The parent model, in eval mode.</param>
/// <param name="Weight">The distillation weight λ.</param>
/// <param name="Temperature">The softmax temperature.</param>
public sealed record Teacher(SessionRecModel Model, double Weight, double Temperature)
{
    /// <summary>The parent's item rows.</summary>
    public long ItemRows => Model.ItemRows;

    /// <summary>The parent's user vectors for a batch (no gradient): [B, d], or [B·T, d] for <paramref name="everyPosition"/>.</summary>
    public Tensor UserVectors(Tensor items, Tensor types, bool everyPosition = false)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var known = items.LessThan(ItemRows);
        var parentItems = items.where(known, zeros_like(items));
        var parentTypes = types.where(known, zeros_like(types));
        var vectors = everyPosition
            ? Model.EncodeAllPositions(parentItems, parentTypes).reshape(-1, Model.Options.Dim)
            : Model.forward(parentItems, parentTypes);
        return vectors.MoveToOuterDisposeScope();
    }
}
