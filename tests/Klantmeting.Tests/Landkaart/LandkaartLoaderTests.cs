using Klantmeting.Landkaart;
using Klantmeting.Surveys;

namespace Klantmeting.Tests.Landkaart;

/// <summary>The shipped Landkaart loads; broken files are refused with file:line:column and a specific message.</summary>
public sealed class LandkaartLoaderTests : IDisposable
{
    private static readonly string _shipped = Path.Combine(AppContext.BaseDirectory, "landkaart", "suwi-2008.yaml");

    private readonly string _directory = Directory.CreateTempSubdirectory("klantmeting-landkaart-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string yaml, string fileName = "suwi-2008.yaml")
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    private IReadOnlyList<SurveyValidationError> Errors(string yaml, string fileName = "suwi-2008.yaml")
    {
        var path = Write(yaml, fileName);
        var ex = Assert.Throws<LandkaartValidationException>(() => LandkaartLoader.LoadFile(path));
        Assert.All(ex.Errors, e => Assert.Equal(path, e.File));
        Assert.StartsWith(path + ":", ex.Message.Split(Environment.NewLine)[1]);
        return ex.Errors;
    }

    /// <summary>The shipped file with one line replaced (1-based).</summary>
    private static string ShippedWith(string find, string replace)
    {
        var text = File.ReadAllText(_shipped);
        Assert.Contains(find, text);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }

    private static int LineOf(string text, string find) => text[..text.IndexOf(find, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void The_shipped_landkaart_has_six_phases_fourteen_milestones_and_four_levels_with_a_criterion_each()
    {
        var landkaart = LandkaartLoader.LoadFile(_shipped);

        Assert.Equal("suwi-2008", landkaart.Id);
        Assert.Equal(
            ["Samenwerking starten", "Visie ontwikkelen", "Ketenjaarplan maken", "Betrokkenheid creëren", "Realiseren", "Borgen"],
            landkaart.Phases.Select(p => p.Name));
        Assert.Equal(Enumerable.Range(1, 14), landkaart.Milestones.Select(m => m.Number));
        Assert.Equal([1, 2, 1, 3, 6, 1], landkaart.Phases.Select(p => p.Milestones.Count));
        Assert.Equal(["niet gerealiseerd", "in ontwikkeling", "gedeeltelijk gerealiseerd", "volledig gerealiseerd"], landkaart.Levels.Select(l => l.Name));
        Assert.Equal(["rood", "oranje", "blauw", "groen"], landkaart.Levels.Select(l => l.Colour));
        Assert.Equal(["0", "1/3", "2/3", "1"], landkaart.Levels.Select(l => l.PointsText));
        Assert.All(landkaart.Milestones, m =>
        {
            Assert.Equal(["rood", "oranje", "blauw", "groen"], m.Criteria.Keys);
            Assert.All(m.Criteria.Values, c => Assert.True(c.Draft && c.Must.Length > 10 && c.Evidence.Length > 5));
        });
        Assert.StartsWith("Het MT-LWI toetst frequent", landkaart.FindMilestone(14)!.Text);
        Assert.True(landkaart.FindMilestone(14)!.ClientMeasurements);
        Assert.Single(landkaart.Milestones, m => m.ClientMeasurements);
    }

    [Fact]
    public void A_missing_criterion_is_reported_at_the_criteria_mapping()
    {
        var text = File.ReadAllText(_shipped);
        var start = text.IndexOf("          blauw:", StringComparison.Ordinal);
        var end = text.IndexOf("          groen:", start, StringComparison.Ordinal);
        var broken = text[..start] + text[end..];
        var error = Assert.Single(Errors(broken));

        Assert.Equal(LineOf(text, "          rood:"), error.Line);
        Assert.Equal(11, error.Column);
        Assert.Equal("het criterium voor niveau 'blauw' ontbreekt in mijlpaal 1; elk niveau heeft een criterium", error.Message);
    }

    [Fact]
    public void A_typo_in_a_key_names_the_key_it_probably_means()
    {
        var broken = ShippedWith("            evidence: Geen ledenlijst", "            evidense: Geen ledenlijst");
        var errors = Errors(broken);

        Assert.Equal(2, errors.Count);
        var line = LineOf(broken, "evidense");
        // In document order: the missing key at the start of the criterion's mapping (the line above), then the typo.
        Assert.Equal((line - 1, 13), (errors[0].Line, errors[0].Column));
        Assert.Equal("verplichte sleutel 'evidence' ontbreekt in criterium rood van mijlpaal 1", errors[0].Message);
        Assert.Equal((line, 13), (errors[1].Line, errors[1].Column));
        Assert.Equal("onbekende sleutel 'evidense' in criterium rood van mijlpaal 1; bedoelt u 'evidence'? (toegestaan: must, evidence, draft)", errors[1].Message);
    }

    [Fact]
    public void Draft_must_be_true_or_false()
    {
        var broken = ShippedWith("            draft: true\n", "            draft: misschien\n");
        var error = Assert.Single(Errors(broken));

        Assert.Equal((LineOf(broken, "misschien"), 20), (error.Line, error.Column));
        Assert.Equal("'draft' in criterium rood van mijlpaal 1 moet true of false zijn, niet 'misschien'", error.Message);
    }

    [Fact]
    public void Wrong_points_for_a_level_are_refused()
    {
        var broken = ShippedWith("    points: \"2/3\"", "    points: \"1/2\"");
        var error = Assert.Single(Errors(broken));

        Assert.Equal((LineOf(broken, "\"1/2\""), 13), (error.Line, error.Column));
        Assert.Equal("points '1/2' van niveau 3 is onbekend; kies 0, 1/3, 2/3 of 1", error.Message);
    }

    [Fact]
    public void Levels_in_the_wrong_order_are_refused()
    {
        var broken = ShippedWith("  - id: oranje", "  - id: blauw");
        var errors = Errors(broken);

        Assert.Contains(errors, e => e.Line == LineOf(broken, "  - id: blauw") && e.Column == 9
            && e.Message == "niveau 2 moet id 'oranje' hebben, niet 'blauw' (volgorde: rood, oranje, blauw, groen)");
    }

    [Fact]
    public void A_milestone_out_of_sequence_is_refused()
    {
        var broken = ShippedWith("      - number: 7\n", "      - number: 8\n");
        var error = Assert.Single(Errors(broken));

        Assert.Equal((LineOf(broken, "      - number: 8\n        name: Dienstverleningsconcept werkgevers"), 17), (error.Line, error.Column));
        Assert.Equal("mijlpaal met nummer 8 staat op plaats 7; nummer de mijlpalen op volgorde vanaf 1 over alle fasen", error.Message);
    }

    [Fact]
    public void The_id_must_match_the_file_name()
    {
        var error = Assert.Single(Errors(File.ReadAllText(_shipped), "suwi-2010.yaml"));

        Assert.Equal((LineOf(File.ReadAllText(_shipped), "id: suwi-2008"), 5), (error.Line, error.Column));
        Assert.Equal("id 'suwi-2008' moet gelijk zijn aan de bestandsnaam zonder .yaml: 'suwi-2010'", error.Message);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_position()
    {
        var error = Assert.Single(Errors("id: suwi-2008\nversion: 1\ntitle: a: b\n"));

        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 0);
        Assert.StartsWith("ongeldige YAML: ", error.Message);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var error = Assert.Single(Errors(""));

        Assert.Equal("het bestand is leeg", error.Message);
    }

    [Fact]
    public void A_missing_phase_is_refused()
    {
        var text = File.ReadAllText(_shipped);
        var broken = text[..text.IndexOf("  - number: 6\n    name: Borgen", StringComparison.Ordinal)];
        var errors = Errors(broken);

        var phases = LineOf(text, "phases:\n") + 1;
        Assert.Equal(
            [(phases, 3, "de landkaart moet precies 6 fasen hebben, niet 5"), (phases, 3, "de landkaart moet precies 14 mijlpalen hebben, niet 13")],
            errors.Select(e => (e.Line, e.Column, e.Message)));
    }
}
