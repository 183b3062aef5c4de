using Klantmeting.Infrastructure.Exports;
using Klantmeting.Results;
using Klantmeting.Rounds;
using Klantmeting.Surveys;

namespace Klantmeting.Comparison;

/// <summary>
/// Compares two or more rounds of one audience, nationally or for every Werkplein: the cells of each round (from
/// <see cref="ResultsService"/>, so the minimum cell size holds), principles matched across questionnaire versions,
/// Welch's t-test between consecutive rounds and Holm's adjustment across the Werkpleinen per measure.
/// </summary>
/// <remarks>
/// <see cref="CompareAsync(IEnumerable{string}, ComparisonScope, bool, CancellationToken)"/> throws <see cref="ComparisonException"/> (Dutch message for the user) when the rounds
/// cannot be compared; the caller shows the message and stops.
/// </remarks>
public sealed class ComparisonService(KlantmetingDbContext db, ResultsService results, ISurveyCatalog surveys, IOptions<ResultsOptions> options)
{
    /// <summary>Header of <see cref="WriteCsvAsync"/>.</summary>
    public const string CsvHeader =
        "measure,werkplein,from_round,to_round,from_measure,to_measure,from_n,from_mean,from_ci_low,from_ci_high," +
        "to_n,to_mean,to_ci_low,to_ci_high,difference,t,df,p,p_holm,significant,status";

    /// <summary>Every round whose questionnaire is installed, newest first, for choosing.</summary>
    public async Task<IReadOnlyList<ComparedRound>> ListRoundsAsync(CancellationToken ct = default)
    {
        var rounds = await db.Rounds.AsNoTracking().OrderByDescending(r => r.FieldworkStart).ThenBy(r => r.Name).ToListAsync(ct);
        return rounds.Where(r => surveys.Find(r.QuestionnaireId) is not null)
            .Select(r => new ComparedRound(r.Name, r.QuestionnaireId, surveys.Get(r.QuestionnaireId).Audience, r.FieldworkStart, r.FieldworkEnd, r.State))
            .ToList();
    }

    /// <summary>Compares the rounds named (in any order; they are put oldest first by fieldwork start).</summary>
    /// <exception cref="ComparisonException">Fewer than two rounds, an unknown round or questionnaire, or rounds of different audiences.</exception>
    public Task<RoundComparison> CompareAsync(IEnumerable<string> roundNames, ComparisonScope scope, CancellationToken ct = default) =>
        CompareAsync(roundNames, scope, weighted: false, ct);

    /// <summary>
    /// As <see cref="CompareAsync(IEnumerable{string}, ComparisonScope, CancellationToken)"/>; with <paramref name="weighted"/>
    /// the cells are post-stratified (<see cref="ResultsService.ComputeWeightedCellsAsync"/>, suppression on the
    /// unweighted n) and Welch's test uses their standard errors (<see cref="Statistics.WelchFromStandardErrors"/>).
    /// </summary>
    /// <exception cref="ComparisonException">Fewer than two rounds, an unknown round, or rounds of different audiences.</exception>
    public async Task<RoundComparison> CompareAsync(IEnumerable<string> roundNames, ComparisonScope scope, bool weighted, CancellationToken ct = default)
    {
        var (rounds, definitions) = await LoadRoundsAsync(roundNames, ct);
        var compared = rounds.Select((r, i) => new ComparedRound(r.Name, r.QuestionnaireId, definitions[i].Survey.Audience, r.FieldworkStart, r.FieldworkEnd, r.State)).ToList();
        var (measures, unmatched) = PrincipleMatching.Match(definitions);

        // Cells of the whole round (NL and Werkpleinen), totals only: index (round, werkplein, measure id).
        var cells = new Dictionary<(int Round, string Werkplein, string Measure), ResultCell>();
        var standardErrors = new Dictionary<ResultCell, double?>(ReferenceEqualityComparer.Instance);
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rounds.Count; r++)
        {
            foreach (var cell in await TotalCellsAsync(rounds[r].Name, weighted, standardErrors, ct))
            {
                if (cell is not { Breakdown: ResultKeys.Total, Group: ResultKeys.Total }
                    || (scope == ComparisonScope.National && cell.Werkplein != ResultsService.National))
                {
                    continue;
                }

                cells[(r, cell.Werkplein, cell.Measure)] = cell;
                if (cell.Werkplein != ResultsService.National)
                {
                    codes.Add(cell.Werkplein);
                }
            }
        }

        var werkpleinNames = await db.Werkpleinen.AsNoTracking().Where(w => codes.Contains(w.Code))
            .ToDictionaryAsync(w => w.Code, w => w.Name, StringComparer.Ordinal, ct);
        var rows = new List<ComparisonRow>();
        foreach (var code in codes.Prepend(ResultsService.National))
        {
            var name = code == ResultsService.National ? "Nederland" : werkpleinNames.GetValueOrDefault(code, code);
            foreach (var measure in measures)
            {
                var perRound = Enumerable.Range(0, rounds.Count).Select(r => cells.GetValueOrDefault((r, code, measure.IdPerRound[r]))).ToList();
                var changes = Enumerable.Range(1, rounds.Count - 1)
                    .Select(r => measure.IsChangedBefore(r)
                        ? new Change(rounds[r - 1].Name, rounds[r].Name, ChangeStatus.Redefined, null, null)
                        : weighted
                            ? TestWeighted(rounds[r - 1].Name, rounds[r].Name, perRound[r - 1], perRound[r], standardErrors)
                            : Test(rounds[r - 1].Name, rounds[r].Name, perRound[r - 1], perRound[r]))
                    .ToList();
                rows.Add(new ComparisonRow(code, name, measure, perRound, changes));
            }
        }

        rows = AdjustAcrossWerkpleinen(rows);
        var unmatchedCells = unmatched
            .SelectMany(u => cells.Where(c => rounds[c.Key.Round].Name == u.Round && c.Key.Measure == u.PrincipleId).Select(c => c.Value))
            .ToList();
        return new RoundComparison(compared, scope, measures, unmatched, rows, unmatchedCells, options.Value.MinimumCellSize, weighted);
    }

    /// <summary>The named rounds, oldest first, with their questionnaires; refuses what cannot be compared.</summary>
    /// <exception cref="ComparisonException">Fewer than two rounds, an unknown round or questionnaire, or rounds of different audiences.</exception>
    private async Task<(List<Round> Rounds, List<(string Round, SurveyDefinition Survey)> Definitions)> LoadRoundsAsync(
        IEnumerable<string> roundNames, CancellationToken ct)
    {
        var names = roundNames.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count < 2)
        {
            throw new ComparisonException("Kies ten minste twee verschillende rondes om te vergelijken.");
        }

        var found = await db.Rounds.AsNoTracking().Where(r => names.Contains(r.Name)).ToListAsync(ct);
        if (names.FirstOrDefault(n => found.All(r => r.Name != n)) is { } missing)
        {
            throw new ComparisonException($"Er is geen ronde met de naam '{missing}'.");
        }

        var rounds = found.OrderBy(r => r.FieldworkStart).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var definitions = new List<(string Round, SurveyDefinition Survey)>();
        foreach (var round in rounds)
        {
            var survey = surveys.Find(round.QuestionnaireId)
                ?? throw new ComparisonException($"De vragenlijst '{round.QuestionnaireId}' van ronde '{round.Name}' is niet geïnstalleerd.");
            definitions.Add((round.Name, survey));
        }

        var audiences = definitions.GroupBy(d => d.Survey.Audience, StringComparer.Ordinal).ToList();
        if (audiences.Count > 1)
        {
            throw new ComparisonException(
                "Deze rondes zijn niet te vergelijken, want ze meten bij verschillende doelgroepen: " +
                string.Join("; ", audiences.Select(g => $"{g.Key}: {string.Join(", ", g.Select(d => d.Round))}")) +
                ". Kies alleen rondes van werkzoekenden of alleen rondes van werkgevers.");
        }

        return (rounds, definitions);
    }

    /// <summary>The <c>totaal</c> cells of a round (NL and each Werkplein, every measure); weighted, with each cell's SE put in <paramref name="standardErrors"/>.</summary>
    private async Task<IEnumerable<ResultCell>> TotalCellsAsync(string round, bool weighted, Dictionary<ResultCell, double?> standardErrors, CancellationToken ct)
    {
        if (!weighted)
        {
            return (await results.ComputeTotalsAsync(round, ct)).Cells;
        }

        var totals = (await results.ComputeWeightedCellsAsync(round, new WeightingRequest(Weighting.WeightingMethod.PostStratification), ct)).Cells
            .Where(c => c.Cell is { Breakdown: ResultKeys.Total, Group: ResultKeys.Total }).ToList();
        foreach (var cell in totals)
        {
            standardErrors[cell.Cell] = cell.Se;
        }

        return totals.Select(c => c.Cell);
    }

    /// <summary>
    /// Writes the comparison as CSV (UTF-8, comma, CRLF, invariant numbers with four decimals): one row per measure,
    /// Werkplein (or NL) and pair of consecutive rounds; then each unmatched principle per round with status
    /// <c>niet_vergelijkbaar</c> and only its own figures. <paramref name="output"/> is left open.
    /// </summary>
    public static Task WriteCsvAsync(RoundComparison comparison, Stream output, CancellationToken ct = default) =>
        WriteAsync(comparison, output, TableFormat.Csv, ct);

    /// <summary>As <see cref="WriteCsvAsync"/>, in <paramref name="format"/>.</summary>
    public static async Task WriteAsync(RoundComparison comparison, Stream output, TableFormat format, CancellationToken ct = default)
    {
        await using var writer = ResultsCsv.CreateWriter(output, format, "Vergelijking");
        await writer.HeaderAsync(CsvHeader.Split(','), ct);
        foreach (var row in comparison.Rows)
        {
            for (var i = 0; i < row.Changes.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var change = row.Changes[i];
                var (from, to) = (row.Cells[i], row.Cells[i + 1]);
                var test = change.Test;
                Texts(writer, row.Measure.Id, row.Werkplein, change.FromRound, change.ToRound, row.Measure.IdPerRound[i], row.Measure.IdPerRound[i + 1]);
                Figures(writer, from);
                Figures(writer, to);
                Numbers(writer, test?.Difference, test?.T, test?.Df, test?.P, change.HolmP);
                writer.Text(change.Status == ChangeStatus.Tested ? (change.Significant ? "true" : "false") : "");
                writer.Text(StatusCode(change.Status));
                await writer.EndRowAsync(ct);
            }
        }

        foreach (var cell in comparison.UnmatchedCells)
        {
            Texts(writer, cell.Measure, cell.Werkplein, cell.Round, "", cell.Measure, "");
            Figures(writer, cell);
            Figures(writer, null);
            Numbers(writer, null, null, null, null, null);
            Texts(writer, "", "niet_vergelijkbaar");
            await writer.EndRowAsync(ct);
        }
    }

    /// <summary>The status word used in the CSV.</summary>
    public static string StatusCode(ChangeStatus status) => status switch
    {
        ChangeStatus.Tested => "getoetst",
        ChangeStatus.Suppressed => "te_weinig_respondenten",
        ChangeStatus.Missing => "ontbreekt",
        ChangeStatus.NotDefined => "niet_te_toetsen",
        ChangeStatus.Redefined => "definitie_gewijzigd",
        _ => status.ToString(),
    };

    internal static Change Test(string fromRound, string toRound, ResultCell? from, ResultCell? to)
    {
        if (Untestable(fromRound, toRound, from, to) is { } untestable)
        {
            return untestable;
        }

        if (from!.Sd is null || to!.Sd is null
            || Statistics.Welch(to.Mean!.Value, to.Sd.Value, to.N!.Value, from.Mean!.Value, from.Sd.Value, from.N!.Value) is not { } test)
        {
            return new Change(fromRound, toRound, ChangeStatus.NotDefined, null, null);
        }

        return new Change(fromRound, toRound, ChangeStatus.Tested, test, test.P);
    }

    /// <summary>As <see cref="Test"/> for weighted cells: Welch's test from their standard errors, n the respondents.</summary>
    internal static Change TestWeighted(string fromRound, string toRound, ResultCell? from, ResultCell? to, IReadOnlyDictionary<ResultCell, double?> standardErrors)
    {
        if (Untestable(fromRound, toRound, from, to) is { } untestable)
        {
            return untestable;
        }

        if (standardErrors.GetValueOrDefault(from!) is not { } fromSe || standardErrors.GetValueOrDefault(to!) is not { } toSe
            || Statistics.WelchFromStandardErrors(to!.Mean!.Value, toSe, to.N!.Value, from!.Mean!.Value, fromSe, from.N!.Value) is not { } test)
        {
            return new Change(fromRound, toRound, ChangeStatus.NotDefined, null, null);
        }

        return new Change(fromRound, toRound, ChangeStatus.Tested, test, test.P);
    }

    /// <summary>A missing cell, or a suppressed one (it carries no figures and is never compared); null when both can be tested.</summary>
    private static Change? Untestable(string fromRound, string toRound, ResultCell? from, ResultCell? to)
    {
        if (from is null || to is null)
        {
            return new Change(fromRound, toRound, ChangeStatus.Missing, null, null);
        }

        return from.Suppressed || to.Suppressed || from.Mean is null || to.Mean is null || from.N is null || to.N is null
            ? new Change(fromRound, toRound, ChangeStatus.Suppressed, null, null)
            : null;
    }

    /// <summary>Holm's adjustment per measure and pair of rounds over the Werkpleinen tested; NL stays a family of one.</summary>
    private static List<ComparisonRow> AdjustAcrossWerkpleinen(List<ComparisonRow> rows)
    {
        var changes = rows.Select(r => r.Changes.ToArray()).ToList();
        var families = Enumerable.Range(0, rows.Count)
            .Where(i => rows[i].Werkplein != ResultsService.National)
            .GroupBy(i => rows[i].Measure.Id, StringComparer.Ordinal);
        foreach (var family in families)
        {
            var members = family.ToList();
            for (var pair = 0; pair < changes[members[0]].Length; pair++)
            {
                var tested = members.Where(i => changes[i][pair].Status == ChangeStatus.Tested).ToList();
                var adjusted = Statistics.Holm(tested.Select(i => changes[i][pair].Test!.Value.P).ToList());
                for (var k = 0; k < tested.Count; k++)
                {
                    changes[tested[k]][pair] = changes[tested[k]][pair] with { HolmP = adjusted[k] };
                }
            }
        }

        return rows.Select((r, i) => r with { Changes = changes[i] }).ToList();
    }

    internal static void Texts(TableWriter writer, params ReadOnlySpan<string> values)
    {
        foreach (var value in values)
        {
            writer.Text(value);
        }
    }

    internal static void Numbers(TableWriter writer, params ReadOnlySpan<double?> values)
    {
        foreach (var value in values)
        {
            writer.Number(value);
        }
    }

    /// <summary>n, mean and interval of one cell (empty when there is no cell).</summary>
    internal static void Figures(TableWriter writer, ResultCell? cell)
    {
        writer.Integer(cell?.N);
        Numbers(writer, cell?.Mean, cell?.CiLow, cell?.CiHigh);
    }
}

/// <summary>Registration of the round comparison.</summary>
public static class ComparisonExtensions
{
    /// <summary>Registers the round comparison.</summary>
    public static IHostApplicationBuilder AddComparison(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ComparisonService>();
        builder.Services.AddScoped<GroupComparisonService>();
        return builder;
    }
}
