namespace FuncRec.Serving.Retrieval;

/// <summary>
/// Keeps the K best (score, index) pairs seen so far in a fixed-size min-heap: O(n log K) with no
/// allocation per candidate, instead of sorting all n scores. The caller supplies the buffers, so
/// a request can run on stack or pooled memory.
/// </summary>
public ref struct TopKSelector
{
    private readonly Span<float> _scores;
    private readonly Span<int> _indices;
    private int _count;

    /// <summary>Creates a selector for up to <c>scores.Length</c> results, using the given buffers.</summary>
    public TopKSelector(Span<float> scores, Span<int> indices)
    {
        if (scores.Length != indices.Length)
        {
            throw new ArgumentException("Score and index buffers must have the same length.", nameof(indices));
        }

        _scores = scores;
        _indices = indices;
        _count = 0;
    }

    /// <summary>The number of results held.</summary>
    public readonly int Count => _count;

    /// <summary>The smallest score that would still enter the heap once it is full.</summary>
    public readonly float Threshold => _count < _scores.Length ? float.NegativeInfinity : _scores[0];

    /// <summary>Offers one candidate. NaN scores are ignored; ties keep the earlier index.</summary>
    public void Offer(float score, int index)
    {
        if (float.IsNaN(score) || _scores.Length == 0)
        {
            return;
        }

        if (_count < _scores.Length)
        {
            _scores[_count] = score;
            _indices[_count] = index;
            SiftUp(_count++);
        }
        else if (score > _scores[0])
        {
            _scores[0] = score;
            _indices[0] = index;
            SiftDown(0);
        }
    }

    /// <summary>Sorts the held results best first, in place, and returns how many there are.</summary>
    public int SortDescending()
    {
        // Heap-sort: repeatedly move the minimum to the end, which leaves the prefix in descending order.
        var n = _count;
        for (var end = n - 1; end > 0; end--)
        {
            Swap(0, end);
            _count = end;
            SiftDown(0);
        }

        _count = n;
        return n;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Less(i, parent))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = (2 * i) + 1, right = left + 1, smallest = i;
            if (left < _count && Less(left, smallest))
            {
                smallest = left;
            }

            if (right < _count && Less(right, smallest))
            {
                smallest = right;
            }

            if (smallest == i)
            {
                return;
            }

            Swap(i, smallest);
            i = smallest;
        }
    }

    // Lower score is "less"; among equal scores the higher index is "less", so it is evicted first.
    private readonly bool Less(int a, int b) =>
        _scores[a] < _scores[b] || (_scores[a] == _scores[b] && _indices[a] > _indices[b]);

    private readonly void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_indices[a], _indices[b]) = (_indices[b], _indices[a]);
    }
}
