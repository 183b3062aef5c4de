using System.Data.Common;
using Microsoft.EntityFrameworkCore;
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
    public string Table<T>()
    {
        var entity = Entity<T>();
        return _sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }

    /// <summary>The delimited column of a property of <typeparamref name="T"/>.</summary>
    public string Column<T>(string property) => _sql.DelimitIdentifier(Property<T>(property).GetColumnName());

    /// <summary>The placeholder of parameter <paramref name="name"/> in SQL text (e.g. <c>@name</c>).</summary>
    public string Placeholder(string name) => _sql.GenerateParameterNamePlaceholder(name);

    /// <summary>Adds a parameter for <paramref name="value"/> of the property's type, converted as EF converts it.</summary>
    public void Add<T>(DbCommand command, string name, string property, object? value) =>
        command.Parameters.Add(Property<T>(property).GetRelationalTypeMapping()
            .CreateParameter(command, _sql.GenerateParameterName(name), value, nullable: true));

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

    private IEntityType Entity<T>() =>
        db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");

    private IProperty Property<T>(string property) =>
        Entity<T>().FindProperty(property) ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not in the model.");
}
