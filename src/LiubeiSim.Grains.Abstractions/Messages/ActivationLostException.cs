namespace LiubeiSim.Grains.Messages;

/// <summary>
/// A shard, entity or district activation was asked for a month it cannot give: it is a fresh activation (its silo
/// died or left and Orleans placed it anew) or it is not at that month. Not a model failure: the run recomputes the
/// shard from its seed elsewhere.
/// </summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Messages.ActivationLostException")]
public sealed class ActivationLostException : Exception
{
    public ActivationLostException()
    {
    }

    public ActivationLostException(string message)
        : base(message)
    {
    }

    public ActivationLostException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
