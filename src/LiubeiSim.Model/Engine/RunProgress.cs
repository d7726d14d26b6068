namespace LiubeiSim.Model.Engine;

/// <summary>Progress of a run: the month being done, shards done in it, and replication-months done so far.</summary>
public readonly record struct RunProgress(int Month, int ShardsDone, int Shards, int Months, double ElapsedSeconds, long ReplicationMonthsDone)
{
    public double Fraction => (double)((Month * Shards) + ShardsDone) / (Months * Shards);
}
