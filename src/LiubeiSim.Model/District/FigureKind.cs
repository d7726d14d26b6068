namespace LiubeiSim.Model.District;

/// <summary>Where a number comes from. Every figure in the model has exactly one.</summary>
public enum FigureKind
{
    /// <summary>Quoted from the report; the source is the sentence, verbatim in Chinese.</summary>
    Reported,

    /// <summary>Computed from other figures; the source is the formula.</summary>
    Derived,

    /// <summary>Not in the report; the source is the reason or the outside publication. Overridable.</summary>
    Assumption,

    /// <summary>The report mentions it but the number was lost in this copy. Never silently filled.</summary>
    NotStated,

    /// <summary>An assumption a scenario replaced (<c>assumptions:</c> or <c>--set</c>); the source says what it was and why.</summary>
    Overridden,
}
