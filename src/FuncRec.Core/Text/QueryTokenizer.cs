using System.Text;

namespace FuncRec.Core.Text;

/// <summary>
/// Turns query text into hashed token ids for the model's query tower. Training and serving must use
/// this one implementation: the hash is part of the checkpoint contract (rows of <c>query_emb</c>).
/// </summary>
public static class QueryTokenizer
{
    /// <summary>Lower-cases and splits on anything that is not a letter or digit; empty tokens are dropped.</summary>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return tokens;
        }

        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    /// <summary>Normalized query text: tokens joined by single spaces (the key of query click counts).</summary>
    public static string Normalize(string? text) => string.Join(' ', Tokenize(text));

    /// <summary>
    /// The bucket of one token: 32-bit FNV-1a over its UTF-8 bytes, modulo <paramref name="buckets"/>,
    /// plus one, so that row 0 stays the padding row.
    /// </summary>
    public static int Bucket(string token, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(token) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(token, buffer)]
            : Encoding.UTF8.GetBytes(token);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }

        return (int)(hash % (uint)(buckets - 1)) + 1;
    }
}
