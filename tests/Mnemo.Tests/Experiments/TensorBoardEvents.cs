using Tensorboard;

namespace Mnemo.Tests.Experiments;

/// <summary>Reads a TensorBoard event file as TensorBoard does: TFRecord framing (length, masked CRC-32C of
/// the length, the record, masked CRC-32C of the record; both checksums checked here with an
/// implementation of our own), each record an Event protobuf.</summary>
public static class TensorBoardEvents
{
    public static List<(string Tag, int Step, float Value)> Scalars(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var result = new List<(string, int, float)>();
        int at = 0, records = 0;
        while (at < bytes.Length)
        {
            var lengthBytes = bytes.AsSpan(at, 8);
            long length = BitConverter.ToInt64(lengthBytes);
            Assert.Equal(Masked(Crc32C(lengthBytes)), BitConverter.ToUInt32(bytes, at + 8));
            var record = bytes.AsSpan(at + 12, (int)length);
            Assert.Equal(Masked(Crc32C(record)), BitConverter.ToUInt32(bytes, at + 12 + (int)length));
            var e = Event.Parser.ParseFrom(record.ToArray());
            if (records++ == 0) Assert.Equal("brain.Event:2", e.FileVersion); // the first record names the format
            if (e.Summary is { } summary)
                foreach (var value in summary.Value) result.Add((value.Tag, (int)e.Step, value.SimpleValue));
            at += 12 + (int)length + 4;
        }
        return result;
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit.</summary>
    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    private static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8;
}
