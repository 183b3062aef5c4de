using System.Collections.Concurrent;

namespace Klantmeting.Infrastructure.Data;

/// <summary>
/// One instance per database provider, e.g. of an <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, TResult}})"/>
/// delegate: a compiled query is translated for the provider of the first context it runs on and would send that
/// SQL to any other provider (the tests run SQLite and PostgreSQL in one process).
/// </summary>
public sealed class PerProvider<T>(Func<T> create)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _byProvider = new(StringComparer.Ordinal);

    /// <summary>The instance for the provider of <paramref name="db"/>, created on first use.</summary>
    public T For(DbContext db) => _byProvider.GetOrAdd(db.Database.ProviderName ?? "", _ => create());
}
