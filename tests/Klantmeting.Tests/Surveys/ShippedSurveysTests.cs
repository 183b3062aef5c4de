using Klantmeting.Comparison;
using Klantmeting.Surveys;

namespace Klantmeting.Tests.Surveys;

/// <summary>The questionnaire files in <c>surveys/</c> load and keep their contract ids.</summary>
public sealed class ShippedSurveysTests
{
    private static readonly string _surveysPath = Path.Combine(AppContext.BaseDirectory, "surveys");

    private static readonly Lazy<IReadOnlyList<SurveyDefinition>> _surveys = new(() => SurveyLoader.LoadDirectory(_surveysPath));

    private static SurveyDefinition Survey(string id) => _surveys.Value.Single(s => s.Id == id);

    public static TheoryData<string, string, string[]> ContractIds => new()
    {
        { "werkzoekenden-2009", "werkzoekenden", ["bereikbaarheid", "persoonlijke_aandacht", "maatwerk", "tijdigheid", "duidelijkheid"] },
        { "werkzoekenden-2007", "werkzoekenden", ["toegankelijkheid", "persoonlijke_aandacht", "evenwichtige_behandeling", "houvast", "tijdigheid"] },
        { "werkgevers-2010", "werkgevers", ["betrouwbaarheid", "professionaliteit", "daadkracht", "toegankelijkheid", "flexibiliteit"] },
        { "werkgevers-2009", "werkgevers", ["betrouwbaarheid", "professionaliteit", "daadkracht", "toegankelijkheid", "flexibiliteit"] },
        { "werkgevers-2007", "werkgevers", ["professionaliteit", "betrouwbaarheid", "daadkracht", "flexibiliteit", "toegankelijkheid"] },
    };

    [Fact]
    public void All_five_questionnaires_load()
    {
        Assert.Equal(
            ["werkgevers-2007", "werkgevers-2009", "werkgevers-2010", "werkzoekenden-2007", "werkzoekenden-2009"],
            _surveys.Value.Select(s => s.Id));
    }

    [Theory]
    [MemberData(nameof(ContractIds))]
    public void Principles_have_the_contract_ids_in_order(string surveyId, string audience, string[] principleIds)
    {
        var survey = Survey(surveyId);

        Assert.Equal(audience, survey.Audience);
        Assert.Equal(principleIds, survey.Principles.Select(p => p.Id));
    }

    [Theory]
    [MemberData(nameof(ContractIds))]
    public void Each_principle_has_two_to_four_numbered_statements(string surveyId, string audience, string[] principleIds)
    {
        _ = (audience, principleIds);
        foreach (var principle in Survey(surveyId).Principles)
        {
            Assert.InRange(principle.Statements.Count, 2, 4);
            Assert.Equal(
                Enumerable.Range(1, principle.Statements.Count).Select(n => $"{principle.Id}.{n}"),
                principle.Statements.Select(s => s.Id));
            Assert.All(principle.Statements, s =>
            {
                Assert.Equal(principle.Id, s.PrincipleId);
                Assert.False(string.IsNullOrWhiteSpace(s.Text));
            });
        }
    }

    [Fact]
    public void Employer_2009_reports_toegankelijkheid_as_gemak()
    {
        Assert.Equal("Toegankelijkheid (gemak)", Survey("werkgevers-2009").Principles.Single(p => p.Id == "toegankelijkheid").Name);
    }

    [Theory]
    [InlineData("werkzoekenden-2009")]
    [InlineData("werkzoekenden-2007")]
    public void Job_seeker_questionnaires_have_the_breakdown_attributes(string surveyId)
    {
        var attributes = Survey(surveyId).Attributes;

        Assert.Equal(["vaste_contactpersoon", "uitkering", "dagen_tot_eerste_betaling"], attributes.Select(a => a.Id));
        Assert.Equal(["ja", "nee"], attributes[0].Values);
        Assert.True(attributes[0].Required);
        Assert.Equal(["WW", "WWB", "AO", "geen"], attributes[1].Values);
        Assert.True(attributes[1].Required);
        Assert.Equal(AttributeType.Integer, attributes[2].Type);
        Assert.False(attributes[2].Required);
        Assert.Equal(["0-14", "15-28", "29-56", "57+"], attributes[2].Bands.Select(b => b.Label));
    }

    [Fact]
    public void Employer_2010_asks_what_2009_asked_and_adds_sector_size_and_contact()
    {
        var v2010 = Survey("werkgevers-2010");
        var v2009 = Survey("werkgevers-2009");

        Assert.Equal(v2009.Statements.Select(s => (s.Id, s.Text)), v2010.Statements.Select(s => (s.Id, s.Text)));
        Assert.Equal(v2009.Grade, v2010.Grade);
        Assert.Equal(["sector", "grootte", "soort_contact"], v2010.Attributes.Select(a => a.Id));
        Assert.All(v2010.Attributes, a => Assert.False(a.Required));
        var sector = v2010.Attributes[0];
        Assert.Equal(Enumerable.Range('A', 21).Select(c => ((char)c).ToString()), sector.Values);
        Assert.Equal("Bouw", sector.GroupText("F"));
        Assert.Equal("Gezondheids- en welzijnszorg", sector.GroupText("q"));
        Assert.Equal(["1-9", "10-49", "50-249", "250+"], v2010.Attributes[1].Values);
        Assert.Equal(["vacature", "plaatsing", "informatie", "subsidie"], v2010.Attributes[2].Values);
        Assert.Equal("Re-integratie of plaatsing", v2010.Attributes[2].GroupText("plaatsing"));
        // The reports name a labelled group by its label.
        Assert.Equal("Sector (SBI): Bouw", BreakdownGroups.Of(v2010).Single(g => g.Breakdown == "sector" && g.Group == "F").Text);
    }

    [Theory]
    [InlineData("werkgevers-2009")]
    [InlineData("werkgevers-2007")]
    public void Employer_questionnaires_before_2010_have_no_attributes(string surveyId)
    {
        Assert.Empty(Survey(surveyId).Attributes);
    }

    [Theory]
    [InlineData("werkzoekenden-2009", 0, "0-14")]
    [InlineData("werkzoekenden-2009", 14, "0-14")]
    [InlineData("werkzoekenden-2009", 15, "15-28")]
    [InlineData("werkzoekenden-2009", 28, "15-28")]
    [InlineData("werkzoekenden-2009", 29, "29-56")]
    [InlineData("werkzoekenden-2009", 56, "29-56")]
    [InlineData("werkzoekenden-2009", 57, "57+")]
    [InlineData("werkzoekenden-2009", 400, "57+")]
    [InlineData("werkzoekenden-2007", 0, "0-14")]
    [InlineData("werkzoekenden-2007", 14, "0-14")]
    [InlineData("werkzoekenden-2007", 15, "15-28")]
    [InlineData("werkzoekenden-2007", 28, "15-28")]
    [InlineData("werkzoekenden-2007", 29, "29-56")]
    [InlineData("werkzoekenden-2007", 56, "29-56")]
    [InlineData("werkzoekenden-2007", 57, "57+")]
    [InlineData("werkzoekenden-2007", 400, "57+")]
    public void Days_to_first_payment_fall_in_the_right_band(string surveyId, int days, string band)
    {
        Assert.Equal(band, Survey(surveyId).FindAttribute("dagen_tot_eerste_betaling")!.BandOf(days));
    }

    [Theory]
    [InlineData("werkzoekenden-2007", "werkzoekenden-2009")]
    [InlineData("werkgevers-2007", "werkgevers-2009")]
    public void Comparable_to_is_symmetric_between_the_versions_of_an_audience(string olderId, string newerId)
    {
        var older = Survey(olderId);
        var newer = Survey(newerId);

        AssertMapsInto(older, newer);
        AssertMapsInto(newer, older);

        static void AssertMapsInto(SurveyDefinition from, SurveyDefinition to)
        {
            foreach (var principle in from.Principles)
            {
                Assert.NotEmpty(principle.ComparableTo);
                foreach (var otherId in principle.ComparableTo)
                {
                    var other = to.Principles.SingleOrDefault(p => p.Id == otherId);
                    Assert.True(other is not null, $"{from.Id}: {principle.Id} verwijst naar onbekend principe {otherId} in {to.Id}");
                    Assert.True(other.ComparableTo.Contains(principle.Id),
                        $"{to.Id}: {otherId} verwijst niet terug naar {principle.Id} in {from.Id}");
                }
            }
        }
    }

    [Fact]
    public void Job_seeker_principles_map_as_agreed()
    {
        var older = Survey("werkzoekenden-2007");
        string[] Map(string id) => [.. older.Principles.Single(p => p.Id == id).ComparableTo];

        Assert.Equal(["bereikbaarheid"], Map("toegankelijkheid"));
        Assert.Equal(["persoonlijke_aandacht"], Map("persoonlijke_aandacht"));
        Assert.Equal(["maatwerk"], Map("evenwichtige_behandeling"));
        Assert.Equal(["duidelijkheid"], Map("houvast"));
        Assert.Equal(["tijdigheid"], Map("tijdigheid"));
    }
    [Fact]
    public void Every_link_states_its_kind_and_only_the_two_redefined_principles_are_changed()
    {
        Assert.All(_surveys.Value, s => Assert.True(s.Version >= SurveyLoader.KindRequiredFromVersion, $"{s.Id} version {s.Version}"));
        var changed = _surveys.Value.SelectMany(s => s.Principles.SelectMany(p => p.Links
                .Where(l => l.Kind == ComparabilityKind.Changed).Select(l => $"{s.Id}:{p.Id}->{l.PrincipleId}")))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            ["werkzoekenden-2007:evenwichtige_behandeling->maatwerk", "werkzoekenden-2007:houvast->duidelijkheid",
                "werkzoekenden-2009:duidelijkheid->houvast", "werkzoekenden-2009:maatwerk->evenwichtige_behandeling"],
            changed);
        Assert.All(_surveys.Value.SelectMany(s => s.Principles).SelectMany(p => p.Links).Where(l => l.Kind == ComparabilityKind.Changed),
            l => Assert.False(string.IsNullOrWhiteSpace(l.Note)));
    }

    [Fact]
    public void The_2009_descriptions_of_maatwerk_and_duidelijkheid_do_not_borrow_the_2007_definitions()
    {
        var survey = Survey("werkzoekenden-2009");
        string Description(string id) => survey.Principles.Single(p => p.Id == id).Description;

        // 2007 evenwichtige behandeling: "balans tussen rechten en plichten"; houvast: "actief geholpen", "beloftes".
        Assert.DoesNotContain("rechten", Description("maatwerk"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("plichten", Description("maatwerk"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("belo", Description("duidelijkheid"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("oplossing", Description("duidelijkheid"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wat u kunt verwachten", Description("duidelijkheid"), StringComparison.OrdinalIgnoreCase);
    }
}
