using Klantmeting.Surveys;

namespace Klantmeting.Tests.Surveys;

/// <summary>Each validation rule of <see cref="SurveyLoader"/> reports the right position and a specific message.</summary>
public sealed class SurveyLoaderValidationTests : IDisposable
{
    // Line numbers of the valid base file, which the tests below break in one place:
    //  1 id   2 version   3 audience   4 title   5 introduction   6 principles:   7 "  - id: houvast"
    //  8 name   9 statements:   10-11 the two statements   12 grade:   13 text   14 open:   15 text
    private const string Base = """
        id: t
        version: 1
        audience: werkzoekenden
        title: Titel
        introduction: Inleiding
        principles:
          - id: houvast
            name: Houvast
            statements:
              - Stelling een.
              - Stelling twee.
        grade:
          text: Cijfer?
        open:
          text: Toelichting?

        """;

    // Appended to Base: "attributes:" is line 16, the first attribute's "- id:" line 17.
    private const string IntegerAttribute = """
        attributes:
          - id: dagen
            type: integer
            min: 0
            max: 100
            bands:
              - { label: a, from: 0, to: 14 }
              - { label: b, from: 15, to: 28 }
              - { label: c, from: 29 }

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("klantmeting-surveys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string yaml, string fileName = "t.yaml")
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    private IReadOnlyList<SurveyValidationError> Errors(string yaml, string fileName = "t.yaml")
    {
        var path = Write(yaml, fileName);
        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadFile(path));
        Assert.All(ex.Errors, e => Assert.Equal(path, e.File));
        return ex.Errors;
    }

    /// <summary>The single error of a file that breaks exactly one rule.</summary>
    private SurveyValidationError Single(string yaml, string fileName = "t.yaml") => Assert.Single(Errors(yaml, fileName));

    private static void AssertAt(SurveyValidationError error, int line, int column, string messagePart)
    {
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(messagePart, error.Message);
    }

    private static string Replace(string yaml, string oldText, string newText)
    {
        Assert.Contains(oldText, yaml);
        return yaml.Replace(oldText, newText);
    }

    [Fact]
    public void The_base_file_is_valid()
    {
        var survey = SurveyLoader.LoadFile(Write(Base + IntegerAttribute));

        Assert.Equal(["houvast.1", "houvast.2"], survey.Statements.Select(s => s.Id));
        Assert.Equal("dagen", survey.Attributes.Single().Label);
        Assert.Equal("c", survey.Attributes.Single().BandOf(100));
    }

    [Fact]
    public void Interviewer_text_loads_beside_the_text_of_a_statement_a_principle_the_grade_and_the_introduction()
    {
        var yaml = Replace(Base, "      - Stelling een.\n",
            "      - text: Stelling een.\n        interviewer_text: U leest stelling een voor.\n");
        yaml = Replace(yaml, "introduction: Inleiding\n", "introduction: Inleiding\ninterviewer_text: Goedendag, u spreekt met het Werkplein.\n");
        yaml = Replace(yaml, "    name: Houvast\n", "    name: Houvast\n    interviewer_text: Ik lees zinnen voor.\n");
        yaml = Replace(yaml, "  text: Cijfer?\n", "  text: Cijfer?\n  interviewer_text: Welk cijfer geeft u, van 1 tot en met 10?\n");

        var survey = SurveyLoader.LoadFile(Write(yaml));

        var statements = survey.Statements.ToList();
        Assert.Equal(["houvast.1", "houvast.2"], statements.Select(s => s.Id));
        Assert.Equal(("Stelling een.", "U leest stelling een voor."), (statements[0].Text, statements[0].InterviewerText));
        Assert.Equal("U leest stelling een voor.", statements[0].TextFor(interviewer: true));
        Assert.Equal("Stelling een.", statements[0].TextFor(interviewer: false));
        Assert.Null(statements[1].InterviewerText);
        Assert.Equal("Stelling twee.", statements[1].TextFor(interviewer: true));
        Assert.Equal("Goedendag, u spreekt met het Werkplein.", survey.InterviewerIntroduction);
        Assert.Equal("Ik lees zinnen voor.", survey.Principles[0].InterviewerDescription);
        Assert.Equal("Welk cijfer geeft u, van 1 tot en met 10?", survey.Grade.TextFor(interviewer: true));
        Assert.Equal("Toelichting?", survey.Open.TextFor(interviewer: true));
    }

    [Fact]
    public void An_empty_interviewer_text_is_an_error_at_its_value()
    {
        AssertAt(Single(Replace(Base, "      - Stelling een.", "      - { text: Stelling een., interviewer_text: '' }")), 10, 50,
            "'interviewer_text' in stelling 1 van principe 'houvast' mag niet leeg zijn");
    }

    [Fact]
    public void An_interviewer_text_that_is_a_list_and_a_statement_without_text_are_errors()
    {
        var errors = Errors(Replace(Replace(Base, "      - Stelling een.", "      - { text: Stelling een., interviewer_text: [a, b] }"),
            "      - Stelling twee.", "      - { interviewer_text: Twee. }"));

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 10, 50, "'interviewer_text' in stelling 1 van principe 'houvast' moet een tekst (wat de interviewer voorleest) zijn, geen lijst");
        AssertAt(errors[1], 11, 9, "verplichte sleutel 'text' ontbreekt in stelling 2 van principe 'houvast'");
    }

    [Fact]
    public void Yaml_syntax_error_has_the_parser_position()
    {
        // "name" indented deeper than "id": the scanner sees a second mapping value on one key.
        var error = Single(Replace(Base, "    name: Houvast", "      name: Houvast"));

        AssertAt(error, 8, 11, "ongeldige YAML: ");
    }

    [Fact]
    public void Unclosed_flow_sequence_is_a_yaml_error_not_a_crash()
    {
        var error = Single(Replace(Base, "    name: Houvast", "    name: [Houvast"));

        AssertAt(error, 8, 11, "ongeldige YAML: de tekst na deze plek kan niet gelezen worden");
    }

    [Theory]
    [InlineData("id: [kapot\n", 2, 1, "een lijst die met [ begint, is niet gesloten")]
    [InlineData("id: {a: 1\n", 2, 1, "een reeks die met { begint, is niet gesloten")]
    [InlineData("id: t\n  name: x\n", 2, 7, "controleer het inspringen")]
    [InlineData("a: b: c\n", 1, 5, "zet een tekst met een dubbele punt tussen aanhalingstekens")]
    [InlineData("id: t\n\tname: x\n", 1, 5, "spring in met spaties")]
    [InlineData("id: \"open\n", 1, 5, "het laatste aanhalingsteken ontbreekt")]
    [InlineData("id: \"x\\q\"\n", 1, 5, "gebruik enkele aanhalingstekens")]
    [InlineData("a:\n  - x\n  y: 2\n", 3, 3, "hier wordt een regel van de lijst verwacht")]
    [InlineData("a: x\n- b\n", 2, 1, "hier wordt een sleutel (naam: waarde) verwacht")]
    [InlineData("a: @x\n", 1, 4, "een waarde mag niet met dit teken beginnen")]
    [InlineData("a: *nope\n", 1, 1, "de verwijzing *nope noemt een anker (&nope) dat niet bestaat")]
    public void Common_yaml_mistakes_are_explained_in_Dutch_at_their_place(string yaml, int line, int column, string dutch)
    {
        var error = Single(yaml);

        AssertAt(error, line, column, "ongeldige YAML: ");
        Assert.Contains(dutch, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("While ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_message_without_a_translation_keeps_its_text_behind_a_Dutch_explanation()
    {
        Assert.Equal("de tekst op deze plek kan niet gelezen worden (melding van de YAML-lezer: Something new.)",
            YamlFileReader.DutchSyntaxError("Something new."));
    }

    [Fact]
    public void Duplicate_key_is_a_yaml_error()
    {
        AssertAt(Single(Replace(Base, "title: Titel\n", "title: Titel\ntitle: Nog een\n")), 5, 1,
            "ongeldige YAML: sleutel 'title' komt twee keer voor");
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        AssertAt(Single("# alleen commentaar\n"), 0, 0, "leeg");
    }

    [Fact]
    public void Unknown_key_is_reported_with_a_suggestion_and_the_missing_key_too()
    {
        var errors = Errors(Replace(Base, "    statements:", "    statments:"));

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 7, 5, "verplichte sleutel 'statements' ontbreekt in principe 'houvast'");
        AssertAt(errors[1], 9, 5, "onbekende sleutel 'statments' in principe 'houvast'; bedoelt u 'statements'?");
    }

    [Fact]
    public void Unknown_top_level_key_without_a_near_match_lists_the_allowed_keys()
    {
        var error = Single(Base + "kleur: blauw\n");

        AssertAt(error, 16, 1, "onbekende sleutel 'kleur' in de vragenlijst (toegestaan: id, version,");
        Assert.DoesNotContain("bedoelt u", error.Message);
    }

    [Theory]
    [InlineData("id: t\n", "id")]
    [InlineData("version: 1\n", "version")]
    [InlineData("audience: werkzoekenden\n", "audience")]
    [InlineData("title: Titel\n", "title")]
    [InlineData("introduction: Inleiding\n", "introduction")]
    [InlineData("grade:\n  text: Cijfer?\n", "grade")]
    [InlineData("open:\n  text: Toelichting?\n", "open")]
    public void Missing_top_level_key_is_reported_at_the_start_of_the_file(string removed, string key)
    {
        var error = Single(Replace(Base, removed, ""));

        Assert.Equal(1, error.Line);
        Assert.Equal(1, error.Column);
        Assert.Contains($"verplichte sleutel '{key}' ontbreekt in de vragenlijst", error.Message);
    }

    [Fact]
    public void Missing_principles_is_reported()
    {
        var yaml = Replace(Base, "principles:\n  - id: houvast\n    name: Houvast\n    statements:\n      - Stelling een.\n      - Stelling twee.\n", "");

        AssertAt(Single(yaml), 1, 1, "verplichte sleutel 'principles' ontbreekt");
    }

    [Fact]
    public void Missing_grade_text_is_reported_at_the_grade_mapping()
    {
        var errors = Errors(Replace(Base, "  text: Cijfer?", "  tekst: Cijfer?"));

        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], 13, 3, "onbekende sleutel 'tekst' in 'grade'; bedoelt u 'text'?");
        AssertAt(errors[1], 13, 3, "verplichte sleutel 'text' ontbreekt in 'grade'");
    }

    [Fact]
    public void Empty_required_value_is_reported()
    {
        AssertAt(Single(Replace(Base, "title: Titel", "title:")), 4, 7, "'title' in de vragenlijst mag niet leeg zijn");
    }

    [Fact]
    public void Id_must_equal_the_file_name()
    {
        AssertAt(Single(Base, "anders.yaml"), 1, 5, "id 't' moet gelijk zijn aan de bestandsnaam zonder .yaml: 'anders'");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("twee")]
    [InlineData("1.5")]
    public void Version_must_be_a_positive_integer(string version)
    {
        AssertAt(Single(Replace(Base, "version: 1", $"version: {version}")), 2, 10,
            $"version '{version}' moet een positief geheel getal zijn");
    }

    [Fact]
    public void At_least_one_principle()
    {
        var yaml = Replace(Base, "principles:\n  - id: houvast\n    name: Houvast\n    statements:\n      - Stelling een.\n      - Stelling twee.\n",
            "principles: []\n");

        AssertAt(Single(yaml), 6, 13, "minstens één principe");
    }

    [Fact]
    public void Principle_ids_must_be_unique()
    {
        var yaml = Replace(Base, "grade:", "  - id: houvast\n    name: Nog eens\n    statements: [a, b]\ngrade:");

        AssertAt(Single(yaml), 12, 9, "principe-id 'houvast' komt twee keer voor (eerder op regel 7)");
    }

    [Fact]
    public void Principle_ids_must_be_lower_snake_case()
    {
        AssertAt(Single(Replace(Base, "  - id: houvast", "  - id: Houvast-Nu")), 7, 9, "principe-id 'Houvast-Nu' moet lower_snake_case zijn");
    }

    [Fact]
    public void A_principle_with_one_statement_is_rejected()
    {
        AssertAt(Single(Replace(Base, "      - Stelling twee.\n", "")), 10, 7, "principe 'houvast' heeft 1 stelling; minimaal 2, maximaal 4");
    }

    [Fact]
    public void A_principle_with_five_statements_is_rejected()
    {
        var yaml = Replace(Base, "      - Stelling twee.\n", "      - Stelling twee.\n      - 3\n      - 4\n      - 5\n");

        AssertAt(Single(yaml), 10, 7, "principe 'houvast' heeft 5 stellingen; minimaal 2, maximaal 4");
    }

    [Fact]
    public void Empty_statement_is_rejected()
    {
        AssertAt(Single(Replace(Base, "      - Stelling twee.", "      - \"  \"")), 11, 9, "lege stelling in principe 'houvast'");
    }

    [Fact]
    public void Comparable_to_must_hold_principle_ids()
    {
        var yaml = Replace(Base, "    name: Houvast\n", "    name: Houvast\n    comparable_to: [duidelijkheid, Tijdig!]\n");

        AssertAt(Single(yaml), 9, 36, "'Tijdig!' is geen geldig principe-id");
    }

    [Fact]
    public void Attribute_type_must_be_known()
    {
        AssertAt(Single(Replace(Base + IntegerAttribute, "    type: integer", "    type: getal")), 18, 11,
            "type 'getal' van kenmerk 'dagen' is onbekend; kies choice, integer of text");
    }

    [Fact]
    public void Attribute_type_is_required()
    {
        AssertAt(Single(Base + "attributes:\n  - id: regio\n"), 17, 5, "verplichte sleutel 'type' ontbreekt in kenmerk 'regio'");
    }

    [Fact]
    public void Choice_needs_values()
    {
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: choice\n"), 17, 5, "kenmerk 'regio' heeft type choice maar geen 'values'");
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: choice\n    values: []\n"), 19, 13, "de lijst 'values' is leeg");
    }

    [Fact]
    public void Choice_values_must_be_unique()
    {
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: choice\n    values: [noord, zuid, Noord]\n"), 19, 27,
            "waarde 'Noord' komt twee keer voor in values van kenmerk 'regio'");
    }

    [Fact]
    public void Choice_values_may_carry_a_label()
    {
        var survey = SurveyLoader.LoadFile(Write(Base + "attributes:\n  - id: regio\n    type: choice\n    values:\n      - { value: N, label: Noord }\n      - zuid\n"));

        var regio = Assert.Single(survey.Attributes);
        Assert.Equal(["N", "zuid"], regio.Values);
        Assert.Equal("Noord", regio.GroupText("n"));
        Assert.Equal("zuid", regio.GroupText("zuid"));
    }

    [Fact]
    public void A_labelled_value_needs_both_value_and_label()
    {
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: choice\n    values: [{ value: N }]\n"), 19, 14,
            "verplichte sleutel 'label' ontbreekt in een waarde van kenmerk 'regio'");
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: choice\n    values: [{ label: Noord }]\n"), 19, 14,
            "verplichte sleutel 'value' ontbreekt in een waarde van kenmerk 'regio'");
    }

    [Fact]
    public void Labelled_values_must_be_unique_too()
    {
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: choice\n    values: [{ value: N, label: Noord }, n]\n"), 19, 42,
            "waarde 'n' komt twee keer voor in values van kenmerk 'regio'");
    }

    [Fact]
    public void Values_only_belong_to_choice()
    {
        AssertAt(Single(Base + "attributes:\n  - id: regio\n    type: text\n    values: [a]\n"), 19, 13,
            "'values' mag alleen bij type choice (kenmerk 'regio' heeft type text)");
    }

    [Fact]
    public void Integer_min_must_not_exceed_max()
    {
        var yaml = Replace(Replace(Base + IntegerAttribute, "    min: 0", "    min: 200"), "      - { label: a, from: 0, to: 14 }", "      - { label: a, from: 200, to: 14 }");
        var errors = Errors(yaml);

        AssertAt(errors[0], 19, 10, "kenmerk 'dagen': min (200) is groter dan max (100)");
    }

    [Fact]
    public void Bands_must_not_leave_a_gap()
    {
        AssertAt(Single(Replace(Base + IntegerAttribute, "from: 15", "from: 16")), 23, 27,
            "band 2 van kenmerk 'dagen' sluit niet aan op de vorige band: from (16) moet 15 zijn; waarden 15-15 vallen in geen band");
    }

    [Fact]
    public void Bands_must_not_overlap()
    {
        AssertAt(Single(Replace(Base + IntegerAttribute, "from: 29", "from: 20")), 24, 27,
            "band 3 van kenmerk 'dagen' overlapt met de vorige band: from (20) moet 29 zijn");
    }

    [Fact]
    public void Only_the_last_band_may_be_open_ended()
    {
        AssertAt(Single(Replace(Base + IntegerAttribute, "from: 15, to: 28", "from: 15")), 24, 9,
            "band 3 van kenmerk 'dagen' volgt op een open band");
    }

    [Fact]
    public void Band_to_must_not_be_below_from()
    {
        var errors = Errors(Replace(Base + IntegerAttribute, "from: 15, to: 28", "from: 15, to: 10"));

        AssertAt(errors[0], 23, 35, "band 2 van kenmerk 'dagen': to (10) is kleiner dan from (15)");
    }

    [Fact]
    public void First_band_must_start_at_min()
    {
        AssertAt(Single(Replace(Base + IntegerAttribute, "from: 0,", "from: 1,")), 22, 27,
            "band 1 van kenmerk 'dagen' begint bij 1 maar min is 0: waarden 0-0 vallen in geen band");
    }

    [Fact]
    public void A_closed_last_band_must_reach_max()
    {
        AssertAt(Single(Replace(Base + IntegerAttribute, "{ label: c, from: 29 }", "{ label: c, from: 29, to: 56 }")), 24, 9,
            "de laatste band van kenmerk 'dagen' eindigt bij 56, maar max is 100");
    }

    [Fact]
    public void Attribute_ids_must_be_unique()
    {
        var yaml = Base + "attributes:\n  - id: regio\n    type: text\n  - id: regio\n    type: text\n";

        AssertAt(Single(yaml), 19, 9, "kenmerk-id 'regio' komt twee keer voor (eerder op regel 17)");
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("email")]
    [InlineData("werkplein")]
    public void Attribute_ids_must_not_be_reserved_column_names(string id)
    {
        AssertAt(Single(Base + $"attributes:\n  - id: {id}\n    type: text\n"), 17, 9,
            $"kenmerk-id '{id}' is gereserveerd voor een vaste kolom van het steekproefbestand");
    }

    [Fact]
    public void All_errors_of_a_file_are_collected_and_listed_one_per_line()
    {
        var yaml = Replace(Replace(Base, "version: 1", "version: 0"), "      - Stelling twee.\n", "");
        var path = Write(yaml);

        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadFile(path));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(
            $"""
            2 fouten in vragenlijsten:
            {path}:2:10: version '0' moet een positief geheel getal zijn (1, 2, ...)
            {path}:10:7: principe 'houvast' heeft 1 stelling; minimaal 2, maximaal 4
            """.ReplaceLineEndings(Environment.NewLine),
            ex.Message);
    }

    [Fact]
    public void Missing_directory_is_rejected()
    {
        var missing = Path.Combine(_directory, "bestaat-niet");

        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadDirectory(missing));

        AssertAt(Assert.Single(ex.Errors), 0, 0, "de map met vragenlijsten bestaat niet");
        Assert.Contains(SurveyExtensions.PathSetting, ex.Message);
    }

    [Fact]
    public void Empty_directory_is_rejected()
    {
        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadDirectory(_directory));

        AssertAt(Assert.Single(ex.Errors), 0, 0, "de map bevat geen vragenlijsten (*.yaml)");
    }

    [Fact]
    public void Directory_reports_errors_of_every_file_and_duplicate_ids()
    {
        var first = Write(Base, "t.yaml");
        var second = Write(Base, "u.yaml");
        Write(Base, "v.yml");

        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadDirectory(_directory));

        Assert.Equal(3, ex.Errors.Count);
        AssertAt(ex.Errors[0], 0, 0, "extensie .yaml");
        Assert.Equal((second, 1, 5), (ex.Errors[1].File, ex.Errors[1].Line, ex.Errors[1].Column));
        Assert.Contains("moet gelijk zijn aan de bestandsnaam", ex.Errors[1].Message);
        Assert.Equal(second, ex.Errors[2].File);
        AssertAt(ex.Errors[2], 1, 5, $"id 't' wordt ook gebruikt in {first}:1:5");
    }

    [Fact]
    public void Directory_with_valid_files_loads_them_in_name_order()
    {
        Write(Base, "t.yaml");
        Write(Replace(Base, "id: t", "id: a"), "a.yaml");

        Assert.Equal(["a", "t"], SurveyLoader.LoadDirectory(_directory).Select(s => s.Id));
    }
}
