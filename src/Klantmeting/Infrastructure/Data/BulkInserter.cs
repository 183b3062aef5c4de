namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// Writes rows of one table with prepared multi-row INSERT commands on the bulk write's connection and transaction,
/// bypassing change tracking. Table, column and parameter types come from the EF model (<see cref="ModelSql"/>), so
/// the SQL is the same plain INSERT on SQLite, SQL Server and PostgreSQL and values are bound as EF binds them.
/// Made by <see cref="BulkWrite.Inserter{T}"/>.
/// </summary>
internal sealed class BulkInserter : IAsyncDisposable
{
    /// <summary>
    /// Parameters per command on SQLite. Microsoft.Data.Sqlite binds every parameter by name with
    /// <c>sqlite3_bind_parameter_index</c>, a linear scan, so binding costs grow with the square of the parameters per
    /// command: 1,500 parameters made the response import 2.5 times slower than ~100.
    /// </summary>
    internal const int SqliteParametersPerCommand = 100;

    private readonly Func<DbCommand> _newCommand;
    private readonly ModelSql _sql;
    private readonly Type _entity;
    private readonly string[] _properties;
    private readonly Func<object?, object?>[] _toProvider;
    private readonly string _sqlPrefix;
    private readonly string _sqlSuffix;
    private readonly int _columns;
    private readonly int _rowsPerCommand;
    private readonly List<object?> _values = [];
    private DbCommand? _full;

    internal BulkInserter(Func<DbCommand> newCommand, ModelSql sql, Type entity, string[] properties, int rowsPerCommand,
        (string Before, string After) wrapper)
    {
        _newCommand = newCommand;
        _sql = sql;
        _entity = entity;
        _properties = properties;
        _toProvider = [.. properties.Select(p => sql.ProviderValue(entity, p))];
        _sqlPrefix = wrapper.Before + $"INSERT INTO {sql.Table(entity)} ({string.Join(", ", properties.Select(p => sql.Column(entity, p)))}) VALUES ";
        _sqlSuffix = wrapper.After;
        _columns = properties.Length;
        _rowsPerCommand = rowsPerCommand;
    }

    /// <summary>The entity whose table this inserter writes.</summary>
    public Type Entity => _entity;

    /// <summary>Rows written so far (flushed).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Buffers one row (values in the order of the properties, as EF types them); <see cref="FlushAsync"/> writes.</summary>
    public void Add(params ReadOnlySpan<object?> row)
    {
        foreach (var value in row)
        {
            _values.Add(value);
        }
    }

    /// <summary>Writes the buffered rows: full prepared commands, then one command for the rest.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var rows = _values.Count / _columns;
        var offset = 0;
        while (rows - offset / _columns >= _rowsPerCommand)
        {
            _full ??= await CreateAsync(_rowsPerCommand, ct);
            offset = await ExecuteAsync(_full, offset, _rowsPerCommand, ct);
        }

        var rest = rows - offset / _columns;
        if (rest > 0)
        {
            await using var partial = await CreateAsync(rest, ct);
            await ExecuteAsync(partial, offset, rest, ct);
        }

        _values.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_full is not null)
        {
            await _full.DisposeAsync();
        }
    }

    private async Task<int> ExecuteAsync(DbCommand command, int offset, int rows, CancellationToken ct)
    {
        for (var i = 0; i < rows * _columns; i++)
        {
            command.Parameters[i].Value = _toProvider[i % _columns](_values[offset + i]) ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(ct);
        RowsWritten += rows;
        return offset + rows * _columns;
    }

    private async Task<DbCommand> CreateAsync(int rows, CancellationToken ct)
    {
        var command = _newCommand();
        var text = new StringBuilder(_sqlPrefix);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r > 0 ? ", (" : "(");
            for (var c = 0; c < _columns; c++)
            {
                var n = r * _columns + c;
                text.Append(c > 0 ? ", " : "").Append(_sql.Placeholder($"p{n}"));
                // Typed by EF's mapping of the property, so Prepare works on providers that need types.
                _sql.Add(_entity, command, $"p{n}", _properties[c], _values[n]);
            }

            text.Append(')');
        }

        command.CommandText = text.Append(_sqlSuffix).ToString();
        await command.PrepareAsync(ct);
        return command;
    }
}
