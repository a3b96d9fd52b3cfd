using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Model;

/// <summary>
/// Tensor operations that take a scalar, with the native scalar kept alive for the whole call. An implicit
/// float-to-Scalar conversion leaves the Scalar unreachable once its handle is passed to libtorch, so the GC may
/// finalize it while a long operation (a mask over [batch, all items]) still reads it; libtorch then sees a
/// garbage tag and fails in <c>Scalar::toFloat</c>. That was seen after many updates in one process.
/// </summary>
public static class ScalarSafe
{
    /// <summary><c>tensor.masked_fill(mask, value)</c> with <paramref name="value"/> held until the call returns.</summary>
    public static Tensor MaskedFill(this Tensor tensor, Tensor mask, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = value.ToScalar();
        return tensor.masked_fill(mask, scalar);
    }
}
