namespace LiubeiSim.Host.Identity;

/// <summary>The <c>Identity</c> settings section.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>
    /// An admin key given by the operator (a secret, e.g. the environment variable <c>Identity__AdminKey</c>), recorded in
    /// the keyring under <see cref="AdminKeyName"/> when the host starts, unless a key of that name exists already (a
    /// revoked one stays revoked). How a cluster whose hosts listen beyond loopback gets its first key: such a host will
    /// not start with no key, and <c>liubeisim keys create --cluster</c> needs a running silo. Empty: none.
    /// </summary>
    public string? AdminKey { get; set; }

    public string AdminKeyName { get; set; } = "admin";
}
