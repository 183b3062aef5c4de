using System.Data.Common;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Invitations;
using Klantmeting.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Klantmeting.Tests.Invitations;

/// <summary>
/// The dispatcher's search for due invitations does not walk a round that has sent most of its mail (at 560,000 sent
/// of 1,000,000 that walk of the primary key cost 558 ms per batch on PostgreSQL). The plan is the database's own:
/// EXPLAIN of the very command the queue sends, with its parameters, on a round where almost everything is sent and
/// the statistics are the ones the import left (taken while everything was pending). PostgreSQL then reads the partial
/// index IX_Invitations_Unsent (without it: the primary key, checked by dropping the index); SQLite, which keeps no
/// statistics here, reads its indexes that start with State.
/// </summary>
public sealed class UnsentIndexPlanTests
{
    private const int Invited = 20_000;
    private const int StillPending = 25;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Finding_due_invitations_reads_the_index_of_unsent_ones(DatabaseProvider provider)
    {
        var plans = new PlanRecorder();
        await using var host = await TestHost.StartAsync(provider: provider,
            services: s => s.ConfigureDbContext<KlantmetingDbContext>(o => o.AddInterceptors(plans)));
        var round = await host.SeedRoundAsync("bijna klaar", Invited);
        // Statistics as the import leaves them (taken while every invitation was still pending), then the round sends.
        await host.WithDbAsync(async db =>
        {
            await DatabaseStatistics.RefreshAsync(db, [typeof(Invitation), typeof(Klantmeting.Rounds.Round)]);
            return true;
        });
        await host.WithDbAsync(async db =>
        {
            var keep = await db.Invitations.Where(i => i.RoundId == round.Id).OrderByDescending(i => i.Id).Take(StillPending)
                .Select(i => i.Id).ToListAsync();
            return await db.Invitations.Where(i => i.RoundId == round.Id && !keep.Contains(i.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InvitationState.Sent));
        });

        var due = await host.WithDbAsync(async db =>
        {
            var options = host.Services.GetRequiredService<IOptions<InvitationOptions>>().Value;
            var queue = new InvitationQueue(db, host.Clock, options, NullLogger.Instance);
            plans.Recording = true;
            try
            {
                return await queue.FindDueAsync(100, CancellationToken.None);
            }
            finally
            {
                plans.Recording = false;
            }
        });

        Assert.Equal(StillPending, due.Count);
        var plan = Assert.Single(plans.Plans);
        // Not a walk of the round's invitations: no full scan, no scan in primary-key order.
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.DoesNotContain(plan.Split('\n'), line => line == "SCAN i" || line.StartsWith("SCAN i ", StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain("Seq Scan on \"Invitations\"", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("\"PK_Invitations\"", plan, StringComparison.Ordinal);
            // Statistics from when everything was pending make every other index look unselective; this one holds
            // only the unsent rows, in id order.
            Assert.Contains("Index Scan using \"IX_Invitations_Unsent\" on \"Invitations\"", plan, StringComparison.Ordinal);
        }
    }

    /// <summary>While recording, explains every query before it runs (same connection, transaction and parameters).</summary>
    private sealed class PlanRecorder : DbCommandInterceptor
    {
        public bool Recording { get; set; }

        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
            CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Recording)
            {
                Plans.Add(await ExplainAsync(command, eventData.Context!.Database.IsSqlite(), cancellationToken));
            }

            return result;
        }

        private static async Task<string> ExplainAsync(DbCommand command, bool sqlite, CancellationToken ct)
        {
            await using var explain = command.Connection!.CreateCommand();
            explain.Transaction = command.Transaction;
            explain.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
            foreach (DbParameter parameter in command.Parameters)
            {
                var copy = explain.CreateParameter();
                copy.ParameterName = parameter.ParameterName;
                copy.DbType = parameter.DbType;
                copy.Value = parameter.Value;
                explain.Parameters.Add(copy);
            }

            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                // SQLite: (id, parent, notused, detail); PostgreSQL: one line of text per row.
                lines.Add(reader.GetString(sqlite ? 3 : 0));
            }

            return string.Join("\n", lines);
        }
    }
}
