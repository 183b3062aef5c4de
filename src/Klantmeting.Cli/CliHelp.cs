using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace Klantmeting.Cli;

/// <summary>
/// Dutch help and parse errors. System.CommandLine 3.0.0 ships its built-in texts (headings, the --help and --version
/// descriptions, parse errors) in English and a few other languages, not in Dutch, and has no public way to replace
/// them (its help builder's layout API is internal): the help is written by our own action from the public command
/// model, and parse errors are translated
/// from its (pinned) English templates. CliHelpTests fails when an English text slips through after an upgrade.
/// </summary>
internal static partial class CliHelp
{
    /// <summary>The program name as users type it (the root command is otherwise named after the running executable).</summary>
    public const string ProgramName = "klantmeting";

    /// <summary>Gives the root command Dutch descriptions of --help and --version and a help writer with Dutch headings.</summary>
    public static void MakeDutch(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption help:
                    help.Description = "Hulp en schrijfwijze tonen";
                    help.Action = new DutchHelpAction();
                    break;
                case VersionOption version:
                    version.Description = "Versie tonen";
                    break;
            }
        }
    }

    /// <summary>A parse error in Dutch; a message we do not know stays as it is.</summary>
    public static string Translate(string message)
    {
        foreach (var (pattern, dutch) in _errors)
        {
            if (pattern.Match(message) is { Success: true } match)
            {
                return match.Result(dutch);
            }
        }

        return message;
    }

    // The English templates of System.CommandLine 3.0.0 (its Resources), with {n} as the captured parts.
    private static readonly (Regex Pattern, string Dutch)[] _errors =
    [
        Error("Option '{0}' is required.", "Optie '$1' is verplicht."),
        Error("Required argument missing for option: '{0}'.", "Optie '$1' heeft een waarde nodig."),
        Error("Required argument '{0}' missing for command: '{1}'.", "Opdracht '$2' heeft het argument $1 nodig."),
        Error("Required command was not provided.", "Geef een opdracht."),
        Error("Unrecognized command or argument '{0}'.", "Onbekende opdracht of onbekend argument '$1'."),
        Error("'{0}' was not matched. Did you mean one of the following?{1}", "'$1' is onbekend. Bedoelde je een van deze?$2"),
        Error("Option '{0}' expects a single argument but {1} were provided.", "Optie '$1' verwacht één waarde, maar kreeg er $2."),
        Error("Cannot parse argument '{0}' for option '{1}' as expected type '{2}'. Did you mean one of the following?{3}",
            "'$1' is geen geldige waarde voor optie '$2'. Bedoelde je een van deze?$4"),
        Error("Cannot parse argument '{0}' for option '{1}' as expected type '{2}'.", "'$1' is geen geldige waarde voor optie '$2'."),
        Error("Cannot parse argument '{0}' for command '{1}' as expected type '{2}'. Did you mean one of the following?{3}",
            "'$1' is geen geldige waarde voor opdracht '$2'. Bedoelde je een van deze?$4"),
        Error("Cannot parse argument '{0}' for command '{1}' as expected type '{2}'.", "'$1' is geen geldige waarde voor opdracht '$2'."),
        Error("Cannot parse argument '{0}' as expected type '{1}'.", "'$1' is geen geldige waarde."),
        Error("Argument '{0}' not recognized. Must be one of:{1}", "Waarde '$1' is onbekend. Kies uit:$2"),
        Error("{0} option cannot be combined with other arguments.", "De optie $1 kan niet samen met andere argumenten."),
        Error("Response file not found '{0}'.", "Antwoordbestand '$1' niet gevonden."),
        Error("Error reading response file '{0}': {1}", "Fout bij het lezen van antwoordbestand '$1': $2"),
        Error("File does not exist: '{0}'.", "Bestand bestaat niet: '$1'."),
        Error("Directory does not exist: '{0}'.", "Map bestaat niet: '$1'."),
        Error("File or directory does not exist: '{0}'.", "Bestand of map bestaat niet: '$1'."),
    ];

    private static (Regex, string) Error(string english, string dutch) =>
        (new Regex("^" + Placeholder().Replace(Regex.Escape(english), "(.*?)") + "$", RegexOptions.Singleline), dutch);

    [GeneratedRegex(@"\\\{\d\}")]
    private static partial Regex Placeholder();

    /// <summary>Writes the help of the command that was asked about, with Dutch headings; all from the public command model.</summary>
    private sealed class DutchHelpAction : SynchronousCommandLineAction
    {
        /// <summary>Like the built-in help: missing required options do not matter when asking for help.</summary>
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            var output = parseResult.InvocationConfiguration.Output;
            if (!string.IsNullOrWhiteSpace(command.Description))
            {
                output.WriteLine("Omschrijving:");
                output.WriteLine("  " + command.Description);
                output.WriteLine();
            }

            output.WriteLine("Gebruik:");
            output.WriteLine("  " + Usage(command));
            var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => ($"<{a.Name}>", a.Description ?? ""));
            var options = VisibleOptions(command).Select(o => (OptionLabel(o), (o.Description ?? "") + (o.Required ? " (verplicht)" : "")));
            var subcommands = command.Subcommands.Where(c => !c.Hidden)
                .Select(c => (string.Join(' ', c.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>").Prepend(c.Name)), c.Description ?? ""));
            Section(output, "Argumenten:", arguments.ToList());
            Section(output, "Opties:", options.ToList());
            Section(output, "Opdrachten:", subcommands.ToList());
            return CliApp.Success;
        }
    }

    private static string Usage(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? ProgramName : c.Name);
        }

        names.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>"));
        if (VisibleOptions(command).Any())
        {
            names.Add("[opties]");
        }

        if (command.Subcommands.Any(c => !c.Hidden))
        {
            names.Add("[opdracht]");
        }

        return string.Join(' ', names);
    }

    /// <summary>The options of the command and the recursive ones of its parents (such as --help).</summary>
    private static List<Option> VisibleOptions(Command command)
    {
        var options = command.Options.Where(o => !o.Hidden).ToList();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden && !options.Contains(o)));
        }

        return options;
    }

    /// <summary><c>-h, --help</c> or <c>--round &lt;round&gt;</c>.</summary>
    private static string OptionLabel(Option option)
    {
        var names = option.Aliases.Where(a => a.StartsWith('-')).Append(option.Name).Distinct().OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal);
        var value = option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool)
            ? $" <{option.HelpName ?? option.Name.TrimStart('-')}>"
            : "";
        return string.Join(", ", names) + value;
    }

    private static void Section(TextWriter output, string heading, IReadOnlyList<(string Label, string Text)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(heading);
        var width = rows.Max(r => r.Label.Length) + 2;
        foreach (var (label, text) in rows)
        {
            output.WriteLine(("  " + label.PadRight(width) + text).TrimEnd());
        }
    }
}
