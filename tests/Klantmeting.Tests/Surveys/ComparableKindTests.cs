using Klantmeting.Surveys;

namespace Klantmeting.Tests.Surveys;

/// <summary>
/// The kind of a <c>comparable_to</c> link (<c>same</c> / <c>changed</c>): required from version 2, reported with
/// file, line and column when missing or unknown; a bare id in a version 1 file still loads as <c>same</c>.
/// </summary>
public sealed class ComparableKindTests : IDisposable
{
    // Line 9 is "comparable_to:", line 10 the link.
    private const string Base = """
        id: t
        version: 2
        audience: werkzoekenden
        title: Titel
        introduction: Inleiding
        principles:
          - id: houvast
            name: Houvast
            comparable_to:
              - { id: duidelijkheid, kind: changed, note: "Anders opgezet in 2009." }
            statements:
              - Stelling een.
              - Stelling twee.
        grade:
          text: Cijfer?
        open:
          text: Toelichting?

        """;

    private const string Link = """      - { id: duidelijkheid, kind: changed, note: "Anders opgezet in 2009." }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("klantmeting-kinds-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string yaml, string fileName = "t.yaml")
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string WithLink(string link, string version = "2")
    {
        Assert.Contains(Link, Base, StringComparison.Ordinal);
        return Base.Replace(Link, link, StringComparison.Ordinal).Replace("version: 2", $"version: {version}", StringComparison.Ordinal);
    }

    /// <summary>The single error of the file, which must name it, line 10 and the column of <paramref name="at"/> in that line.</summary>
    private void AssertError(string yaml, string at, string message)
    {
        var path = Write(yaml);
        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadFile(path));
        var error = Assert.Single(ex.Errors);
        var line = yaml.Split('\n')[9];
        Assert.Equal((path, 10, line.IndexOf(at, StringComparison.Ordinal) + 1), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:10:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_kinds_load_with_their_note()
    {
        var changed = SurveyLoader.LoadFile(Write(Base)).Principles[0];
        Assert.Equal(["duidelijkheid"], changed.ComparableTo);
        Assert.Equal(new ComparableLink("duidelijkheid", ComparabilityKind.Changed, "Anders opgezet in 2009."), Assert.Single(changed.Links));

        var same = SurveyLoader.LoadFile(Write(WithLink("      - { id: duidelijkheid, kind: same }"))).Principles[0];
        Assert.Equal(new ComparableLink("duidelijkheid", ComparabilityKind.Same, null), same.LinkTo("duidelijkheid"));
    }

    [Fact]
    public void A_bare_id_in_a_version_1_file_loads_as_same()
    {
        var principle = SurveyLoader.LoadFile(Write(WithLink("      - duidelijkheid", version: "1"))).Principles[0];

        Assert.Equal(ComparabilityKind.Same, Assert.Single(principle.Links).Kind);
    }

    [Fact]
    public void A_bare_id_from_version_2_is_rejected()
    {
        AssertError(WithLink("      - duidelijkheid"), "duidelijkheid",
            "comparable_to van principe 'houvast': bij 'duidelijkheid' ontbreekt de soort; vanaf version 2");
    }

    [Fact]
    public void A_missing_kind_is_rejected()
    {
        AssertError(WithLink("      - { id: duidelijkheid }"), "{",
            "verplichte sleutel 'kind' ontbreekt in comparable_to 'duidelijkheid' van principe 'houvast'");
    }

    [Fact]
    public void An_unknown_kind_is_rejected()
    {
        AssertError(WithLink("      - { id: duidelijkheid, kind: gelijk }"), "gelijk",
            "kind 'gelijk' van comparable_to 'duidelijkheid' van principe 'houvast' is onbekend; kies same (dezelfde definitie) of changed");
    }

    [Fact]
    public void A_changed_link_needs_its_note()
    {
        AssertError(WithLink("      - { id: duidelijkheid, kind: changed }"), "{",
            "verplichte sleutel 'note' ontbreekt in comparable_to 'duidelijkheid' van principe 'houvast'");
    }

    [Fact]
    public void An_unknown_key_in_a_link_is_rejected()
    {
        AssertError(WithLink("      - { id: duidelijkheid, kind: same, notitie: x }"), "notitie",
            "onbekende sleutel 'notitie' in comparable_to 'duidelijkheid' van principe 'houvast'");
    }

    [Fact]
    public void Both_sides_of_a_link_must_have_the_same_kind()
    {
        var a = Write(Base, "t.yaml");
        var other = Base.Replace("id: t\n", "id: u\n", StringComparison.Ordinal)
            .Replace("  - id: houvast\n    name: Houvast\n", "  - id: duidelijkheid\n    name: Duidelijkheid\n", StringComparison.Ordinal)
            .Replace(Link, "      - { id: houvast, kind: same }", StringComparison.Ordinal);
        var b = Write(other, "u.yaml");

        var ex = Assert.Throws<SurveyValidationException>(() => SurveyLoader.LoadDirectory(_directory));

        Assert.Equal([(a, 10), (b, 10)], ex.Errors.Select(e => (e.File, e.Line)));
        Assert.Contains("kind changed past niet bij kind same van principe 'duidelijkheid' in " + b + ":10:9", ex.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("kind same past niet bij kind changed van principe 'houvast' in " + a + ":10:9", ex.Errors[1].Message, StringComparison.Ordinal);
    }
}
