namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// A Sobol low-discrepancy sequence with Joe and Kuo's direction numbers (<c>new-joe-kuo-6.21201</c>, the table SciPy
/// and Optuna use), for <c>rule: sobol</c>. Points are addressed by index (Gray-code order), so trial n's point is
/// computed without generating the n before it, and a driver that resumes a sweep gets the same points.
/// </summary>
/// <remarks>
/// Each dimension is scrambled by a digital shift (XOR with a word drawn from the seed). A digital shift keeps the
/// sequence's net property (every 2^m-point prefix fills the elementary boxes evenly) while making different seeds
/// give different points, which is what Azure ML's "use sobol to reproduce your results using seed" asks of a seed.
/// </remarks>
internal sealed class SobolSequence
{
    private const int Bits = 32;

    // s, a, m_1 … m_s for dimensions 2, 3, …; dimension 1 is the van der Corput sequence and needs none.
    private static readonly int[][] JoeKuo =
    [
        [1, 0, 1], [2, 1, 1, 3], [3, 1, 1, 3, 1], [3, 2, 1, 1, 1], [4, 1, 1, 1, 3, 3], [4, 4, 1, 3, 5, 13],
        [5, 2, 1, 1, 5, 5, 17], [5, 4, 1, 1, 5, 5, 5], [5, 7, 1, 1, 7, 11, 19], [5, 11, 1, 1, 5, 1, 1],
        [5, 13, 1, 1, 1, 3, 11], [5, 14, 1, 3, 5, 5, 31], [6, 1, 1, 3, 3, 9, 7, 49], [6, 13, 1, 1, 1, 15, 21, 21],
        [6, 16, 1, 3, 1, 13, 27, 49], [6, 19, 1, 1, 1, 15, 7, 5], [6, 22, 1, 3, 1, 15, 13, 25],
        [6, 25, 1, 1, 5, 5, 19, 61], [7, 1, 1, 3, 7, 11, 23, 15, 103], [7, 4, 1, 3, 7, 13, 13, 15, 69],
        [7, 7, 1, 1, 3, 13, 7, 35, 63], [7, 8, 1, 3, 5, 9, 1, 25, 53], [7, 14, 1, 3, 1, 13, 9, 35, 107],
        [7, 19, 1, 3, 1, 5, 27, 61, 31], [7, 21, 1, 1, 5, 11, 19, 41, 61], [7, 28, 1, 3, 5, 3, 3, 13, 69],
        [7, 31, 1, 1, 7, 13, 1, 19, 1], [7, 32, 1, 3, 7, 5, 13, 19, 59], [7, 37, 1, 1, 3, 9, 25, 29, 41],
        [7, 41, 1, 3, 5, 13, 23, 1, 55], [7, 42, 1, 3, 7, 3, 13, 59, 17], [7, 50, 1, 3, 1, 3, 5, 53, 69],
        [7, 55, 1, 1, 5, 5, 23, 33, 13], [7, 56, 1, 1, 7, 7, 1, 61, 123], [7, 59, 1, 1, 7, 9, 13, 61, 49],
        [7, 62, 1, 3, 3, 5, 3, 55, 33],
    ];

    /// <summary>The most dimensions the table supports.</summary>
    public static int MaxDimensions { get; } = JoeKuo.Length + 1;

    private readonly uint[][] _directions;
    private readonly uint[] _shifts;

    /// <summary>Prepares <paramref name="dimensions"/> dimensions, scrambled by <paramref name="seed"/>.</summary>
    public SobolSequence(int dimensions, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        _directions = new uint[dimensions][];
        _shifts = new uint[dimensions];
        var random = new SplitMix64(SplitMix64.Mix(seed ^ 0x50B01UL));
        for (var d = 0; d < dimensions; d++)
        {
            _directions[d] = d == 0 ? VanDerCorput() : Directions(JoeKuo[d - 1]);
            _shifts[d] = (uint)(random.NextUInt64() >> 32);
        }
    }

    /// <summary>The number of dimensions.</summary>
    public int Dimensions => _directions.Length;

    /// <summary>Coordinate <paramref name="dimension"/> of point <paramref name="index"/>, in (0, 1).</summary>
    public double Coordinate(long index, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, (long)uint.MaxValue);
        var gray = (uint)index ^ ((uint)index >> 1);
        var directions = _directions[dimension];
        var x = 0u;
        for (var bit = 0; gray != 0; bit++, gray >>= 1)
        {
            if ((gray & 1) != 0) x ^= directions[bit];
        }
        x ^= _shifts[dimension];
        // The centre of the 2^-32 cell, so the value is never exactly 0 or 1 (a quantile function needs that).
        return (x + 0.5) / 4294967296.0;
    }

    private static uint[] VanDerCorput()
    {
        var v = new uint[Bits];
        for (var i = 0; i < Bits; i++) v[i] = 1u << (Bits - 1 - i);
        return v;
    }

    private static uint[] Directions(int[] row)
    {
        var s = row[0];
        var a = row[1];
        var v = new uint[Bits];
        for (var i = 0; i < Bits; i++)
        {
            if (i < s)
            {
                v[i] = (uint)row[2 + i] << (Bits - 1 - i);
                continue;
            }
            v[i] = v[i - s] ^ (v[i - s] >> s);
            for (var k = 1; k < s; k++)
            {
                if (((a >> (s - 1 - k)) & 1) != 0) v[i] ^= v[i - k];
            }
        }
        return v;
    }
}
