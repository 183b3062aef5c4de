using Klantmeting.Infrastructure.Data;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Tests.Imports;

/// <summary>Runs on every provider: see the subclasses below.</summary>
public abstract class WerkpleinImporterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await ImportTestDatabase.CreateAsync(provider: provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Upserts_by_code_and_reads_semicolon_windows_1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.Empty((await _db.ImportWerkpleinenAsync("code,naam\nWP-AMS,Amsterdam\nWP-ZOE,Oud\n")).Errors);

        var result = await _db.ImportWerkpleinenAsync("Code;Naam;Regio\r\nwp-zoe;Café Zoë;\"Noord; Oost\"\r\nWP-UTR;Utrecht;\r\n", Encoding.GetEncoding(1252));

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.RowsStored);
        var all = await _db.DbAsync(db => db.Werkpleinen.OrderBy(w => w.Id).ToListAsync());
        Assert.Equal(["WP-AMS:Amsterdam:", "WP-ZOE:Café Zoë:Noord; Oost", "WP-UTR:Utrecht:"],
            all.Select(w => $"{w.Code}:{w.Name}:{w.Region}"));
    }

    [Fact]
    public async Task Errors_have_line_and_field_and_store_nothing()
    {
        var result = await _db.ImportWerkpleinenAsync("code,naam,regio\nWP-A,Een,\n,Leeg,\nWP-A,Dubbel,\nWP-B,,\nWP-C,Drie\n");

        Assert.Contains(result.Errors, e => e is { Line: 3, Field: "code" } && e.Message.Contains("leeg", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 4, Field: "code" } && e.Message.Contains("komt al voor op regel 2", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 5, Field: "naam" });
        Assert.Contains(result.Errors, e => e is { Line: 6, Field: null } && e.Message.Contains("2 velden in plaats van 3", StringComparison.Ordinal));
        Assert.Equal(4, result.Errors.Count);
        Assert.Equal(0, await _db.DbAsync(db => db.Werkpleinen.CountAsync()));
    }

    [Fact]
    public async Task Missing_and_unknown_columns_are_reported_on_line_1()
    {
        var result = await _db.ImportWerkpleinenAsync("code,name\nWP-A,Een\n");

        Assert.Contains(result.Errors, e => e is { Line: 1, Field: "naam" });
        Assert.Contains(result.Errors, e => e is { Line: 1, Field: "name" } && e.Message.Contains("onbekende kolom", StringComparison.Ordinal));
        Assert.Equal(0, await _db.DbAsync(db => db.Werkpleinen.CountAsync()));
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class WerkpleinImporterTestsOnSqlite() : WerkpleinImporterTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class WerkpleinImporterTestsOnPostgreSql() : WerkpleinImporterTests(DatabaseProvider.PostgreSql);
