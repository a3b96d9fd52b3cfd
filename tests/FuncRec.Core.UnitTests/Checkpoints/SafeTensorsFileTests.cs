using System.Buffers.Binary;
using System.Text;
using FuncRec.Core.Checkpoints;

namespace FuncRec.Core.UnitTests.Checkpoints;

public sealed class SafeTensorsFileTests
{
    [Fact]
    public void Write_ThenRead_ReturnsSameTensorsAndMetadata()
    {
        var a = SafeTensor.FromFloats("item_emb.weight", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        var b = SafeTensor.FromFloats("bias", [-0.5f], 1);
        using var stream = new MemoryStream();

        SafeTensorsFile.Write(stream, [a, b], new Dictionary<string, string> { ["format"] = "pt" });
        var content = SafeTensorsFile.Read(stream.ToArray());

        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, content.Get("item_emb.weight").ToFloats());
        Assert.Equal(new long[] { 3, 2 }, content.Get("item_emb.weight").Shape);
        Assert.Equal(new[] { -0.5f }, content.Get("bias").ToFloats());
        Assert.Equal("pt", content.Metadata["format"]);
    }

    [Fact]
    public void Write_Header_IsStandardLayoutAlignedToEightBytes()
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, [SafeTensor.FromFloats("x", [7f], 1)]);
        var bytes = stream.ToArray();

        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd(' ');

        Assert.Equal(0, headerLength % 8);
        Assert.Equal("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        Assert.Equal(7f, BitConverter.ToSingle(bytes, 8 + (int)headerLength));
    }

    [Fact]
    public void Read_OffsetsBeyondFile_ThrowsInvalidData()
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, [SafeTensor.FromFloats("x", [1f, 2f], 2)]);
        var truncated = stream.ToArray()[..^4];

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(truncated));
        Assert.Contains("outside the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTensor_NamesWhatTheFileHolds()
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, [SafeTensor.FromFloats("present", [1f], 1)]);

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(stream.ToArray()).Get("absent"));
        Assert.Contains("present", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFloats_ShapeMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => SafeTensor.FromFloats("x", [1f, 2f, 3f], 2, 2));
}
