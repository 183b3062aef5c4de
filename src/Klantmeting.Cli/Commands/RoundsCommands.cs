using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>rounds create|edit|delete|open|close|schedule|unschedule|pause|resume|list</c>.</summary>
internal static class RoundsCommands
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "Naam van de ronde (uniek)", Required = true };
        var questionnaire = new Option<string>("--questionnaire") { Description = "Id van de vragenlijst, bijv. werkzoekenden-2009", Required = true };
        var from = new Option<DateOnly>("--from") { Description = "Eerste veldwerkdag (JJJJ-MM-DD)", Required = true, CustomParser = ParseDate };
        var to = new Option<DateOnly>("--to") { Description = "Laatste veldwerkdag (JJJJ-MM-DD)", Required = true, CustomParser = ParseDate };
        var reminders = new Option<string>("--reminders")
        {
            Description = "Herinneringen: dagen na de uitnodiging, bijv. 7,14 (standaard), of 'none' voor geen",
        };
        var create = new Command("create", "Een ronde in voorbereiding aanmaken") { name, questionnaire, from, to, reminders };
        create.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var round = await services.GetRequiredService<RoundService>().CreateAsync(parseResult.GetRequiredValue(name),
                parseResult.GetRequiredValue(questionnaire), parseResult.GetValue(from), parseResult.GetValue(to),
                parseResult.GetValue(reminders), token);
            await context.Out.WriteLineAsync($"Ronde '{round.Name}' aangemaakt (vragenlijst {round.QuestionnaireId}, {round.FieldworkStart:yyyy-MM-dd} t/m {round.FieldworkEnd:yyyy-MM-dd}, herinneringen {ReminderSchedule.Describe(round.ReminderDays)}, {RoundService.Describe(round.State)}).");
            return CliApp.Success;
        }, ct));

        var list = new Command("list", "Alle rondes tonen");
        list.SetAction((_, ct) => context.RunAsync((services, token) => ListAsync(context, services, token), ct));

        return new Command("rounds", "Meetrondes beheren")
        {
            create,
            Edit(context),
            Delete(context),
            Transition(context, "open", "Een ronde openen: uitnodigingen worden vanaf nu verstuurd", (s, n, t) => s.OpenAsync(n, t), "geopend"),
            Transition(context, "close", "Een ronde sluiten: geen uitnodigingen en antwoorden meer; de resultaten worden bevroren", (s, n, t) => s.CloseAsync(n, t), "gesloten"),
            Change(context, "schedule", "Een ronde inplannen: ze opent vanzelf om 00:00 op de eerste veldwerkdag en sluit vanzelf na de laatste (Nederlandse tijd)",
                (s, n, t) => s.ScheduleAsync(n, t), Scheduled),
            Change(context, "unschedule", "Een ronde niet meer vanzelf laten openen en sluiten (dan alleen met de hand)",
                (s, n, t) => s.UnscheduleAsync(n, t), r => $"Ronde '{r.Name}' is niet meer ingepland: openen en sluiten gaat met 'rounds open' en 'rounds close'."),
            Change(context, "pause", "Het versturen van uitnodigingen en herinneringen van een ronde pauzeren; de ronde blijft open voor antwoorden",
                (s, n, t) => s.SetSendingPausedAsync(n, paused: true, t), r => $"Het versturen van ronde '{r.Name}' is gepauzeerd. De ronde blijft open voor antwoorden."),
            Change(context, "resume", "Het versturen van een gepauzeerde ronde hervatten",
                (s, n, t) => s.SetSendingPausedAsync(n, paused: false, t), r => $"Het versturen van ronde '{r.Name}' is hervat."),
            list,
        };
    }

    /// <summary><c>rounds edit NAME</c>: the options of <c>create</c>, each optional; what is left out stays as it is.</summary>
    private static Command Edit(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Naam van de ronde" };
        var questionnaire = new Option<string>("--questionnaire") { Description = "Id van de vragenlijst (alleen in voorbereiding), bijv. werkzoekenden-2009" };
        var from = new Option<DateOnly>("--from") { Description = "Eerste veldwerkdag (JJJJ-MM-DD; alleen in voorbereiding)", CustomParser = ParseDate };
        var to = new Option<DateOnly>("--to") { Description = "Laatste veldwerkdag (JJJJ-MM-DD)", CustomParser = ParseDate };
        var reminders = new Option<string>("--reminders") { Description = "Herinneringen: dagen na de uitnodiging, bijv. 7,14, of 'none' voor geen" };
        var edit = new Command("edit", "Een ronde wijzigen: vragenlijst, veldwerkdagen of herinneringen (wat je weglaat, blijft zoals het is)")
        {
            name, questionnaire, from, to, reminders,
        };
        edit.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var service = services.GetRequiredService<RoundService>();
            var current = await service.GetAsync(parseResult.GetRequiredValue(name), token);
            var round = await service.UpdateAsync(current.Name, parseResult.GetValue(questionnaire) ?? current.QuestionnaireId,
                parseResult.GetResult(from) is null ? current.FieldworkStart : parseResult.GetValue(from),
                parseResult.GetResult(to) is null ? current.FieldworkEnd : parseResult.GetValue(to),
                parseResult.GetValue(reminders), token);
            await context.Out.WriteLineAsync($"Ronde '{round.Name}' gewijzigd (vragenlijst {round.QuestionnaireId}, {round.FieldworkStart:yyyy-MM-dd} t/m {round.FieldworkEnd:yyyy-MM-dd}, herinneringen {ReminderSchedule.Describe(round.ReminderDays)}, {RoundService.Describe(round.State)}).");
            return CliApp.Success;
        }, ct));
        return edit;
    }

    /// <summary><c>rounds delete NAME</c>: a draft without answers, with its participants.</summary>
    private static Command Delete(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Naam van de ronde" };
        var delete = new Command("delete", "Een ronde in voorbereiding verwijderen, met haar deelnemers en e-mailadressen") { name };
        delete.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var roundName = parseResult.GetRequiredValue(name);
            await services.GetRequiredService<RoundService>().DeleteAsync(roundName, token);
            await context.Out.WriteLineAsync($"Ronde '{roundName}' is verwijderd.");
            return CliApp.Success;
        }, ct));
        return delete;
    }

    private static Command Transition(CliContext context, string verb, string description,
        Func<RoundService, string, CancellationToken, Task<Round>> change, string done)
    {
        var name = new Argument<string>("NAME") { Description = "Naam van de ronde" };
        var command = new Command(verb, description) { name };
        command.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var round = await change(services.GetRequiredService<RoundService>(), parseResult.GetRequiredValue(name), token);
            await context.Out.WriteLineAsync($"Ronde '{round.Name}' is {done}.");
            return CliApp.Success;
        }, ct));
        return command;
    }

    private static Command Change(CliContext context, string verb, string description,
        Func<RoundService, string, CancellationToken, Task<Round>> change, Func<Round, string> done)
    {
        var name = new Argument<string>("NAME") { Description = "Naam van de ronde" };
        var command = new Command(verb, description) { name };
        command.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var round = await change(services.GetRequiredService<RoundService>(), parseResult.GetRequiredValue(name), token);
            await context.Out.WriteLineAsync(done(round));
            return CliApp.Success;
        }, ct));
        return command;
    }

    private static string Scheduled(Round round)
    {
        var opens = round.State == RoundState.Draft ? $"opent vanzelf op {round.FieldworkStart:yyyy-MM-dd} om 00:00 en " : "";
        return $"Ronde '{round.Name}' is ingepland: {opens}sluit vanzelf na {round.FieldworkEnd:yyyy-MM-dd} (24:00), Nederlandse tijd.";
    }

    private static async Task<int> ListAsync(CliContext context, IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<KlantmetingDbContext>();
        var rounds = await db.Rounds.AsNoTracking().OrderBy(r => r.FieldworkStart).ThenBy(r => r.Name).ToListAsync(ct);
        var counts = await db.Participants.GroupBy(p => p.RoundId)
            .Select(g => new { RoundId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.RoundId, x => x.Count, ct);
        if (rounds.Count == 0)
        {
            await context.Out.WriteLineAsync("Er zijn nog geen rondes. Maak er een met 'klantmeting rounds create'.");
            return CliApp.Success;
        }

        var rows = rounds.Select(r => new[]
        {
            r.Name, r.QuestionnaireId, RoundService.Describe(r.State) + (r.SendingPaused ? " (gepauzeerd)" : "") + (r.ScheduledAt is not null && r.State != RoundState.Closed ? " (ingepland)" : ""), r.FieldworkStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.FieldworkEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ReminderSchedule.Describe(r.ReminderDays),
            counts.GetValueOrDefault(r.Id).ToString("N0", CliFormat.Dutch),
        }).Prepend(["NAAM", "VRAGENLIJST", "STATUS", "VAN", "TOT", "HERINNERINGEN", "DEELNEMERS"]).ToList();
        var widths = Enumerable.Range(0, 7).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == 6 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            await context.Out.WriteLineAsync(string.Join("  ", cells).TrimEnd());
        }

        return CliApp.Success;
    }

    private static DateOnly ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2009-03-01.");
        return default;
    }
}
