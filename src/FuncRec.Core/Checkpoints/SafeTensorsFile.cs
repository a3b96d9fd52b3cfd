using System.Buffers.Binary;
using System.Text.Json;

namespace FuncRec.Core.Checkpoints;

/// <summary>
/// Reads and writes the standard safetensors layout (an 8-byte little-endian header length, a JSON
/// header with dtype, shape and data offsets per tensor, then the raw little-endian data), so that
/// checkpoints open in Python's safetensors and any other tool. Only F32, F16, I32 and I64 are used here.
/// </summary>
public static class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Serialises <paramref name="tensors"/> in the order given, with optional string metadata.</summary>
    public static void Write(Stream destination, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tensors);

        using var headerBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerBuffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in tensors)
            {
                if (!seen.Add(t.Name))
                {
                    throw new ArgumentException($"Tensor name '{t.Name}' appears twice.", nameof(tensors));
                }

                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DType.ToWireName());
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces to an 8-byte boundary so the data section is aligned for mmap readers.
        var headerLength = headerBuffer.Length;
        var padded = (headerLength + 7) / 8 * 8;
        Span<byte> lengthPrefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthPrefix, (ulong)padded);
        destination.Write(lengthPrefix);
        destination.Write(headerBuffer.GetBuffer().AsSpan(0, (int)headerLength));
        for (var i = headerLength; i < padded; i++)
        {
            destination.WriteByte((byte)' ');
        }

        foreach (var t in tensors)
        {
            destination.Write(t.Data.Span);
        }
    }

    /// <summary>Parses a whole safetensors file held in memory.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed safetensors file.</exception>
    public static SafeTensorsContent Read(ReadOnlyMemory<byte> file)
    {
        var span = file.Span;
        if (span.Length < 8)
        {
            throw new InvalidDataException("safetensors: file is shorter than its 8-byte header length.");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(span);
        if (headerLength > (ulong)Math.Min(MaxHeaderBytes, span.Length - 8))
        {
            throw new InvalidDataException($"safetensors: header length {headerLength} exceeds the file.");
        }

        var dataStart = 8 + (int)headerLength;
        var dataLength = span.Length - dataStart;
        var tensors = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);

        using var doc = JsonDocument.Parse(file.Slice(8, (int)headerLength));
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("safetensors: header is not a JSON object.");
        }

        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.NameEquals(MetadataKey))
            {
                foreach (var m in property.Value.EnumerateObject())
                {
                    metadata[m.Name] = m.Value.GetString() ?? string.Empty;
                }

                continue;
            }

            var dtype = SafeTensorDTypeExtensions.FromWireName(property.Value.GetProperty("dtype").GetString());
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
            {
                throw new InvalidDataException($"safetensors: tensor '{property.Name}' has data offsets outside the file.");
            }

            var expected = shape.Aggregate(1L, (a, d) => checked(a * d)) * dtype.ElementSize();
            if (expected != offsets[1] - offsets[0])
            {
                throw new InvalidDataException($"safetensors: tensor '{property.Name}' has {offsets[1] - offsets[0]} bytes, its shape needs {expected}.");
            }

            var data = file.Slice(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0]));
            tensors[property.Name] = new SafeTensor(property.Name, dtype, shape, data);
        }

        return new SafeTensorsContent(tensors, metadata);
    }
}
