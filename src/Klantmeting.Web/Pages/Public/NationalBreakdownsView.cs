using Klantmeting.Publication;

namespace Klantmeting.Web.Pages.Public;

/// <summary>What the partial <c>_NationalBreakdowns</c> shows for one audience: its section id, title, round and breakdowns.</summary>
public sealed record NationalBreakdownsView(string SectionId, string AudienceTitle, string RoundName, IReadOnlyList<NationalBreakdown> Breakdowns);
