using System.Security.Cryptography;
using System.Text;

namespace LiubeiSim.Grains.Keys;

/// <summary>
/// The text of an API key: <see cref="Prefix"/> and 32 random bytes in base64url (256 bits from the OS's cryptographic
/// generator), so a key cannot be guessed, and the prefix lets a person or a secret scanner recognise one in a log or a
/// repository. Stores keep only <see cref="Hash"/>: a plain SHA-256 is enough for keys this random (no dictionary to try),
/// where a password would need a slow salted hash.
/// </summary>
public static class ApiKeyText
{
    public const string Prefix = "liubeisim_";

    public const int RandomBytes = 32;

    /// <summary>The shortest key the hosts accept from configuration (<c>Identity:AdminKey</c>): 32 characters, about 190 bits as base64.</summary>
    public const int MinLength = 32;

    /// <summary>The longest text taken as a key; longer bearer tokens are refused without hashing them.</summary>
    public const int MaxLength = 256;

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>SHA-256 of the key's UTF-8 text.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Why <paramref name="key"/> cannot be a configured key (too short or long, blanks or control characters), or null.</summary>
    public static string? Problem(string key)
    {
        if (key.Length < MinLength || key.Length > MaxLength)
        {
            return $"a key has {MinLength} to {MaxLength} characters (this one has {key.Length}); `liubeisim keys generate` prints one";
        }

        return key.Any(c => c <= ' ' || c > '~')
            ? "a key is printable ASCII without blanks; `liubeisim keys generate` prints one"
            : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
