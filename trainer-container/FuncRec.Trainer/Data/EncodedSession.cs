namespace FuncRec.Trainer.Data;

/// <summary>A session mapped to model rows: item rows and interaction types, oldest first.</summary>
/// <param name="Rows">Item rows (1-based; 0 never appears).</param>
/// <param name="Types">Interaction type of each event.</param>
public sealed record EncodedSession(int[] Rows, byte[] Types)
{
    /// <summary>Next-item examples this session yields (every prefix of length 1..n-1).</summary>
    public int ExampleCount => Math.Max(0, Rows.Length - 1);
}

/// <summary>A search example: hashed query-token rows and the clicked item's row.</summary>
/// <param name="TokenRows">Query token rows from <c>QueryTokenizer.Bucket</c>.</param>
/// <param name="TargetRow">The clicked item's row.</param>
public sealed record SearchExample(int[] TokenRows, int TargetRow);
