namespace LiubeiSim.Model.Scenarios;

/// <summary>What a scalar means under the file's typing rule: a plain scalar is a number or boolean if it reads as one, a quoted one is always text.</summary>
internal enum ScalarKind
{
    Null,
    Boolean,
    Number,
    NonFinite,
    Text,
}
