namespace Klantmeting.Web.Pages.Shared;

/// <summary>
/// The "gewogen / ongewogen" switch of the results, Werkplein and comparison pages (query <c>gewogen=ja|nee</c>;
/// unweighted is the default). Weighted means post-stratified to the invited participants (issue 19).
/// </summary>
/// <param name="Weighted">Whether the figures shown are weighted.</param>
public sealed record WeightingChoice(bool Weighted)
{
    /// <summary>The query parameter.</summary>
    public const string Parameter = "gewogen";

    /// <summary>The one sentence the pages show about weighting (B1).</summary>
    public const string Explanation =
        "Gewogen cijfers laten elke groep (Werkplein en soort uitkering) zo zwaar meetellen als het aantal mensen dat we " +
        "uitnodigden, zodat groepen die minder vaak antwoorden niet te weinig meetellen.";

    /// <summary>"ja" is weighted; nothing or "nee" is unweighted; anything else is null (the page says what to choose).</summary>
    public static WeightingChoice? Parse(string? value) => value switch
    {
        null or "" or "nee" => new(false),
        "ja" => new(true),
        _ => null,
    };

    /// <summary>The Dutch error for a value <see cref="Parse"/> refuses.</summary>
    public static string Error(string? value) => $"Onbekende keuze '{value}' voor gewogen: kies ja of nee.";

    /// <summary>The query string part for links that keep the choice (empty when unweighted).</summary>
    public string Query => Weighted ? $"&{Parameter}=ja" : "";
}
