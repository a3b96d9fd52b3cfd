using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class AdamOptimizerTests
{
    [Fact]
    public void Step_FirstStep_MovesEachWeightByLearningRateAgainstItsGradient()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g|+eps) ≈ lr·sign(g).
        using var p = tensor(new float[] { 1f, 2f, 3f }).requires_grad_();
        using (var loss = (p * tensor(new float[] { 2f, -3f, 0.5f })).sum())
        {
            loss.backward();
        }

        using var adam = new AdamOptimizer(0.1);
        adam.Step([("p", p)]);

        var values = p.detach().data<float>().ToArray();
        Assert.Equal(0.9f, values[0], 5);
        Assert.Equal(2.1f, values[1], 5);
        Assert.Equal(2.9f, values[2], 5);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void GrowRows_LargerTable_KeepsOldMomentsAndAddsZeroRows()
    {
        using var adam = new AdamOptimizer(0.1);
        adam.SetState("w", ones(2, 3), full(2, 3, 2f));
        adam.GrowRows("w", 4);

        var (m, v) = adam.State["w"];
        Assert.Equal(new long[] { 4, 3 }, m.shape);
        Assert.Equal(6f, m.narrow(0, 0, 2).sum().item<float>());
        Assert.Equal(12f, v.narrow(0, 0, 2).sum().item<float>());
        Assert.Equal(0f, m.narrow(0, 2, 2).abs().sum().item<float>());
        Assert.Equal(0f, v.narrow(0, 2, 2).abs().sum().item<float>());
    }
}
