using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace Klantmeting.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log output into the host's logging. Hangfire keeps one log provider for the whole process (a static);
/// the default one holds the logger factory of the host that registered last, and throws
/// <see cref="ObjectDisposedException"/> everywhere once that host has stopped (seen when hosts start and stop in one
/// process, as in the tests, and with an in-memory storage created after a host stopped). Loggers here are created
/// on first use, and a stopped host's factory only silences them.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new LazyLog(factory, name);

    private sealed class LazyLog(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _logger ??= factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
                    HangfireLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
                    HangfireLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
                    HangfireLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
                    HangfireLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
                    _ => Microsoft.Extensions.Logging.LogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return _logger.IsEnabled(level);
                }

                if (_logger.IsEnabled(level))
                {
#pragma warning disable CA1848, CA2254 // Hangfire hands over finished messages; there is no template to cache.
                    _logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false; // The host whose factory this is has stopped.
            }
        }
    }
}
