using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Model;

/// <summary>
/// Tensor operations that take a scalar, with the native scalar kept alive for the whole call. An implicit
/// float-to-Scalar conversion leaves the Scalar unreachable once its handle is passed to libtorch, so the GC may
/// finalize it while a long operation (a mask over [batch, all items]) still reads it; libtorch then sees a
/// garbage tag and fails in <c>Scalar::toFloat</c>. That was seen after many updates in one process, in a mask and
/// in the <c>+</c> operator (<c>add(target)</c> passes an implicit alpha of 1). TorchSharp does not keep its own
/// temporaries alive, so the hot paths (the model, the loss, the optimizer step and the evaluator) use these instead of
/// operators and implicit conversions; each is the same libtorch call with the same scalar value and type.
/// </summary>
public static class ScalarSafe
{
    /// <summary><c>tensor.masked_fill(mask, value)</c> with <paramref name="value"/> held until the call returns.</summary>
    public static Tensor MaskedFill(this Tensor tensor, Tensor mask, float value) => Held(tensor, value.ToScalar(), (t, s) => t.masked_fill(mask, s));

    /// <summary><c>a + b</c> (libtorch <c>add</c> with alpha 1).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => Held(a, 1.ToScalar(), (t, s) => t.add(b, s));

    /// <summary><c>tensor + value</c>, for integer tensors such as ranks.</summary>
    public static Tensor Plus(this Tensor tensor, long value) => Held(tensor, value.ToScalar(), static (t, s) => t.add(s));

    /// <summary><c>tensor * value</c>.</summary>
    public static Tensor Times(this Tensor tensor, double value) => Held(tensor, value.ToScalar(), static (t, s) => t.mul(s));

    /// <summary><c>tensor / value</c>.</summary>
    public static Tensor DividedBy(this Tensor tensor, double value) => Held(tensor, value.ToScalar(), static (t, s) => t.div(s));

    /// <summary><c>tensor.eq(value)</c>.</summary>
    public static Tensor EqualTo(this Tensor tensor, long value) => Held(tensor, value.ToScalar(), static (t, s) => t.eq(s));

    /// <summary><c>tensor.ne(value)</c>.</summary>
    public static Tensor NotEqualTo(this Tensor tensor, long value) => Held(tensor, value.ToScalar(), static (t, s) => t.ne(s));

    /// <summary><c>tensor.lt(value)</c>.</summary>
    public static Tensor LessThan(this Tensor tensor, long value) => Held(tensor, value.ToScalar(), static (t, s) => t.lt(s));

    /// <summary><c>tensor.le(value)</c>.</summary>
    public static Tensor AtMost(this Tensor tensor, float value) => Held(tensor, value.ToScalar(), static (t, s) => t.le(s));

    // The using keeps the Scalar reachable, and undisposed, until libtorch has returned.
    private static Tensor Held(Tensor tensor, Scalar scalar, Func<Tensor, Scalar, Tensor> operation)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (scalar)
        {
            return operation(tensor, scalar);
        }
    }
}
