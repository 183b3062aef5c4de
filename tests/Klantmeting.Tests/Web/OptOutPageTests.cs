using System.Net;
using Klantmeting.Invitations;
using Klantmeting.Tests.Respond;
using Microsoft.AspNetCore.Mvc.Testing;
using static Klantmeting.Tests.Respond.RespondClient;

namespace Klantmeting.Tests.Web;

/// <summary>The opt-out page <c>/afmelden/{token}</c> through the real host: link, button and RFC 8058 one-click POST.</summary>
public sealed class OptOutPageTests(RespondAppFactory factory) : IClassFixture<RespondAppFactory>
{
    private readonly HttpClient _http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Following_the_link_only_shows_a_page_with_a_button_and_the_button_opts_out()
    {
        var answer = await factory.SeedInvitationAsync();
        var token = await factory.AddOptOutTokenAsync(answer);

        var page = await GetAsync(token);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>Afmelden</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Ja, meld mij af", page.Text, StringComparison.Ordinal);
        // A GET (a mail scanner following the link) changes nothing.
        Assert.Equal(InvitationState.Sent, await factory.StateAsync(answer));

        var done = await PostAsync(token, [new("__RequestVerificationToken", page.AntiforgeryToken!)]);
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("U bent afgemeld", done.Text, StringComparison.Ordinal);
        Assert.Equal(InvitationState.OptedOut, await factory.StateAsync(answer));
        // Again: still fine, still opted out; the link now says so at once.
        Assert.Contains("U bent afgemeld", (await GetAsync(token)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_click_post_from_a_mail_client_opts_out_without_antiforgery_token_and_is_idempotent()
    {
        var answer = await factory.SeedInvitationAsync();
        var token = await factory.AddOptOutTokenAsync(answer);

        for (var n = 0; n < 2; n++)
        {
            var page = await PostAsync(token, [new("List-Unsubscribe", "One-Click")]);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(InvitationState.OptedOut, await factory.StateAsync(answer));
        }
    }

    [Fact]
    public async Task A_post_without_one_click_and_without_antiforgery_token_changes_nothing()
    {
        var answer = await factory.SeedInvitationAsync();
        var token = await factory.AddOptOutTokenAsync(answer);

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(token, [new("List-Unsubscribe", "iets-anders")])).Status);
        Assert.Equal(InvitationState.Sent, await factory.StateAsync(answer));
    }

    [Fact]
    public async Task Unknown_malformed_and_answer_tokens_are_not_found()
    {
        var answer = await factory.SeedInvitationAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(InvitationToken.Generate())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("kort")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(answer)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(InvitationToken.Generate(), [new("List-Unsubscribe", "One-Click")])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(answer, [new("List-Unsubscribe", "One-Click")])).Status);
        Assert.Equal(InvitationState.Sent, await factory.StateAsync(answer));
    }

    private async Task<Page> GetAsync(string token)
    {
        using var response = await _http.GetAsync($"/afmelden/{token}");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("no-referrer", response.Headers.TryGetValues("Referrer-Policy", out var v) ? v.Single() : null);
        }

        return await Page.ReadAsync(response);
    }

    private async Task<Page> PostAsync(string token, IEnumerable<KeyValuePair<string, string>> values)
    {
        using var response = await _http.PostAsync($"/afmelden/{token}", new FormUrlEncodedContent(values));
        return await Page.ReadAsync(response);
    }
}
