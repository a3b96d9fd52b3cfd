namespace FuncRec.Serving.Model;

/// <summary>
/// The weights of one pre-LN block. Linear weights are stored transposed ([in, out]) for
/// <see cref="DenseKernels.Linear"/>; biases and norms as in the checkpoint.
/// </summary>
public sealed class TransformerBlock
{
    /// <summary>Creates a block from its tensors.</summary>
    public TransformerBlock(
        float[] ln1Weight, float[] ln1Bias,
        float[] queryT, float[] queryBias, float[] keyT, float[] keyBias, float[] valueT, float[] valueBias, float[] outT, float[] outBias,
        float[] ln2Weight, float[] ln2Bias, float[] fc1T, float[] fc1Bias, float[] fc2T, float[] fc2Bias)
    {
        Ln1Weight = ln1Weight;
        Ln1Bias = ln1Bias;
        QueryT = queryT;
        QueryBias = queryBias;
        KeyT = keyT;
        KeyBias = keyBias;
        ValueT = valueT;
        ValueBias = valueBias;
        OutT = outT;
        OutBias = outBias;
        Ln2Weight = ln2Weight;
        Ln2Bias = ln2Bias;
        Fc1T = fc1T;
        Fc1Bias = fc1Bias;
        Fc2T = fc2T;
        Fc2Bias = fc2Bias;
    }

    /// <summary>ln1 weight.</summary>
    public float[] Ln1Weight { get; }

    /// <summary>ln1 bias.</summary>
    public float[] Ln1Bias { get; }

    /// <summary>attn.q weight, transposed.</summary>
    public float[] QueryT { get; }

    /// <summary>attn.q bias.</summary>
    public float[] QueryBias { get; }

    /// <summary>attn.k weight, transposed.</summary>
    public float[] KeyT { get; }

    /// <summary>attn.k bias.</summary>
    public float[] KeyBias { get; }

    /// <summary>attn.v weight, transposed.</summary>
    public float[] ValueT { get; }

    /// <summary>attn.v bias.</summary>
    public float[] ValueBias { get; }

    /// <summary>attn.o weight, transposed.</summary>
    public float[] OutT { get; }

    /// <summary>attn.o bias.</summary>
    public float[] OutBias { get; }

    /// <summary>ln2 weight.</summary>
    public float[] Ln2Weight { get; }

    /// <summary>ln2 bias.</summary>
    public float[] Ln2Bias { get; }

    /// <summary>ffn.fc1 weight, transposed.</summary>
    public float[] Fc1T { get; }

    /// <summary>ffn.fc1 bias.</summary>
    public float[] Fc1Bias { get; }

    /// <summary>ffn.fc2 weight, transposed.</summary>
    public float[] Fc2T { get; }

    /// <summary>ffn.fc2 bias.</summary>
    public float[] Fc2Bias { get; }
}
