using Klantmeting.Reports;

namespace Klantmeting.Web.Pages.Shared;

/// <summary>
/// A tertaal report on a page (partial <c>_TertaalReport</c>): the report (already cut to what the visitor may see)
/// and the address of its page, to which the partial adds <c>?handler=Pdf</c> and the chart handler.
/// </summary>
/// <param name="Report">The report or a Werkplein's part of it.</param>
/// <param name="PageUrl">The page's own address, without a query.</param>
public sealed record TertaalView(TertaalReport Report, string PageUrl);
