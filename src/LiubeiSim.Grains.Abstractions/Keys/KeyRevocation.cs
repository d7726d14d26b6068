namespace LiubeiSim.Grains.Keys;

/// <summary>
/// How soon a revoked key stops working everywhere: each host asks the keyring grain again once its copy is this old.
/// Here rather than in the host, so the tool's `keys` help can say it without loading the host.
/// </summary>
public static class KeyRevocation
{
    public const int WithinSeconds = 2;
}
