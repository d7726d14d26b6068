namespace LiubeiSim.Model.District;

/// <summary>The report the base year is read from, as the dataset describes it.</summary>
/// <param name="Title">English title.</param>
/// <param name="TitleZh">Chinese title as printed.</param>
/// <param name="Publication">Newspaper and page.</param>
/// <param name="Date">Publication date as far as this copy gives it (the year was lost, so it is text).</param>
public sealed record ReportInfo(string Title, string TitleZh, string Publication, string Date);
