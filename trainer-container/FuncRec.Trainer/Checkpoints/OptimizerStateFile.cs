using System.Globalization;
using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Checkpoints;

/// <summary>
/// <c>optimizer.bin</c>: a safetensors file holding the trainer-only state of a version. Adam moments are
/// <c>exp_avg.{param}</c> and <c>exp_avg_sq.{param}</c> (param = the weights key); <c>item_counts</c> [N] I64 are
/// the per-row event counts; <c>replay.rows</c>, <c>replay.types</c> and <c>replay.lengths</c> (I64) hold the replay
/// reservoir flattened. Metadata: <c>step</c>, <c>lr</c>, <c>beta1</c>, <c>beta2</c>, <c>eps</c>,
/// <c>replay_capacity</c>, <c>replay_seen</c>. Serving never reads it.
/// </summary>
public static class OptimizerStateFile
{
    /// <summary>Serialises the optimizer, counts and reservoir of <paramref name="state"/>.</summary>
    public static byte[] Serialize(TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tensors = new List<SafeTensor>();
        foreach (var (name, (m, v)) in state.Optimizer.State.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            tensors.Add(ModelWeights.ToSafeTensor("exp_avg." + name, m));
            tensors.Add(ModelWeights.ToSafeTensor("exp_avg_sq." + name, v));
        }

        state.SyncCounts();
        tensors.Add(Longs("item_counts", state.ItemCounts));
        var replay = state.Replay.Sessions;
        tensors.Add(Longs("replay.rows", replay.SelectMany(s => s.Rows.Select(r => (long)r)).ToList()));
        tensors.Add(Longs("replay.types", replay.SelectMany(s => s.Types.Select(t => (long)t)).ToList()));
        tensors.Add(Longs("replay.lengths", replay.Select(s => (long)s.Rows.Length).ToList()));
        var o = state.Optimizer;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["step"] = o.StepCount.ToString(CultureInfo.InvariantCulture),
            ["lr"] = o.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["beta1"] = o.Beta1.ToString("R", CultureInfo.InvariantCulture),
            ["beta2"] = o.Beta2.ToString("R", CultureInfo.InvariantCulture),
            ["eps"] = o.Epsilon.ToString("R", CultureInfo.InvariantCulture),
            ["replay_capacity"] = state.Replay.Capacity.ToString(CultureInfo.InvariantCulture),
            ["replay_seen"] = state.Replay.Seen.ToString(CultureInfo.InvariantCulture),
        };
        using var buffer = new MemoryStream();
        SafeTensorsFile.Write(buffer, tensors, metadata);
        return buffer.ToArray();
    }

    /// <summary>Restores the optimizer (moments on <paramref name="device"/>), counts and reservoir.</summary>
    public static (AdamOptimizer Optimizer, ReplayReservoir Replay, List<long> ItemCounts) Deserialize(SafeTensorsContent content, Device device)
    {
        ArgumentNullException.ThrowIfNull(content);
        double D(string key) => double.Parse(content.Metadata[key], CultureInfo.InvariantCulture);
        long L(string key) => long.Parse(content.Metadata[key], CultureInfo.InvariantCulture);
        var optimizer = new AdamOptimizer(D("lr"), D("beta1"), D("beta2"), D("eps")) { StepCount = L("step") };
        foreach (var (name, tensorValue) in content.Tensors)
        {
            if (name.StartsWith("exp_avg.", StringComparison.Ordinal))
            {
                var param = name["exp_avg.".Length..];
                using var m = ModelWeights.ToTorch(tensorValue);
                using var v = ModelWeights.ToTorch(content.Get("exp_avg_sq." + param));
                optimizer.SetState(param, m.to(device).clone(), v.to(device).clone());
            }
        }

        var counts = ReadLongs(content.Get("item_counts")).ToList();
        var rows = ReadLongs(content.Get("replay.rows"));
        var types = ReadLongs(content.Get("replay.types"));
        var lengths = ReadLongs(content.Get("replay.lengths"));
        var sessions = new List<EncodedSession>(lengths.Length);
        var offset = 0;
        foreach (var length in lengths)
        {
            sessions.Add(new EncodedSession(
                rows.AsSpan(offset, (int)length).ToArray().Select(r => (int)r).ToArray(),
                types.AsSpan(offset, (int)length).ToArray().Select(t => (byte)t).ToArray()));
            offset += (int)length;
        }

        var replay = ReplayReservoir.Restore((int)L("replay_capacity"), L("replay_seen"), sessions);
        return (optimizer, replay, counts);
    }

    private static SafeTensor Longs(string name, IReadOnlyList<long> values)
    {
        var bytes = new byte[values.Count * sizeof(long)];
        for (var i = 0; i < values.Count; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return new SafeTensor(name, SafeTensorDType.I64, [values.Count], bytes);
    }

    private static long[] ReadLongs(SafeTensor value) =>
        value.DType == SafeTensorDType.I64
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(value.Data.Span).ToArray()
            : throw new InvalidDataException($"optimizer.bin: '{value.Name}' is {value.DType}, expected I64.");
}
