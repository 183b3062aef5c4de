using Klantmeting.Comments;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Tests.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Comments;

/// <summary>
/// The open answers of a round: only the Werkpleinen the reader may see, withheld below the minimum cell size,
/// masked, with the respondent's grade and groups but never a ref or an e-mail address; filters narrow them.
/// </summary>
public abstract class CommentServiceTests(DatabaseProvider provider)
{
    private const string Round = ResultsRoundSeed.RoundName;

    [Fact]
    public async Task Comments_come_masked_with_grade_and_groups_and_only_from_visible_werkpleinen()
    {
        await using var host = await SeededAsync();
        var list = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter());

        Assert.Empty(list.Withheld);
        var a1 = Assert.Single(list.Items, c => c.Text.StartsWith("Snel geholpen", StringComparison.Ordinal));
        Assert.Equal("Snel geholpen, bel me op [verwijderd] of mail [verwijderd].", a1.Text);
        Assert.Equal("WP-A", a1.Werkplein);
        Assert.Equal(9, a1.Grade);
        // A1: vaste contactpersoon ja, WW, 10 days to the first payment (band 0-14).
        Assert.Equal([("vaste_contactpersoon", "ja"), ("uitkering", "WW"), ("dagen_tot_eerste_betaling", "0-14")], a1.Groups);
        Assert.Contains(list.Items, c => c.Werkplein == "WP-B");

        // A werkplein user of WP-A: nothing of WP-B.
        var own = await ListAsync(host, ["WP-A"], new CommentFilter());
        Assert.All(own.Items, c => Assert.Equal("WP-A", c.Werkplein));
        Assert.DoesNotContain(own.Items, c => c.Text.Contains("WP-B comment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_werkplein_below_the_minimum_cell_size_is_withheld()
    {
        await using var host = await SeededAsync();
        int respondentsB;
        await using (var scope = host.CreateScope())
        {
            var rates = await scope.ServiceProvider.GetRequiredService<ResultsService>().ComputeResponseRatesAsync(Round);
            var b = rates.Single(r => r is { Werkplein: "WP-B", Breakdown: ResultKeys.Total, Group: ResultKeys.Total });
            var a = rates.Single(r => r is { Werkplein: "WP-A", Breakdown: ResultKeys.Total, Group: ResultKeys.Total });
            respondentsB = b.Complete + b.Partial;
            Assert.True(a.Complete + a.Partial > respondentsB, "the seed has more respondents in WP-A than in WP-B");
        }

        var list = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(), minimumCellSize: respondentsB + 1);
        Assert.Equal(["WP-B"], list.Withheld);
        Assert.DoesNotContain(list.Items, c => c.Werkplein == "WP-B");
        Assert.Contains(list.Items, c => c.Werkplein == "WP-A");

        // At exactly the minimum, it is shown.
        Assert.Empty((await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(), minimumCellSize: respondentsB)).Withheld);
    }

    [Fact]
    public async Task Filters_narrow_by_werkplein_group_grade_and_text_and_the_csv_holds_no_ref()
    {
        await using var host = await SeededAsync();
        var all = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter());
        Assert.Equal(4, all.Items.Count);

        Assert.All((await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(Werkplein: "WP-B"))).Items, c => Assert.Equal("WP-B", c.Werkplein));
        var low = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(MinGrade: 1, MaxGrade: 5));
        Assert.All(low.Items, c => Assert.InRange(c.Grade!.Value, 1, 5));
        Assert.NotEmpty(low.Items);
        var nee = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(Breakdown: "vaste_contactpersoon", Group: "nee"));
        Assert.All(nee.Items, c => Assert.Contains(("vaste_contactpersoon", "nee"), c.Groups));
        Assert.NotEmpty(nee.Items);
        // The search looks in the masked text: a removed e-mail address cannot be found.
        Assert.Single((await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(Search: "SNEL"))).Items);
        Assert.Empty((await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(Search: "example.nl"))).Items);

        var csv = new MemoryStream();
        await CommentService.WriteCsvAsync(all, csv);
        var text = System.Text.Encoding.UTF8.GetString(csv.ToArray());
        Assert.StartsWith("werkplein,totaaloordeel,vaste_contactpersoon,uitkering,dagen_tot_eerste_betaling,opmerking\r\n", text, StringComparison.Ordinal);
        Assert.Contains("WP-A,9,ja,WW,0-14,\"Snel geholpen, bel me op [verwijderd] of mail [verwijderd].\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("A1,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        // A comment that a spreadsheet would run as a formula is neutralised.
        Assert.Contains("'=", text, StringComparison.Ordinal);
    }

    private async Task<TestHost> SeededAsync()
    {
        var host = await TestHost.StartAsync(provider: provider);
        await using var scope = host.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
        await ResultsRoundSeed.SeedAsync(db, scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009"));
        // The seed gives every response the same comment; here only four respondents wrote one: two of WP-A, two of WP-B.
        await db.Responses.ExecuteUpdateAsync(u => u.SetProperty(r => r.Comment, (string?)null));
        await CommentAsync(db, "A1", "Snel geholpen, bel me op 06-12345678 of mail jan@example.nl.");
        await CommentAsync(db, "A11", "Niemand belde terug.");
        await CommentAsync(db, "B1", "WP-B comment: prima.");
        await CommentAsync(db, "B4", "=HYPERLINK(\"x\") te lang gewacht");
        return host;
    }

    private static async Task CommentAsync(KlantmetingDbContext db, string participantRef, string comment)
    {
        var responseId = await (from r in db.Responses
                                join i in db.Invitations on r.InvitationId equals i.Id
                                join p in db.Participants on i.ParticipantId equals p.Id
                                where p.Ref == participantRef
                                select r.Id).SingleAsync();
        await db.Responses.Where(r => r.Id == responseId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, comment));
    }

    private static async Task<CommentList> ListAsync(TestHost host, string[] visible, CommentFilter filter, int minimumCellSize = 5)
    {
        await using var scope = host.CreateScope();
        var s = scope.ServiceProvider;
        var service = new CommentService(s.GetRequiredService<KlantmetingDbContext>(), s.GetRequiredService<ISurveyCatalog>(),
            s.GetRequiredService<ResultsService>(), Options.Create(new ResultsOptions { MinimumCellSize = minimumCellSize }));
        return (await service.ListAsync(Round, visible, filter))!;
    }
}

public sealed class CommentServiceTestsOnSqlite() : CommentServiceTests(DatabaseProvider.Sqlite);

public sealed class CommentServiceTestsOnPostgreSql() : CommentServiceTests(DatabaseProvider.PostgreSql);
