using Klantmeting.Infrastructure.Imports;
using ShellProgressBar;

namespace Klantmeting.Cli.Commands;

/// <summary>
/// Shows import progress: a progress bar on an interactive terminal, otherwise a line on stderr every 10% of each
/// pass (so logs of scheduled runs stay short).
/// </summary>
internal sealed class ImportProgressDisplay(CliContext context, string path) : IProgress<ImportProgress>, IDisposable
{
    private const int Ticks = 1000;
    private ProgressBar? _bar;
    private ImportPhase _phase = (ImportPhase)(-1);
    private int _lastDecile = -1;

    public void Report(ImportProgress value)
    {
        if (value.Phase == ImportPhase.Done)
        {
            return;
        }

        var label = value.Phase == ImportPhase.Validate ? "controleren" : "opslaan";
        var message = $"{Path.GetFileName(path)}: {label}, {CliFormat.Plural(value.RowsRead, "regel", "regels")}";
        if (value.Phase != _phase)
        {
            _phase = value.Phase;
            _lastDecile = -1;
        }

        if (context.Interactive)
        {
            _bar ??= new ProgressBar(Ticks, message, new ProgressBarOptions { ProgressCharacter = '─', CollapseWhenFinished = true, DisplayTimeInRealTime = false });
            _bar.Tick((int)(value.Fraction * Ticks), message);
            return;
        }

        var decile = (int)(value.Fraction * 10);
        if (decile > _lastDecile)
        {
            _lastDecile = decile;
            context.Err.WriteLine($"{message} ({decile * 10}%)");
        }
    }

    /// <summary>Removes the bar before the summary is written.</summary>
    public void Finish()
    {
        _bar?.Dispose();
        _bar = null;
    }

    public void Dispose() => Finish();
}
