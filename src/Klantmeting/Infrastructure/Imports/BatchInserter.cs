using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Klantmeting.Infrastructure.Imports;

/// <summary>
/// Writes rows of one table with prepared multi-row INSERT commands on the context's connection and transaction,
/// bypassing change tracking. Table and column names come from the EF model and are quoted by the provider, so
/// the SQL is the same plain INSERT on SQLite, SQL Server and PostgreSQL.
/// </summary>
internal sealed class BatchInserter : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _sqlPrefix;
    private readonly string _sqlSuffix;
    private readonly int _columns;
    private readonly int _rowsPerCommand;
    /// <summary>
    /// Parameters per command on SQLite. Microsoft.Data.Sqlite binds every parameter by name with
    /// <c>sqlite3_bind_parameter_index</c>, a linear scan, so binding costs grow with the square of the parameters per
    /// command: 1,500 parameters made the response import 2.5 times slower than ~100.
    /// </summary>
    private const int SqliteParametersPerCommand = 100;

    private readonly List<object?> _values = [];
    private DbCommand? _full;

    /// <param name="rowsPerCommand">
    /// Rows per INSERT; keep rows x columns under the provider's parameter limit (SQL Server: 2100). On SQLite fewer
    /// rows are used, see <see cref="SqliteParametersPerCommand"/>.
    /// </param>
    public BatchInserter(DbContext db, Type entity, string[] properties, int rowsPerCommand)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A BatchInserter needs an open transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity} is not in the model.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = properties.Select(p => sql.DelimitIdentifier(
            type.FindProperty(p)?.GetColumnName(table) ?? throw new InvalidOperationException($"{entity.Name}.{p} is not mapped.")));
        // Rows with their own ids in an identity column need SQL Server's IDENTITY_INSERT around the statement.
        var (before, after) = type.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key]
            && properties.Contains(key.Name)
            ? ExplicitIds.InsertWrapper(db, entity)
            : ("", "");
        _sqlPrefix = before + $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns)}) VALUES ";
        _sqlSuffix = after;
        _columns = properties.Length;
        _rowsPerCommand = db.Database.IsSqlite()
            ? Math.Clamp(SqliteParametersPerCommand / _columns, 1, rowsPerCommand)
            : rowsPerCommand;
    }

    public long RowsWritten { get; private set; }

    /// <summary>Buffers one row (values in the order of the properties given to the constructor); <see cref="FlushAsync"/> writes.</summary>
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
            command.Parameters[i].Value = _values[offset + i] ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(ct);
        RowsWritten += rows;
        return offset + rows * _columns;
    }

    private async Task<DbCommand> CreateAsync(int rows, CancellationToken ct)
    {
        var text = new StringBuilder(_sqlPrefix);
        for (var r = 0; r < rows; r++)
        {
            if (r > 0)
            {
                text.Append(", ");
            }

            text.Append('(');
            for (var c = 0; c < _columns; c++)
            {
                text.Append(c > 0 ? ", @p" : "@p").Append(r * _columns + c);
            }

            text.Append(')');
        }

        text.Append(_sqlSuffix);

        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = text.ToString();
        for (var i = 0; i < rows * _columns; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            // Typed from the first batch's values so that Prepare works on providers that need types.
            p.Value = _values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        await command.PrepareAsync(ct);
        return command;
    }
}
