using System.Numerics.Tensors;
using FuncRec.Core.Text;

namespace FuncRec.Serving.Model;

/// <summary>The query tower: <c>q = query_proj(mean_k query_emb[row_k])</c> over hashed tokens.</summary>
public sealed class QueryTower
{
    private readonly ModelShape _shape;
    private readonly float[] _embeddings;
    private readonly float[] _projectionT;
    private readonly float[] _projectionBias;

    /// <summary>Creates the tower; <paramref name="projectionT"/> is query_proj.weight transposed.</summary>
    public QueryTower(ModelShape shape, float[] embeddings, float[] projectionT, float[] projectionBias)
    {
        _shape = shape;
        _embeddings = embeddings;
        _projectionT = projectionT;
        _projectionBias = projectionBias;
    }

    /// <summary>The query-embedding row of a token (<see cref="QueryTokenizer.Bucket"/> with Q buckets).</summary>
    public int Row(string token) => QueryTokenizer.Bucket(token, _shape.QueryBuckets);

    /// <summary>Encodes hashed token rows (at least one) into the query vector of d values.</summary>
    public void Encode(ReadOnlySpan<int> tokenRows, Span<float> queryVector)
    {
        var d = _shape.Dim;
        if (tokenRows.IsEmpty)
        {
            throw new ArgumentException("A query needs at least one token.", nameof(tokenRows));
        }

        if (queryVector.Length != d)
        {
            throw new ArgumentException($"The query vector needs {d} values, got {queryVector.Length}.", nameof(queryVector));
        }

        Span<float> mean = d <= 1024 ? stackalloc float[d] : new float[d];
        mean.Clear();
        foreach (var row in tokenRows)
        {
            if ((uint)row >= (uint)_shape.QueryBuckets)
            {
                throw new ArgumentOutOfRangeException(nameof(tokenRows), row, $"Token row outside [0, {_shape.QueryBuckets}).");
            }

            TensorPrimitives.Add(mean, _embeddings.AsSpan(row * d, d), mean);
        }

        TensorPrimitives.Multiply(mean, 1f / tokenRows.Length, mean);
        DenseKernels.LinearRow(mean, _projectionT, _projectionBias, queryVector);
    }
}
