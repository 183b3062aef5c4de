using Klantmeting.Audit;
using Klantmeting.Comments;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Infrastructure;
using Klantmeting.Tests.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

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
        var service = ActivatorUtilities.CreateInstance<CommentService>(s, Options.Create(new ResultsOptions { MinimumCellSize = minimumCellSize }));
        return (await service.ListAsync(Round, visible, filter))!;
    }

    private static async Task<T> WithServiceAsync<T>(TestHost host, Func<CommentService, Task<T>> action)
    {
        await using var scope = host.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<CommentService>());
    }

    private static Task<CommentChange> HideAsync(TestHost host, long id, string? reason) => WithServiceAsync(host, s => s.HideAsync(Round, id, reason));

    private static Task<CommentChange> ShowAsync(TestHost host, long id) => WithServiceAsync(host, s => s.ShowAsync(Round, id));

    private static async Task<long> IdOfAsync(TestHost host, string startsWith) =>
        Assert.Single((await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(IncludeHidden: true))).Items,
            c => c.Text.StartsWith(startsWith, StringComparison.Ordinal)).Id;

    private static async Task<List<AuditEntry>> CommentAuditAsync(TestHost host)
    {
        await using var scope = host.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == AuditObject.Comment).OrderBy(e => e.Id).ToListAsync();
    }

    private static string Csv(CommentList list)
    {
        var csv = new MemoryStream();
        CommentService.WriteCsvAsync(list, csv).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(csv.ToArray());
    }

    [Fact]
    public async Task A_hidden_comment_leaves_the_werkplein_view_and_the_downloads_is_logged_without_its_text_and_showing_restores_it()
    {
        await using var host = await SeededAsync();
        var id = await IdOfAsync(host, "Niemand belde terug");

        Assert.Equal(CommentChange.Done, await HideAsync(host, id, "  Noemt de naam van een consulent  "));

        // The Werkplein's view (and the default view) has it no more; the count says one is hidden.
        var own = await ListAsync(host, ["WP-A"], new CommentFilter(Werkplein: "WP-A"));
        Assert.DoesNotContain(own.Items, c => c.Text.StartsWith("Niemand", StringComparison.Ordinal));
        Assert.Single(own.Items);
        Assert.Equal(1, own.HiddenCount);
        Assert.DoesNotContain("Niemand", Csv(own), StringComparison.Ordinal);

        // The administrators' view with hidden ones: marked, with the reason (trimmed); still never in a download.
        var all = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter(IncludeHidden: true));
        Assert.Equal(4, all.Items.Count);
        var hidden = Assert.Single(all.Items, c => c.Hidden is not null);
        Assert.Equal(id, hidden.Id);
        Assert.Equal("Noemt de naam van een consulent", hidden.Hidden!.Reason);
        Assert.Equal(FixedAuditActor.System, hidden.Hidden.HiddenBy);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, hidden.Hidden.HiddenAt);
        Assert.DoesNotContain("Niemand", Csv(all), StringComparison.Ordinal);
        Assert.Equal(3, all.Exported.Count());
        var xlsx = new MemoryStream();
        await CommentService.WriteXlsxAsync(all, xlsx);
        xlsx.Position = 0;
        Assert.DoesNotContain(MiniExcel.Query(xlsx, useHeaderRow: false), r => ((IDictionary<string, object?>)r).Values.Any(v => v is string t && t.Contains("Niemand", StringComparison.Ordinal)));

        // Hiding twice is no error and keeps the first reason; one audit entry, without the comment.
        Assert.Equal(CommentChange.Unchanged, await HideAsync(host, id, "Andere reden"));
        Assert.Equal("Noemt de naam van een consulent", Assert.Single((await ListAsync(host, ["WP-A"], new CommentFilter(IncludeHidden: true))).Items, c => c.Id == id).Hidden!.Reason);
        var entry = Assert.Single(await CommentAuditAsync(host));
        Assert.Equal(AuditAction.CommentHidden, entry.Action);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.ObjectKey);
        Assert.Equal(Round, entry.Round);
        Assert.Equal("Werkplein WP-A; reden: Noemt de naam van een consulent", entry.Details);

        // Shown again: back on the Werkplein page and in the download, and logged; showing twice is no error.
        Assert.Equal(CommentChange.Done, await ShowAsync(host, id));
        Assert.Equal(CommentChange.Unchanged, await ShowAsync(host, id));
        var back = await ListAsync(host, ["WP-A"], new CommentFilter(Werkplein: "WP-A"));
        Assert.Equal(2, back.Items.Count);
        Assert.Equal(0, back.HiddenCount);
        Assert.Contains("Niemand belde terug.", Csv(back), StringComparison.Ordinal);
        Assert.Equal([AuditAction.CommentHidden, AuditAction.CommentShown], (await CommentAuditAsync(host)).Select(e => e.Action));
        Assert.All(await CommentAuditAsync(host), e => Assert.DoesNotContain("Niemand", e.Details ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reason_is_required_and_limited_and_masked_in_the_log_and_a_key_of_another_round_is_not_found()
    {
        await using var host = await SeededAsync();
        var id = await IdOfAsync(host, "Snel geholpen");

        var empty = await Assert.ThrowsAsync<CommentException>(() => HideAsync(host, id, "   "));
        Assert.Equal("Schrijf op waarom u deze opmerking verbergt.", empty.Message);
        var tooLong = await Assert.ThrowsAsync<CommentException>(() => HideAsync(host, id, new string('x', CommentHide.ReasonMaxLength + 1)));
        Assert.Equal("De reden is te lang: 501 tekens. Er passen er maximaal 500 in.", tooLong.Message);
        Assert.Equal(CommentChange.Done, await HideAsync(host, id, new string('x', CommentHide.ReasonMaxLength - 20) + " 06-12345678"));
        Assert.EndsWith(" " + CommentMasker.Removed, Assert.Single(await CommentAuditAsync(host)).Details, StringComparison.Ordinal);

        // A response without a comment, an unknown key, or a round that is not the comment's: not found.
        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>();
            var silent = await db.Responses.Where(r => r.Comment == null).Select(r => r.Id).FirstAsync();
            var service = scope.ServiceProvider.GetRequiredService<CommentService>();
            await Assert.ThrowsAsync<KeyNotFoundException>(() => service.HideAsync(Round, silent, "reden"));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => service.HideAsync(Round, 987654321, "reden"));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => service.HideAsync("Andere ronde", id, "reden"));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => service.ShowAsync("Andere ronde", id));
        }
    }

    [Fact]
    public async Task Two_administrators_hiding_the_same_comment_at_once_store_it_once()
    {
        await using var host = await SeededAsync();
        var id = await IdOfAsync(host, "WP-B comment");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(n => Task.Run(() => HideAsync(host, id, $"reden {n}"))));

        Assert.Single(results, r => r == CommentChange.Done);
        Assert.Equal(3, results.Count(r => r == CommentChange.Unchanged));
        Assert.Single(await CommentAuditAsync(host));
        await using var scope = host.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<KlantmetingDbContext>().CommentHides.CountAsync(h => h.ResponseId == id));
    }

    [Fact]
    public async Task The_xlsx_download_holds_the_same_rows_as_the_csv()
    {
        await using var host = await SeededAsync();
        var list = await ListAsync(host, ["WP-A", "WP-B"], new CommentFilter());
        var csvRows = Klantmeting.Tests.Web.FormulaInjectionTests.Parse(Csv(list)).Select(r => r.ToList()).ToList();

        var xlsx = new MemoryStream();
        await CommentService.WriteXlsxAsync(list, xlsx);
        xlsx.Position = 0;
        Assert.Equal(["Opmerkingen"], MiniExcel.GetSheetNames(xlsx));
        xlsx.Position = 0;
        var xlsxRows = MiniExcel.Query(xlsx, useHeaderRow: false)
            .Select(r => ((IDictionary<string, object?>)r).Values
                .Select(v => v switch { null => "", double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => v.ToString()! })
                .ToList())
            .ToList();

        Assert.Equal(5, csvRows.Count); // header and four comments
        Assert.Equal(csvRows, xlsxRows);
        // The grade is a number cell, the neutralised formula a text cell that reads as in the CSV.
        xlsx.Position = 0;
        var first = (IDictionary<string, object?>)MiniExcel.Query(xlsx, useHeaderRow: false).Skip(1).First();
        Assert.IsType<double>(first["B"]);
        Assert.Contains(xlsxRows, r => r[^1].StartsWith("'=HYPERLINK", StringComparison.Ordinal));
    }

}

public sealed class CommentServiceTestsOnSqlite() : CommentServiceTests(DatabaseProvider.Sqlite);

public sealed class CommentServiceTestsOnPostgreSql() : CommentServiceTests(DatabaseProvider.PostgreSql);
