namespace Klantmeting.Web.Charts;

/// <summary>
/// One chart on a page (partial <c>_Chart</c>): the inline SVG with its text alternative, or, when there is nothing
/// to draw (too few answers), only the sentence <paramref name="Empty"/>: no empty frame, no caption promising figures.
/// </summary>
/// <param name="Id">Id of the caption, which labels the chart.</param>
/// <param name="Svg">The chart from <see cref="ChartRenderer"/>; null when there is nothing to draw.</param>
/// <param name="Caption">The text alternative: what the chart shows, and where its figures are.</param>
/// <param name="Empty">Said instead of the chart when <paramref name="Svg"/> is null.</param>
public sealed record ChartView(string Id, string? Svg, string Caption, string Empty);
