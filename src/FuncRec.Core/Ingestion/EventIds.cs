namespace FuncRec.Core.Ingestion;

/// <summary>The id rule every id must pass before it reaches a Redis key: [A-Za-z0-9._:-]{1,64}.</summary>
public static class EventIds
{
    /// <summary>Longest id.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether the UTF-8 bytes form a valid id.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxLength)
        {
            return false;
        }

        foreach (var b in utf8)
        {
            if (!IsAllowed((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the text is a valid id.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or ':' or '-';
}
