using System.Net;
using Klantmeting.Audit;
using Klantmeting.Comments;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Tests.Access;
using Klantmeting.Tests.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Klantmeting.Tests.Web;

/// <summary>
/// The comment pages through the real host: a beheerder hides a comment with a reason (antiforgery, a Dutch error for
/// an empty reason), the Werkplein page and both downloads lose it, the beheerder's page shows it marked with the reason
/// on request, and showing it again brings it back. Werkplein users cannot post to /beheer.
/// </summary>
public abstract class CommentPagesTests(AccessAppFactory app)
{
    private const string Secret = "Mijn consulent Jansen belde nooit terug";

    private static string AdminPage => $"/beheer/rondes/{Uri.EscapeDataString(ResultsRoundSeed.RoundName)}/opmerkingen";

    private static string WerkpleinPage => $"/werkplein/WP-A/opmerkingen?ronde={Uri.EscapeDataString(ResultsRoundSeed.RoundName)}";

    private async Task<long> CommentIdAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        var id = await (from r in db.Responses
                        join i in db.Invitations on r.InvitationId equals i.Id
                        join p in db.Participants on i.ParticipantId equals p.Id
                        where p.Ref == "A2"
                        select r.Id).SingleAsync();
        await db.Responses.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, Secret + ", bel 06-12345678."));
        return id;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string token, long id, string? reason = null)
    {
        var fields = new Dictionary<string, string> { ["opmerking"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (token.Length > 0)
        {
            fields["__RequestVerificationToken"] = token;
        }

        if (reason is not null)
        {
            fields["reden"] = reason;
        }

        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static async Task<string> XlsxTextAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return string.Join("\n", MiniExcel.Query(xlsx, useHeaderRow: false)
            .Select(r => string.Join(",", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))));
    }

    [Fact]
    public async Task A_beheerder_hides_a_comment_with_a_reason_and_the_werkplein_loses_it_until_it_is_shown_again()
    {
        var id = await CommentIdAsync();
        var admin = await app.SignedInAsync(AccessAppFactory.Beheerder);
        var werkplein = await app.SignedInAsync(AccessAppFactory.UserA);
        var masked = Secret + ", bel " + CommentMasker.Removed + ".";
        var own = await werkplein.GetStringAsync(WerkpleinPage);
        Assert.Contains(masked, own, StringComparison.Ordinal);
        // No key of a comment and no hide form on a Werkplein page.
        Assert.DoesNotContain("opmerking-", own, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"opmerking\"", own, StringComparison.Ordinal);
        Assert.Contains(masked, await XlsxTextAsync(werkplein, WerkpleinPage + "&handler=Xlsx"), StringComparison.Ordinal);

        var html = await admin.GetStringAsync(AdminPage + "?werkplein=WP-A");
        Assert.Contains($"id=\"opmerking-{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("<summary>Verbergen</summary>", html, StringComparison.Ordinal);
        var hideUrl = AdminPage + "?handler=Hide&werkplein=WP-A";
        var token = AccessAppFactory.AntiforgeryToken(html);

        // Without the antiforgery token: refused. Without a reason: the page again, with a Dutch error at the field.
        using (var forged = await PostAsync(admin, hideUrl, "", id, "reden"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var empty = await PostAsync(admin, hideUrl, token, id, "  "))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            var page = await empty.Content.ReadAsStringAsync();
            Assert.Contains("<title>Fout: ", page, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"#reden-{id}\">Schrijf op waarom u deze opmerking verbergt.</a>", page, StringComparison.Ordinal);
            Assert.Contains($"id=\"fout-reden-{id}\"", page, StringComparison.Ordinal);
            Assert.Contains("<details class=\"comment-action\" open=\"open\">", page, StringComparison.Ordinal);
        }

        using (var tooLong = await PostAsync(admin, hideUrl, token, id, new string('x', CommentHide.ReasonMaxLength + 1)))
        {
            Assert.Contains("De reden is te lang: 501 tekens.", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A werkplein user may not hide (404, as for all of /beheer); nothing changed.
        using (var refused = await PostAsync(werkplein, hideUrl, AccessAppFactory.AntiforgeryToken(await werkplein.GetStringAsync(WerkpleinPage)), id, "reden"))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        Assert.Contains(masked, await werkplein.GetStringAsync(WerkpleinPage), StringComparison.Ordinal);

        using (var hide = await PostAsync(admin, hideUrl, token, id, "Noemt de naam van de consulent"))
        {
            Assert.Equal(HttpStatusCode.Redirect, hide.StatusCode);
            var after = await admin.GetStringAsync(hide.Headers.Location!.OriginalString);
            Assert.Contains("De opmerking is verborgen.", after, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, after, StringComparison.Ordinal);
            Assert.Contains("1 verborgen niet getoond", after, StringComparison.Ordinal);
        }

        // Gone for the Werkplein: page, CSV and XLSX; and from the beheerder's downloads too.
        Assert.DoesNotContain(Secret, await werkplein.GetStringAsync(WerkpleinPage), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await werkplein.GetStringAsync(WerkpleinPage + "&handler=Csv"), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await XlsxTextAsync(werkplein, WerkpleinPage + "&handler=Xlsx"), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await admin.GetStringAsync(AdminPage + "?handler=Csv&verborgen=true"), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await XlsxTextAsync(admin, AdminPage + "?handler=Xlsx&verborgen=true"), StringComparison.Ordinal);

        // The beheerder sees it on request, marked, with the reason, and shows it again.
        var shown = await admin.GetStringAsync(AdminPage + "?werkplein=WP-A&verborgen=true");
        Assert.Contains("<strong>Verborgen</strong> op ", shown, StringComparison.Ordinal);
        Assert.Contains("Reden: Noemt de naam van de consulent", shown, StringComparison.Ordinal);
        Assert.Contains(masked, shown, StringComparison.Ordinal);
        Assert.Contains("waarvan 1 verborgen", shown, StringComparison.Ordinal);
        using (var show = await PostAsync(admin, AdminPage + "?handler=Show&werkplein=WP-A&verborgen=true", AccessAppFactory.AntiforgeryToken(shown), id))
        {
            Assert.Equal(HttpStatusCode.Redirect, show.StatusCode);
            Assert.Contains("verborgen=true", show.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Contains("De opmerking is weer zichtbaar", await admin.GetStringAsync(show.Headers.Location!.OriginalString), StringComparison.Ordinal);
        }

        Assert.Contains(masked, await werkplein.GetStringAsync(WerkpleinPage), StringComparison.Ordinal);

        // A key that is not a comment of this round: 404.
        using (var unknown = await PostAsync(admin, hideUrl, token, 987654321, "reden"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == AuditObject.Comment).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.CommentHidden, AuditAction.CommentShown], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.DoesNotContain("Jansen", e.Details ?? "", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("@", e.Actor, StringComparison.Ordinal));
    }
}

public sealed class CommentPagesTestsOnSqlite(AccessAppFactory app) : CommentPagesTests(app), IClassFixture<AccessAppFactory>;

public sealed class CommentPagesTestsOnPostgreSql(PostgreSqlAccessAppFactory app) : CommentPagesTests(app), IClassFixture<PostgreSqlAccessAppFactory>;
