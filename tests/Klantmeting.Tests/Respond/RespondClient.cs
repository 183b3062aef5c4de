using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Klantmeting.Tests.Respond;

/// <summary>A respondent's browser without JavaScript: GETs pages and posts forms with their antiforgery token.</summary>
public sealed partial class RespondClient(RespondAppFactory factory, string token) : IDisposable
{
    private readonly HttpClient _http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = factory.ClientOptions.BaseAddress });

    public string Path => $"/v/{token}";

    /// <summary>GETs the page; returns status and (HTML-decoded) body.</summary>
    public async Task<Page> GetAsync(string? query = null)
    {
        using var response = await _http.GetAsync(Path + query);
        return await Page.ReadAsync(response);
    }

    /// <summary>Posts a step with the antiforgery token of a fresh GET of that step; follows one redirect.</summary>
    public async Task<Page> PostStepAsync(int step, string action, params (string Name, string Value)[] fields)
    {
        var form = await GetAsync($"?stap={step}");
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.AntiforgeryToken ?? throw new InvalidOperationException("No antiforgery token on the page:\n" + form.Html)),
            new("stap", step.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("actie", action),
        };
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await PostRawAsync(values);
    }

    /// <summary>Posts exactly these fields (no token added); follows one redirect.</summary>
    public async Task<Page> PostRawAsync(IEnumerable<KeyValuePair<string, string>> values)
    {
        using var response = await _http.PostAsync(Path, new FormUrlEncodedContent(values));
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther)
        {
            using var next = await _http.GetAsync(response.Headers.Location);
            return await Page.ReadAsync(next) with { Redirected = true };
        }

        return await Page.ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A received page.</summary>
    public sealed partial record Page(HttpStatusCode Status, string Html, bool Redirected = false)
    {
        /// <summary>The body with entities decoded, for searching Dutch text.</summary>
        public string Text => WebUtility.HtmlDecode(Html);

        public string? Title => TitleRegex().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        public string? AntiforgeryToken =>
            TokenRegex().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        /// <summary>True when the radio with this id is checked.</summary>
        public bool IsChecked(string id) => Regex.IsMatch(Html, $"<input[^>]*id=\"{Regex.Escape(id)}\"[^>]*checked", RegexOptions.None, TimeSpan.FromSeconds(1));

        public static async Task<Page> ReadAsync(HttpResponseMessage response) =>
            new(response.StatusCode, await response.Content.ReadAsStringAsync());

        [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline)]
        private static partial Regex TitleRegex();

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenRegex();
    }
}
