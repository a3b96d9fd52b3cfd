using System.Runtime.InteropServices;

namespace FuncRec.Core.Checkpoints;

/// <summary>Element types this project stores in safetensors files.</summary>
public enum SafeTensorDType
{
    /// <summary>32-bit IEEE float ("F32").</summary>
    F32,

    /// <summary>16-bit IEEE float ("F16").</summary>
    F16,

    /// <summary>32-bit signed integer ("I32").</summary>
    I32,

    /// <summary>64-bit signed integer ("I64").</summary>
    I64,
}

/// <summary>Wire names and sizes of <see cref="SafeTensorDType"/>.</summary>
public static class SafeTensorDTypeExtensions
{
    /// <summary>The dtype string used in the safetensors header.</summary>
    public static string ToWireName(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 => "F32",
        SafeTensorDType.F16 => "F16",
        SafeTensorDType.I32 => "I32",
        SafeTensorDType.I64 => "I64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>Parses a header dtype string.</summary>
    public static SafeTensorDType FromWireName(string? name) => name switch
    {
        "F32" => SafeTensorDType.F32,
        "F16" => SafeTensorDType.F16,
        "I32" => SafeTensorDType.I32,
        "I64" => SafeTensorDType.I64,
        _ => throw new InvalidDataException($"safetensors: unsupported dtype '{name}'."),
    };

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F16 => 2,
        SafeTensorDType.F32 or SafeTensorDType.I32 => 4,
        SafeTensorDType.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };
}

/// <summary>One named tensor: dtype, shape and little-endian data.</summary>
public sealed record SafeTensor(string Name, SafeTensorDType DType, long[] Shape, ReadOnlyMemory<byte> Data)
{
    /// <summary>Creates an F32 tensor from values (copied).</summary>
    public static SafeTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != values.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(',', shape)}] needs {count} values, got {values.Length}.", nameof(values));
        }

        return new SafeTensor(name, SafeTensorDType.F32, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>The number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The data as F32 values (copied into a new array).</summary>
    public float[] ToFloats()
    {
        if (DType != SafeTensorDType.F32)
        {
            throw new InvalidOperationException($"Tensor '{Name}' is {DType}, not F32.");
        }

        return MemoryMarshal.Cast<byte, float>(Data.Span).ToArray();
    }
}

/// <summary>The tensors and metadata of one safetensors file.</summary>
public sealed record SafeTensorsContent(IReadOnlyDictionary<string, SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor named <paramref name="name"/>, or a clear error naming what the file holds.</summary>
    public SafeTensor Get(string name) => Tensors.TryGetValue(name, out var t)
        ? t
        : throw new InvalidDataException($"safetensors: no tensor '{name}'; the file holds {string.Join(", ", Tensors.Keys)}.");
}
