using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class NextItemLossTests
{
    private static SessionRecModel Model()
    {
        random.manual_seed(9);
        var model = new SessionRecModel(new ModelOptions { Dim = 8, MaxLength = 4, Blocks = 1, QueryBuckets = 4 }, 20, 1);
        model.eval();
        return model;
    }

    [Fact]
    public void Compute_FullSoftmax_EqualsCrossEntropyOverRealItems()
    {
        using var model = Model();
        using var _ = no_grad();
        using var user = randn(3, 8);
        using var targets = tensor(new long[] { 1, 5, 19 });
        using var generator = new Generator(1);
        using var loss = NextItemLoss.Compute(model, user, targets, null, generator);

        // By hand: -log softmax over rows 1..19 (row 0 is padding and excluded).
        var scores = user.matmul(model.ItemVectors().t()).narrow(1, 1, 19);
        var expected = -scores.log_softmax(1).gather(1, (targets - 1).unsqueeze(1)).mean().item<float>();
        Assert.Equal(expected, loss.item<float>(), 4);
    }

    [Fact]
    public void Compute_TeacherIdenticalToStudent_AddsNoDistillationLoss()
    {
        using var model = Model();
        using var _ = no_grad();
        using var user = randn(3, 8);
        using var targets = tensor(new long[] { 2, 3, 4 });
        using var generator = new Generator(1);
        using var plain = NextItemLoss.Compute(model, user, targets, null, generator);
        using var distilled = NextItemLoss.Compute(model, user, targets, null, generator, new Teacher(model, 1.0, 2.0), user);

        Assert.Equal(plain.item<float>(), distilled.item<float>(), 4);
    }

    [Fact]
    public void Compute_SampledWithIdenticalTeacher_AddsNoDistillationLoss()
    {
        using var model = Model();
        using var _ = no_grad();
        using var user = randn(3, 8);
        using var targets = tensor(new long[] { 2, 3, 4 });
        using var sampler = new NegativeSampler(Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), 0.5, 8, CPU);
        using var g1 = new Generator(4);
        using var g2 = new Generator(4);
        using var plain = NextItemLoss.Compute(model, user, targets, sampler, g1);
        using var distilled = NextItemLoss.Compute(model, user, targets, sampler, g2, new Teacher(model, 1.0, 1.0), user);

        Assert.True(float.IsFinite(plain.item<float>()));
        Assert.Equal(plain.item<float>(), distilled.item<float>(), 4);
    }

    [Fact]
    public void NegativeSampler_Sample_NeverDrawsPaddingRow()
    {
        using var sampler = new NegativeSampler([0, 5, 1, 0, 9], exponent: 0.5, negatives: 500, CPU);
        using var generator = new Generator(3);
        using var rows = sampler.Sample(generator);

        Assert.Equal(500, rows.shape[0]);
        Assert.True(rows.ge(1).all().item<bool>());
        Assert.True(rows.le(4).all().item<bool>());
    }

    // Example 0 (target 5, input 0, 3, 9) is not a repeat, so rows 3 and 9 leave its candidates; example 1 repeats 7.
    private static (Tensor User, Tensor Targets, Tensor Items) SessionBatch() =>
        (randn(2, 8), tensor(new long[] { 5, 7 }), tensor(new long[] { 0, 3, 9, 7, 2, 1 }, [2, 3]));

    [Fact]
    public void Compute_FullSoftmaxWithSessionItems_MasksInputItemsOnlyForNonRepeatTargets()
    {
        using var model = Model();
        using var _ = no_grad();
        var (user, targets, items) = SessionBatch();
        using var generator = new Generator(1);
        using var loss = NextItemLoss.Compute(model, user, targets, null, generator, sessionItems: items);

        // By hand: -log softmax over rows 1..19 without {3, 9} for example 0, over all of 1..19 for example 1.
        var scores = user.matmul(model.ItemVectors().t());
        var first = scores[0].index(tensor(Enumerable.Range(1, 19).Where(r => r is not 3 and not 9).Select(r => (long)r).ToArray()));
        var lossFirst = -(scores[0, 5] - first.logsumexp(0)).item<float>();
        var lossSecond = -(scores[1, 7] - scores[1].narrow(0, 1, 19).logsumexp(0)).item<float>();
        Assert.Equal((lossFirst + lossSecond) / 2, loss.item<float>(), 4);
    }

    [Fact]
    public void Compute_SampledWithSessionItems_MasksNegativesInTheInputOfNonRepeatExamples()
    {
        using var model = Model();
        using var _ = no_grad();
        var (user, targets, items) = SessionBatch();
        var (plain, masked) = WithSameNegatives(
            (sampler, g) => NextItemLoss.Compute(model, user, targets, sampler, g),
            (sampler, g) => NextItemLoss.Compute(model, user, targets, sampler, g, sessionItems: items));

        // Removing candidates from a softmax can only lower the loss.
        Assert.True(masked < plain, $"masked {masked} vs plain {plain}");
    }

    [Fact]
    public void Compute_SessionItemsWithIdenticalTeacher_AddsNoDistillationLoss()
    {
        using var model = Model();
        using var _ = no_grad();
        var (user, targets, items) = SessionBatch();
        var (plain, distilled) = WithSameNegatives(
            (sampler, g) => NextItemLoss.Compute(model, user, targets, sampler, g, sessionItems: items),
            (sampler, g) => NextItemLoss.Compute(model, user, targets, sampler, g, new Teacher(model, 1.0, 1.0), user, items));

        // The masked candidates are masked for the teacher as well, so identical models agree exactly.
        Assert.Equal(plain, distilled, 4);
    }

    // Two sampled losses drawing the same negatives (equal generator seeds) from a uniform proposal over 19 rows; 256
    // draws include rows 3 and 9, so masking them changes example 0's loss.
    private static (float First, float Second) WithSameNegatives(Func<NegativeSampler, Generator, Tensor> first, Func<NegativeSampler, Generator, Tensor> second)
    {
        using var sampler = new NegativeSampler(new long[20], 0.0, 256, CPU);
        using var g1 = new Generator(4);
        using var g2 = new Generator(4);
        using var a = first(sampler, g1);
        using var b = second(sampler, g2);
        return (a.item<float>(), b.item<float>());
    }
}
