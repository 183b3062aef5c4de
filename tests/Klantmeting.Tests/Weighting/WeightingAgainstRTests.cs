using System.Globalization;
using System.Text;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Results;
using Klantmeting.Surveys;
using Klantmeting.Tests.Imports;
using Klantmeting.Weighting;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Tests.Weighting;

/// <summary>
/// Post-stratified cells of a generated round against R's survey package (installed by infra/test.sh): 15
/// Werkpleinen of different sizes, response skewed by uitkering (WWB answers least), some Werkpleinen merged by the
/// collapsing rule. The respondents go out through <c>data export</c>; R reads them, applies the collapsing rule
/// itself to the frame counts this test generated, and computes every domain with svymean on postStratify(svydesign(ids
/// = ~1)) (svyby per Werkplein). Every weighted cell (NL, each Werkplein, each breakdown group, each measure) must
/// equal R to 1e-6: mean, SE, sd, n_eff, deff and the top-2 proportion. Runs on every provider (subclasses below).
/// </summary>
public abstract class WeightingAgainstRTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly string[] Benefits = ["WW", "WWB", "AO", "geen"];
    private static readonly double[] ResponseRate = [0.55, 0.2, 0.4, 0.65];

    private ImportTestDatabase _db = null!;
    private string _out = null!;
    private readonly Dictionary<(string Werkplein, string Benefit), int> _frame = [];

    public async Task InitializeAsync()
    {
        _db = await ImportTestDatabase.CreateAsync(provider: provider);
        await _db.SeedAsync();
        var codes = Enumerable.Range(1, 15).Select(i => $"WP-G{i:00}").ToList();
        Assert.Empty((await _db.ImportWerkpleinenAsync("code,naam\n" + string.Concat(codes.Select(c => $"{c},Werkplein {c}\n")))).Errors);
        var survey = await _db.WithAsync(sp => Task.FromResult(sp.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009")));
        var (participants, answers) = Generate(codes, survey.Statements.Select(s => s.Id).ToList(), new Random(19));
        Assert.Empty((await _db.ImportParticipantsAsync("R1", participants)).Errors);
        var (code, _, error) = await _db.RunCliAsync("responses", "import", "--round", "R1", _db.WriteFile("antwoorden.csv", answers));
        Assert.True(code == 0, error);
        _out = Path.Combine(_db.Folder, "uit");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>Participants (sizes 12 to 230 per Werkplein) and the answers of those who respond: complete, partial or break-off.</summary>
    private (string Participants, string Answers) Generate(List<string> codes, List<string> statements, Random random)
    {
        var participants = new StringBuilder("ref,email,werkplein,vaste_contactpersoon,uitkering,dagen_tot_eerste_betaling\n");
        var answers = new StringBuilder("ref,totaaloordeel," + string.Join(",", statements) + "\n");
        var n = 0;
        foreach (var (wp, w) in codes.Select((c, i) => (c, i)))
        {
            var size = w % 4 == 0 ? 12 + w : 60 + 11 * w;
            for (var k = 0; k < size; k++)
            {
                var b = random.Next(4);
                var benefit = Benefits[b];
                _frame[(wp, benefit)] = _frame.GetValueOrDefault((wp, benefit)) + 1;
                var days = random.Next(5) == 0 ? "" : random.Next(0, 90).ToString(CultureInfo.InvariantCulture);
                var r = $"P{++n:0000}";
                participants.Append(CultureInfo.InvariantCulture, $"{r},{r.ToLowerInvariant()}@example.nl,{wp},{(random.Next(3) == 0 ? "nee" : "ja")},{benefit},{days}\n");
                if (random.NextDouble() < ResponseRate[b] + (k == 0 ? 1 : 0))
                {
                    answers.Append(r).Append(',').AppendJoin(',', Answer(statements.Count, b, random)).Append('\n');
                }
            }
        }

        return (participants.ToString(), answers.ToString());
    }

    /// <summary>The grade and the statements: 1 in 8 a break-off (2 items), 1 in 8 partial (9 items), else complete with some "weet niet".</summary>
    private static IEnumerable<string> Answer(int statements, int benefit, Random random)
    {
        var kind = random.Next(8);
        var items = kind == 0 ? 1 : kind == 1 ? 8 : statements;
        var mood = benefit == 1 ? -1 : benefit == 3 ? 1 : 0;
        yield return kind == 0 && random.Next(2) == 0 ? "" : Math.Clamp(random.Next(4, 10) + mood, 1, 10).ToString(CultureInfo.InvariantCulture);
        for (var s = 0; s < statements; s++)
        {
            yield return s >= items ? "" : random.Next(12) == 0 ? "weet niet" : Math.Clamp(random.Next(2, 6) + mood, 1, 5).ToString(CultureInfo.InvariantCulture);
        }
    }

    private const string RScriptText = """
        suppressMessages(library(survey))
        d <- read.csv("gegevens-r1.csv", check.names = FALSE, na.strings = "", stringsAsFactors = FALSE)
        d <- d[d$dispositie %in% c("volledig (1.1)", "gedeeltelijk (1.2)"), ]
        frame <- read.csv("frame.csv", stringsAsFactors = FALSE)
        # The collapsing rule: a Werkplein with any stratum below 5 respondents (zero included) is one stratum.
        frame$n <- mapply(function(w, u) sum(d$werkplein == w & d$uitkering == u), frame$werkplein, frame$uitkering)
        collapsed <- unique(frame$werkplein[frame$n < 5])
        stratum <- function(w, u) ifelse(w %in% collapsed, w, paste(w, u, sep = "|"))
        d$stratum <- stratum(d$werkplein, d$uitkering)
        frame$stratum <- stratum(frame$werkplein, frame$uitkering)
        pop <- aggregate(Freq ~ stratum, frame, sum)
        des <- postStratify(suppressWarnings(svydesign(ids = ~1, data = d)), ~stratum, pop)
        d$dagen <- ifelse(is.na(d$dagen_tot_eerste_betaling), "onbekend",
          as.character(cut(d$dagen_tot_eerste_betaling, c(-Inf, 14, 28, 56, Inf), labels = c("0-14", "15-28", "29-56", "57+"))))
        breakdowns <- list(c("totaal", "totaal"))
        for (g in unique(d$vaste_contactpersoon)) breakdowns[[length(breakdowns) + 1]] <- c("vaste_contactpersoon", g)
        for (g in unique(d$uitkering)) breakdowns[[length(breakdowns) + 1]] <- c("uitkering", g)
        for (g in unique(d$dagen)) breakdowns[[length(breakdowns) + 1]] <- c("dagen_tot_eerste_betaling", g)
        measures <- c("totaaloordeel", grep("^score_", names(d), value = TRUE))
        w <- weights(des)
        out <- NULL
        row <- function(wp, b, m, idx, est, top) data.frame(werkplein = wp, breakdown = b[1], group = b[2], measure = sub("^score_", "", m),
          mean = as.numeric(coef(est)), se = as.numeric(SE(est)), deff = as.numeric(deff(est)), sd = sqrt(as.numeric(coef(svyvar(~y, des[idx, ])))),
          n_eff = sum(w[idx])^2 / sum(w[idx]^2), top2 = as.numeric(top))
        for (m in measures) {
          # A respondent without a value is outside every domain of the measure (weight 0 there, value unused).
          has <- !is.na(d[[m]])
          des$variables$y <- ifelse(has, d[[m]], 0)
          des$variables$top <- as.numeric(des$variables$y >= if (m == "totaaloordeel") 8 else 7.75)
          for (b in breakdowns) {
            inb <- has & (if (b[1] == "totaal") TRUE else if (b[1] == "dagen_tot_eerste_betaling") d$dagen == b[2] else d[[b[1]]] == b[2])
            if (sum(inb) < 2) next
            sub <- des[inb, ]
            est <- svymean(~y, sub, deff = "replace")
            out <- rbind(out, row("NL", b, m, inb, est, coef(svymean(~top, sub))))
            by <- svyby(~y, ~werkplein, sub, svymean, deff = "replace")
            tops <- svyby(~top, ~werkplein, sub, svymean)
            for (wp in unique(d$werkplein[inb])) {
              idx <- inb & d$werkplein == wp
              if (sum(idx) < 2) next
              e <- structure(by[wp, "y"], var = by[wp, "se"]^2, statistic = "mean", class = "svystat")
              attr(e, "deff") <- by[wp, "DEff.y"]
              out <- rbind(out, row(wp, b, m, idx, e, tops[wp, "top"]))
            }
          }
        }
        write.csv(out, "r.csv", row.names = FALSE)
        cat(paste(sort(collapsed), collapse = ","), "\n")
        """;

    [Fact]
    public async Task Every_weighted_cell_equals_r_survey()
    {
        var (code, _, error) = await _db.RunCliAsync("data", "export", "--round", "R1", "--format", "csv", "--out", _out);
        Assert.True(code == 0, error);
        await File.WriteAllTextAsync(Path.Combine(_out, "frame.csv"),
            "werkplein,uitkering,Freq\n" + string.Concat(_frame.Select(f => $"{f.Key.Werkplein},{f.Key.Benefit},{f.Value}\n")));
        await File.WriteAllTextAsync(Path.Combine(_out, "weeg.R"), RScriptText);
        var collapsedByR = (await DataExport.DataExportTests.RunToolAsync(_out, "Rscript", "weeg.R")).Trim();

        var weighted = await _db.WithAsync(sp => sp.GetRequiredService<ResultsService>()
            .ComputeWeightedCellsAsync("R1", new WeightingRequest(WeightingMethod.PostStratification)));
        Assert.Equal(collapsedByR, string.Join(",", weighted.Report.CollapsedWerkpleinen.Order(StringComparer.Ordinal)));
        Assert.NotEmpty(weighted.Report.CollapsedWerkpleinen);

        var r = ReadR(Path.Combine(_out, "r.csv"));
        var compared = 0;
        foreach (var cell in weighted.Cells.Where(c => !c.Cell.Suppressed))
        {
            var c = cell.Cell;
            Assert.True(r.TryGetValue((c.Werkplein, c.Breakdown, c.Group, c.Measure), out var expected), $"R has no cell {c}");
            var where = $"{c.Werkplein}/{c.Breakdown}/{c.Group}/{c.Measure}";
            AssertClose(expected["mean"], c.Mean!.Value, where + " mean");
            AssertClose(expected["se"], cell.Se!.Value, where + " se");
            AssertClose(expected["n_eff"], cell.NEff!.Value, where + " n_eff");
            if (double.IsNaN(expected["deff"]))
            {
                // No variation in the domain: R's deff is 0/0, ours is left empty.
                Assert.Null(cell.Deff);
            }
            else
            {
                AssertClose(expected["deff"], cell.Deff!.Value, where + " deff");
            }

            AssertClose(expected["sd"], c.Sd!.Value, where + " sd");
            AssertClose(expected["top2"], c.Top2!.Value, where + " top2");
            compared++;
        }

        // NL and Werkplein cells of every breakdown group: far more than the totals alone.
        Assert.True(compared > 500, $"only {compared} cells compared");
        Assert.Contains(weighted.Cells, c => c.Cell.Werkplein != "NL" && c.Cell.Breakdown == "uitkering" && !c.Cell.Suppressed);
    }

    [Fact]
    public async Task The_cli_writes_the_weighted_cells_and_leaves_the_unweighted_export_byte_identical()
    {
        var plain = Path.Combine(_db.Folder, "cellen.csv");
        var before = await _db.RunCliAsync("results", "export", "--round", "R1", "--out", plain);
        Assert.True(before.Code == 0, before.Err);
        var bytesBefore = await File.ReadAllBytesAsync(plain);
        using (var expected = new MemoryStream())
        {
            await _db.WithAsync(async sp =>
            {
                await sp.GetRequiredService<ResultsService>().WriteCellsCsvAsync("R1", expected);
                return 0;
            });
            Assert.Equal(expected.ToArray(), bytesBefore);
        }

        var file = Path.Combine(_db.Folder, "gewogen.csv");
        var (code, output, error) = await _db.RunCliAsync("results", "export", "--round", "R1", "--weights", "poststrat", "--out", file);
        Assert.True(code == 0, error);
        Assert.Contains("Gewogen naar de uitgenodigde deelnemers:", output, StringComparison.Ordinal);
        Assert.Contains("per Werkplein samengevoegd (te weinig respondenten in een groep): WP-G01", output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(ResultsCsv.CellsHeader + ",se,n_eff,deff", lines[0]);
        var weighted = await _db.WithAsync(sp => sp.GetRequiredService<ResultsService>()
            .ComputeWeightedCellsAsync("R1", new WeightingRequest(WeightingMethod.PostStratification)));
        Assert.Equal(weighted.Cells.Count + 1, lines.Length);
        var first = weighted.Cells[0];
        string F(double? v) => v?.ToString("F4", CultureInfo.InvariantCulture) ?? "";
        Assert.Equal($"R1,NL,totaal,totaal,totaaloordeel,{first.Cell.N},{F(first.Cell.Mean)},{F(first.Cell.Sd)},{F(first.Cell.CiLow)},{F(first.Cell.CiHigh)},"
            + $"{F(first.Cell.Top2)},false,{F(first.Se)},{F(first.NEff)},{F(first.Deff)}", lines[1]);
        // n is the respondent count of the unweighted cell; the interval is mean ± t(0.975, n - 1) × SE.
        var unweighted = await _db.WithAsync(sp => sp.GetRequiredService<ResultsService>().ComputeCellsAsync("R1"));
        Assert.Equal(unweighted.Select(c => (c.N, c.Suppressed)), weighted.Cells.Select(c => (c.Cell.N, c.Cell.Suppressed)));
        Assert.Equal(first.Cell.Mean!.Value + Statistics.T975(first.Cell.N!.Value - 1) * first.Se!.Value, first.Cell.CiHigh!.Value, 1e-12);

        Assert.Equal(bytesBefore, await ExportAgainAsync(plain));
    }

    [Fact]
    public async Task Wrong_weighting_options_are_clear_errors()
    {
        var file = Path.Combine(_db.Folder, "x.csv");
        var unknown = await _db.RunCliAsync("results", "export", "--round", "R1", "--weights", "ipf", "--out", file);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("Onbekende weging 'ipf'; kies poststrat of rake.", unknown.Err, StringComparison.Ordinal);
        var noMargins = await _db.RunCliAsync("results", "export", "--round", "R1", "--weights", "rake", "--out", file);
        Assert.Equal(2, noMargins.Code);
        Assert.Contains("Geef bij --weights rake het margebestand op met --margins.", noMargins.Err, StringComparison.Ordinal);
        var margins = _db.WriteFile("marges.csv", "variabele,waarde,aantal\nuitkering,WW,10\nuitkering,Bijstand,5\n");
        var bad = await _db.RunCliAsync("results", "export", "--round", "R1", "--weights", "rake", "--margins", margins, "--out", file);
        Assert.Equal(1, bad.Code);
        Assert.Contains($"{margins}:3: veld waarde: 'Bijstand' is geen waarde van uitkering in deze ronde", bad.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    private async Task<byte[]> ExportAgainAsync(string path)
    {
        var again = await _db.RunCliAsync("results", "export", "--round", "R1", "--out", path);
        Assert.True(again.Code == 0, again.Err);
        return await File.ReadAllBytesAsync(path);
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6, $"{what}: R {expected.ToString("R", CultureInfo.InvariantCulture)}, ours {actual.ToString("R", CultureInfo.InvariantCulture)}");

    private static Dictionary<(string, string, string, string), Dictionary<string, double>> ReadR(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var result = new Dictionary<(string, string, string, string), Dictionary<string, double>>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',').Select(v => v.Trim('"')).ToArray();
            var values = new Dictionary<string, double>();
            for (var i = 4; i < header.Length; i++)
            {
                values[header[i]] = f[i] == "NA" ? double.NaN : double.Parse(f[i], CultureInfo.InvariantCulture);
            }

            result[(f[0], f[1], f[2], f[3])] = values;
        }

        return result;
    }
}

/// <summary>On a SQLite file.</summary>
public sealed class WeightingAgainstRTestsOnSqlite() : WeightingAgainstRTests(DatabaseProvider.Sqlite);

/// <summary>On a PostgreSQL database.</summary>
public sealed class WeightingAgainstRTestsOnPostgreSql() : WeightingAgainstRTests(DatabaseProvider.PostgreSql);
