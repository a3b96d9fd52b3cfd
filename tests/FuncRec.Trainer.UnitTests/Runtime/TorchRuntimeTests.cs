using FuncRec.Trainer.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void SelectDevice_Cpu_ReturnsCpuDevice() =>
        Assert.Equal(DeviceType.CPU, TorchRuntime.SelectDevice("cpu").type);

    [Fact]
    public void SelectDevice_UnknownName_Throws() =>
        Assert.Throws<ArgumentException>(() => TorchRuntime.SelectDevice("tpu"));

    [Fact]
    public void Seed_SameSeed_SameRandomTensor()
    {
        TorchRuntime.Seed(123);
        using var a = randn(4, 3);
        TorchRuntime.Seed(123);
        using var b = randn(4, 3);
        TorchRuntime.Seed(124);
        using var c = randn(4, 3);

        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        Assert.False(a.allclose(c, rtol: 0, atol: 0));
    }

    [Fact]
    public void NativeLibrary_MatMul_ComputesKnownProduct()
    {
        // Loads libtorch's native library: fails here if libstdc++ lacks GLIBCXX_3.4.32 (see ./funcrec setup).
        using var x = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var y = x.matmul(x);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, y.data<float>().ToArray());
    }
}
