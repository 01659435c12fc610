using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrainingJobs.Sdk.Lineage.OpenLineage;

/// <summary>
/// OpenLineage run ids for jobs: a UUID (the spec requires one) derived from the job's creation time and name, so
/// every export of the same job — START, COMPLETE, a later re-export — carries the same <c>run.runId</c>.
/// </summary>
/// <remarks>
/// The algorithm is the OpenLineage Python client's <c>generate_static_uuid(instant, data)</c>: a UUIDv7 whose
/// 48-bit timestamp is the creation time in Unix milliseconds and whose other 74 free bits are the top bits of
/// SHA-1 over the instant's ISO 8601 text in UTC (Python's <c>isoformat()</c>: <c>2024-05-01T12:00:00+00:00</c>,
/// with <c>.ffffff</c> when there are microseconds) followed by the data, here the job name in UTF-8. SHA-1 is an
/// identity hash here, as in that client, not a security one; ids therefore sort by creation time.
/// </remarks>
internal static class OpenLineageRunId
{
    /// <summary>The run id of the job named <paramref name="jobName"/> created at <paramref name="created"/>.</summary>
    public static Guid For(string jobName, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(jobName);
        var utc = created.ToUniversalTime();
        var milliseconds = (ulong)utc.ToUnixTimeMilliseconds();
        var digest = SHA1.HashData([.. Encoding.UTF8.GetBytes(PythonIsoFormat(utc)), .. Encoding.UTF8.GetBytes(jobName)]);

        // node = digest >> 84: the top 76 of SHA-1's 160 bits (the top 128 bits shifted right by 52).
        var node = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(digest) >> 52;
        var id = ((UInt128)(milliseconds & 0xFFFF_FFFF_FFFF) << 80) | node;
        id = (id & ~((UInt128)0xF000 << 64)) | ((UInt128)7 << 76);        // version 7
        id = (id & ~((UInt128)0xC000 << 48)) | ((UInt128)0x8000 << 48);   // variant 10 (RFC 9562)

        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        return new Guid(bytes, bigEndian: true);
    }

    // datetime.isoformat() of an aware UTC datetime: microseconds only when not zero (the 100 ns tick is dropped,
    // as a Python datetime cannot hold it).
    private static string PythonIsoFormat(DateTimeOffset utc)
    {
        var microseconds = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return microseconds == 0
            ? seconds + "+00:00"
            : seconds + "." + microseconds.ToString("D6", CultureInfo.InvariantCulture) + "+00:00";
    }
}
