using System.Globalization;
using System.Runtime.InteropServices;
using FuncRec.Core.Checkpoints;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Model;

/// <summary>
/// Converts a <see cref="SessionRecModel"/> to and from <c>weights.safetensors</c>: keys are the module's
/// state-dict names (docs/model.md), F32 except the I64 <c>item_category</c> buffer, and the metadata holds
/// <c>format=pt</c>, <c>dim</c>, <c>max_length</c>, <c>blocks</c>, <c>heads</c> and <c>query_buckets</c>.
/// </summary>
public static class ModelWeights
{
    /// <summary>The tensors of <paramref name="model"/> in state-dict order.</summary>
    public static IReadOnlyList<SafeTensor> ToSafeTensors(SessionRecModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var list = new List<SafeTensor>();
        foreach (var (name, value) in model.state_dict())
        {
            list.Add(ToSafeTensor(name, value));
        }

        return list;
    }

    /// <summary>The safetensors metadata of <paramref name="options"/>.</summary>
    public static Dictionary<string, string> Metadata(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            ["dim"] = options.Dim.ToString(CultureInfo.InvariantCulture),
            ["max_length"] = options.MaxLength.ToString(CultureInfo.InvariantCulture),
            ["blocks"] = options.Blocks.ToString(CultureInfo.InvariantCulture),
            ["heads"] = options.Heads.ToString(CultureInfo.InvariantCulture),
            ["query_buckets"] = options.QueryBuckets.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Writes the whole weights file.</summary>
    public static byte[] Serialize(SessionRecModel model)
    {
        using var buffer = new MemoryStream();
        SafeTensorsFile.Write(buffer, ToSafeTensors(model), Metadata(model.Options));
        return buffer.ToArray();
    }

    /// <summary>Reads the architecture back from the metadata.</summary>
    public static ModelOptions OptionsFromMetadata(SafeTensorsContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        int Get(string key) => int.Parse(
            content.Metadata.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"weights: metadata lacks '{key}'."),
            CultureInfo.InvariantCulture);
        return new ModelOptions
        {
            Dim = Get("dim"),
            MaxLength = Get("max_length"),
            Blocks = Get("blocks"),
            Heads = Get("heads"),
            QueryBuckets = Get("query_buckets"),
        };
    }

    /// <summary>Builds a model with exactly the shapes and values in <paramref name="content"/>.</summary>
    public static SessionRecModel Load(SafeTensorsContent content, double dropout = 0.0)
    {
        ArgumentNullException.ThrowIfNull(content);
        var options = OptionsFromMetadata(content);
        var itemRows = content.Get("item_emb.weight").Shape[0];
        var categoryRows = content.Get("cat_emb.weight").Shape[0];
        var model = new SessionRecModel(options, itemRows, categoryRows, dropout);
        CopyInto(model, content);
        return model;
    }

    /// <summary>
    /// Copies every tensor of <paramref name="content"/> into <paramref name="model"/>. A stored tensor with
    /// fewer rows than the model's (a parent before embedding growth) fills the first rows only.
    /// </summary>
    public static void CopyInto(SessionRecModel model, SafeTensorsContent content)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(content);
        using var _ = no_grad();
        foreach (var (name, target) in model.state_dict())
        {
            using var source = ToTorch(content.Get(name));
            if (source.shape.SequenceEqual(target.shape))
            {
                target.copy_(source);
            }
            else if (source.dim() == target.dim() && source.shape[0] <= target.shape[0] && source.shape.Skip(1).SequenceEqual(target.shape.Skip(1)))
            {
                target.narrow(0, 0, source.shape[0]).copy_(source);
            }
            else
            {
                throw new InvalidDataException(
                    $"weights: '{name}' is [{string.Join(',', source.shape)}], the model needs [{string.Join(',', target.shape)}].");
            }
        }
    }

    /// <summary>A CPU copy of a torch tensor as a safetensors entry (F32 or I64).</summary>
    public static SafeTensor ToSafeTensor(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var cpuTensor = value.detach().cpu().contiguous();
        var shape = cpuTensor.shape.ToArray();
        return cpuTensor.dtype switch
        {
            ScalarType.Float32 => new SafeTensor(name, SafeTensorDType.F32, shape, MemoryMarshal.AsBytes(cpuTensor.data<float>().ToArray().AsSpan()).ToArray()),
            ScalarType.Int64 => new SafeTensor(name, SafeTensorDType.I64, shape, MemoryMarshal.AsBytes(cpuTensor.data<long>().ToArray().AsSpan()).ToArray()),
            _ => throw new NotSupportedException($"Tensor '{name}' has dtype {cpuTensor.dtype}; only F32 and I64 are stored."),
        };
    }

    /// <summary>A new CPU torch tensor holding a safetensors entry.</summary>
    public static Tensor ToTorch(SafeTensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.DType switch
        {
            SafeTensorDType.F32 => tensor(MemoryMarshal.Cast<byte, float>(value.Data.Span).ToArray(), value.Shape),
            SafeTensorDType.I64 => tensor(MemoryMarshal.Cast<byte, long>(value.Data.Span).ToArray(), value.Shape),
            _ => throw new NotSupportedException($"Tensor '{value.Name}' is {value.DType}; only F32 and I64 are read."),
        };
    }
}
