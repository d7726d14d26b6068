using System.Text;

namespace LiubeiSim.Model.Randomness;

/// <summary>A stable 64-bit key for an entity id, the same in every process (unlike <c>string.GetHashCode</c>).</summary>
public static class EntityKey
{
    /// <summary>FNV-1a over the UTF-8 bytes, then a SplitMix64 finaliser so similar ids land far apart.</summary>
    public static ulong Of(string id)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(id) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(id, buffer)] : Encoding.UTF8.GetBytes(id);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }

        return CounterRandom.Mix(hash);
    }
}
