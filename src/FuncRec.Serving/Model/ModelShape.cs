namespace FuncRec.Serving.Model;

/// <summary>The hyperparameters that fix tensor shapes (docs/model.md, "Notation").</summary>
/// <param name="Dim">d, the embedding width.</param>
/// <param name="MaxLength">L, positions kept.</param>
/// <param name="Blocks">B, transformer blocks.</param>
/// <param name="Heads">H, attention heads (d divisible by H).</param>
/// <param name="QueryBuckets">Q, hashed query-token rows including padding row 0.</param>
/// <param name="ItemRows">N, item rows including padding row 0.</param>
/// <param name="CategoryRows">C, category rows including unknown row 0.</param>
/// <param name="TypeRows">T, interaction-type rows including padding row 0.</param>
public sealed record ModelShape(int Dim, int MaxLength, int Blocks, int Heads, int QueryBuckets, int ItemRows, int CategoryRows, int TypeRows)
{
    /// <summary>d / H.</summary>
    public int HeadDim => Dim / Heads;
}
