using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Model;

/// <summary>Each helper must be the very call its operator makes: the model's checkpoints stay bit for bit reproducible.</summary>
public sealed class ScalarSafeTests
{
    private static Tensor Values(long seed)
    {
        var generator = new Generator((ulong)seed);
        return randn([3, 5], generator: generator);
    }

    private static void AssertBitForBit(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "the helper's values differ from the operator's");
    }

    [Fact]
    public void FloatHelpers_SameInputs_EqualTheOperatorsBitForBit()
    {
        using var scope = NewDisposeScope();
        var (a, b) = (Values(1), Values(2));

        AssertBitForBit(a + b, a.Plus(b));
        AssertBitForBit(a * MathF.Sqrt(7), a.Times(MathF.Sqrt(7)));
        AssertBitForBit(a / MathF.Sqrt(3), a.DividedBy(MathF.Sqrt(3)));
        AssertBitForBit(a.le(-0.25f), a.AtMost(-0.25f));
    }

    [Fact]
    public void IntegerHelpers_RowsAndRanks_EqualTheOperatorsBitForBit()
    {
        using var scope = NewDisposeScope();
        var rows = tensor(new long[] { 0, 3, 7, 0, 12 });

        AssertBitForBit(rows.add(1), rows.Plus(1));
        AssertBitForBit(rows.ne(0), rows.NotEqualTo(0));
        AssertBitForBit(rows.eq(0), rows.EqualTo(0));
        Assert.Equal(new[] { true, false, false, true, false }, rows.EqualTo(0).data<bool>().ToArray());
        AssertBitForBit(rows.lt(7), rows.LessThan(7));
        Assert.Equal(new[] { 1L, 4, 8, 1, 13 }, rows.Plus(1).data<long>().ToArray());
    }
}
