using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Klantmeting.Surveys;

/// <summary>Reads questionnaire definitions from YAML files. (Skeleton: full validation follows.)</summary>
public static class SurveyLoader
{
    public static SurveyDefinition LoadFile(string path)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        var dto = deserializer.Deserialize<SurveyDto>(File.ReadAllText(path));
        var principles = dto.Principles.Select(p => new Principle(
            p.Id, p.Name, p.Description,
            p.Statements.Select((t, i) => new Statement($"{p.Id}.{i + 1}", p.Id, t)).ToList(),
            p.ComparableTo)).ToList();
        var attributes = dto.Attributes.Select(a => new AttributeDefinition(
            a.Id, a.Label ?? a.Id, Enum.Parse<AttributeType>(a.Type, ignoreCase: true), a.Required, a.Values, a.Min, a.Max,
            a.Bands.Select(b => new Band(b.Label, b.From, b.To)).ToList())).ToList();
        return new SurveyDefinition(dto.Id, dto.Version, dto.Audience, dto.Title, dto.Introduction.Trim(), principles,
            new GradeItem(dto.Grade.Text), new OpenItem(dto.Open.Text), attributes, path);
    }

    public static IReadOnlyList<SurveyDefinition> LoadDirectory(string directory) =>
        Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(LoadFile).ToList();

    private sealed class SurveyDto
    {
        public string Id { get; set; } = "";
        public int Version { get; set; }
        public string Audience { get; set; } = "";
        public string Title { get; set; } = "";
        public string Introduction { get; set; } = "";
        public List<PrincipleDto> Principles { get; set; } = [];
        public TextDto Grade { get; set; } = new();
        public TextDto Open { get; set; } = new();
        public List<AttributeDto> Attributes { get; set; } = [];
    }

    private sealed class PrincipleDto
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> ComparableTo { get; set; } = [];
        public List<string> Statements { get; set; } = [];
    }

    private sealed class TextDto
    {
        public string Text { get; set; } = "";
    }

    private sealed class AttributeDto
    {
        public string Id { get; set; } = "";
        public string? Label { get; set; }
        public string Type { get; set; } = "text";
        public bool Required { get; set; }
        public List<string> Values { get; set; } = [];
        public int? Min { get; set; }
        public int? Max { get; set; }
        public List<BandDto> Bands { get; set; } = [];
    }

    private sealed class BandDto
    {
        public string Label { get; set; } = "";
        public int From { get; set; }
        public int? To { get; set; }
    }
}
