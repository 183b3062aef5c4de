using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// Names and parameters for a hand-written statement on a hot path, taken from the EF model of the current provider:
/// delimited table and column names, and parameters made by EF's own type mappings (so value converters and provider
/// formats, e.g. SQLite's TEXT Guids and dates, are exactly what EF itself writes). For statements run thousands of
/// times a second, where building and translating a LINQ expression per call would cost more than the statement.
/// </summary>
public sealed class ModelSql(DbContext db)
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>The delimited (and schema-qualified) table of <typeparamref name="T"/>.</summary>
    public string Table<T>() => Table(typeof(T));

    /// <summary>The delimited (and schema-qualified) table of <paramref name="entity"/>.</summary>
    public string Table(Type entity)
    {
        var type = Entity(entity);
        return _sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
    }

    /// <summary>The table name of <paramref name="entity"/> as stored (not delimited), e.g. for a catalog function's argument.</summary>
    public string TableName(Type entity) => Entity(entity).GetTableName()!;

    /// <summary>The delimited column of a property of <typeparamref name="T"/>.</summary>
    public string Column<T>(string property) => Column(typeof(T), property);

    /// <summary>The delimited column of a property of <paramref name="entity"/>.</summary>
    public string Column(Type entity, string property) => _sql.DelimitIdentifier(Property(entity, property).GetColumnName());

    /// <summary>The single-column primary key of <paramref name="entity"/>.</summary>
    public IProperty Key(Type entity) =>
        Entity(entity).FindPrimaryKey()?.Properties is [var key] ? key : throw new InvalidOperationException($"{entity.Name} has no single-column key.");

    /// <summary>
    /// A converter to the provider value of <paramref name="property"/>: what EF would bind, after its value converter
    /// (null stays null). For commands that are prepared once and then get new values per execution.
    /// </summary>
    public Func<object?, object?> ProviderValue(Type entity, string property)
    {
        var converter = Property(entity, property).GetRelationalTypeMapping().Converter;
        return converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v);
    }

    /// <summary>The placeholder of parameter <paramref name="name"/> in SQL text (e.g. <c>@name</c>).</summary>
    public string Placeholder(string name) => _sql.GenerateParameterNamePlaceholder(name);

    /// <summary>Adds a parameter for <paramref name="value"/> of the property's type, converted as EF converts it.</summary>
    public void Add<T>(DbCommand command, string name, string property, object? value) => Add(typeof(T), command, name, property, value);

    /// <summary>Adds a parameter for <paramref name="value"/> of the property's type, converted as EF converts it.</summary>
    public DbParameter Add(Type entity, DbCommand command, string name, string property, object? value)
    {
        var parameter = Property(entity, property).GetRelationalTypeMapping()
            .CreateParameter(command, _sql.GenerateParameterName(name), value, nullable: true);
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Makes <paramref name="command"/> an INSERT of one row of <typeparamref name="T"/> with these property values.
    /// The text stays the same for the same properties, so a reused command keeps its prepared statement.
    /// </summary>
    public void Insert<T>(DbCommand command, params (string Property, object? Value)[] values)
    {
        command.Parameters.Clear();
        var columns = new List<string>(values.Length);
        var placeholders = new List<string>(values.Length);
        for (var n = 0; n < values.Length; n++)
        {
            columns.Add(Column<T>(values[n].Property));
            placeholders.Add(Placeholder($"v{n}"));
            Add<T>(command, $"v{n}", values[n].Property, values[n].Value);
        }

        var text = $"INSERT INTO {Table<T>()} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", placeholders)})";
        if (command.CommandText != text)
        {
            command.CommandText = text;
        }
    }

    private IEntityType Entity(Type entity) =>
        db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} is not in the model.");

    private IProperty Property(Type entity, string property) =>
        Entity(entity).FindProperty(property) ?? throw new InvalidOperationException($"{entity.Name}.{property} is not in the model.");
}
