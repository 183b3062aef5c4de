namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// A 64-bit hash of a string that is the same in every process (unlike <see cref="string.GetHashCode()"/>), so
/// duplicate detection in large files keeps 8 bytes per value instead of the string. With a million values the
/// chance that two different values collide is about 1 in 30 million.
/// </summary>
internal static class StableHash
{
    public static ulong Of(ReadOnlySpan<char> value)
    {
        // FNV-1a over the UTF-16 code units, then the murmur3 finaliser to spread the bits.
        var h = 14695981039346656037UL;
        foreach (var c in value)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
