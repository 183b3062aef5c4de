using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Imports;
using Klantmeting.Rounds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Klantmeting.Cli;

/// <summary>What every command needs: the writers, the settings, and a way to run with the application's services.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, IDictionary<string, string?>? configuration, bool interactive, TextReader input)
{
    public TextReader In => input;

    public TextWriter Out => output;

    public TextWriter Err => error;

    public bool Interactive => interactive;

    /// <summary>What the user reads when a database command ran out of time (instead of a stack trace).</summary>
    public const string ReportTimeoutMessage =
        "De database gaf niet op tijd antwoord; de opdracht is gestopt. Probeer het over een paar minuten opnieuw. " +
        "Gebeurt dit bij een rapport vaker, dan kan de beheerder de wachttijd verlengen met de instelling Database:ReportCommandTimeoutSeconds " +
        "(zie infra/OPERATIONS.md, 'After a bulk import').";

    /// <summary>
    /// Builds the host (same settings as the web host), migrates the database and runs <paramref name="action"/> in a
    /// scope. Errors the user can fix become a Dutch message on stderr and exit code 1.
    /// </summary>
    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        try
        {
            // No args: the command line is ours, not configuration.
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "klantmeting" });
            if (configuration is not null)
            {
                builder.Configuration.AddInMemoryCollection(configuration);
            }

            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // Registered before the features: the audit log names a command-line run by its OS user.
            builder.Services.AddSingleton<Klantmeting.Audit.IAuditActor>(Klantmeting.Audit.FixedAuditActor.Cli());
            builder.AddKlantmeting();
            using var host = builder.Build();
            // Options validation without starting hosted services (a CLI command must not start background jobs).
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.Services.MigrateKlantmetingDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider, ct);
        }
        catch (Exception e) when (e is RoundException or ImportException or Klantmeting.Users.UserException or UnknownMigrationsException
            or Klantmeting.Surveys.SurveyValidationException)
        {
            await error.WriteLineAsync(e.Message);
            return CliApp.UserError;
        }
        catch (Exception e) when (ReportQueries.IsTimeout(e))
        {
            await error.WriteLineAsync(ReportTimeoutMessage);
            return CliApp.UserError;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"Onjuiste instelling: {e.Message}");
            return CliApp.UserError;
        }
        catch (NotSupportedException e)
        {
            await error.WriteLineAsync(e.Message);
            return CliApp.UserError;
        }
    }
}
