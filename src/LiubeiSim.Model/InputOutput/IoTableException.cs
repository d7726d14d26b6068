namespace LiubeiSim.Model.InputOutput;

/// <summary>A user's input-output table is unusable; the message names file, line and field and says what is allowed.</summary>
public sealed class IoTableException(string message) : Exception(message);
