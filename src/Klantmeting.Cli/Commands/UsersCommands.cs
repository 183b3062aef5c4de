using System.CommandLine;
using Klantmeting.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary>
/// <c>users create|list|lock|unlock|deactivate|reactivate|reset-password|set-werkpleinen</c>: the same
/// <see cref="UserService"/> methods, checks and messages as the users page (<c>/beheer/gebruikers</c>).
/// </summary>
internal static class UsersCommands
{
    public static Command Create(CliContext context) => new("users", "Gebruikers beheren (inloggen op de website)")
    {
        CreateUser(context),
        List(context),
        ByEmail(context, "lock", "Een gebruiker blokkeren: inloggen kan niet meer en wie al ingelogd is, wordt direct uitgelogd (tot users unlock)",
            (users, email, ct) => users.LockAsync(email, ct), "is geblokkeerd en overal uitgelogd."),
        ByEmail(context, "unlock", "Een blokkade opheffen (door users lock of na te veel verkeerde wachtwoorden)",
            (users, email, ct) => users.UnlockAsync(email, ct), "kan weer inloggen."),
        ByEmail(context, "deactivate", "Een gebruiker deactiveren (bijvoorbeeld na vertrek): inloggen kan niet meer en wie ingelogd is, wordt direct uitgelogd",
            (users, email, ct) => users.DeactivateAsync(email, ct), "is gedeactiveerd en overal uitgelogd."),
        ByEmail(context, "reactivate", "Een gedeactiveerde gebruiker weer actief maken",
            (users, email, ct) => users.ReactivateAsync(email, ct), "is weer actief en kan inloggen."),
        ResetPassword(context),
        SetWerkpleinen(context),
    };

    private static Command CreateUser(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mailadres (ook de gebruikersnaam)", Required = true };
        var role = new Option<string>("--role") { Description = "beheerder of werkplein", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var werkplein = WerkpleinOption();
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Lees het eenmalige wachtwoord van standaardinvoer in plaats van er een te maken" };
        var create = new Command("create", "Een gebruiker aanmaken met een eenmalig wachtwoord (bij de eerste keer inloggen te wijzigen)")
        {
            email, role, werkplein, passwordStdin,
        };
        create.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            string? password = null;
            if (parseResult.GetValue(passwordStdin))
            {
                password = (await context.In.ReadLineAsync(token))?.TrimEnd('\r');
                if (string.IsNullOrEmpty(password))
                {
                    await context.Err.WriteLineAsync("Geen wachtwoord op standaardinvoer gelezen (--password-stdin).");
                    return CliApp.UserError;
                }
            }

            var (user, generated) = await services.GetRequiredService<UserService>().CreateAsync(
                parseResult.GetRequiredValue(email), parseResult.GetRequiredValue(role), parseResult.GetValue(werkplein) ?? [], password, ct: token);
            await context.Out.WriteLineAsync($"Gebruiker {user.Email} aangemaakt met de rol {parseResult.GetRequiredValue(role)}.");
            if (generated is not null)
            {
                await context.Out.WriteLineAsync($"Eenmalig wachtwoord: {generated}");
            }

            await context.Out.WriteLineAsync("Bij de eerste keer inloggen kiest de gebruiker een eigen wachtwoord.");
            return CliApp.Success;
        }, ct));
        return create;
    }

    private static Option<string[]> WerkpleinOption() => new("--werkplein")
    {
        Description = "Code van een Werkplein dat de gebruiker mag zien (rol werkplein; mag vaker)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command List(CliContext context)
    {
        var list = new Command("list", "Alle gebruikers tonen");
        list.SetAction((_, ct) => context.RunAsync(async (services, token) =>
        {
            var users = await services.GetRequiredService<UserService>().ListAsync(token);
            if (users.Count == 0)
            {
                await context.Out.WriteLineAsync("Er zijn nog geen gebruikers.");
                return CliApp.Success;
            }

            var width = Math.Max(14, users.Max(u => u.Email.Length));
            await context.Out.WriteLineAsync($"{"E-mailadres".PadRight(width)}  {"Rol",-10} {"Status",-22} Werkpleinen");
            foreach (var u in users)
            {
                await context.Out.WriteLineAsync($"{u.Email.PadRight(width)}  {u.Role,-10} {u.StateText,-22} {string.Join(", ", u.Werkpleinen)}".TrimEnd());
            }

            return CliApp.Success;
        }, ct));
        return list;
    }

    /// <summary>A command with only <c>--email</c> that calls one <see cref="UserService"/> method and prints "Gebruiker X <paramref name="done"/>".</summary>
    private static Command ByEmail(CliContext context, string name, string description, Func<UserService, string, CancellationToken, Task> change, string done)
    {
        var email = new Option<string>("--email") { Description = "E-mailadres van de gebruiker", Required = true };
        var command = new Command(name, description) { email };
        command.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var address = parseResult.GetRequiredValue(email);
            await change(services.GetRequiredService<UserService>(), address, token);
            await context.Out.WriteLineAsync($"Gebruiker {address.Trim()} {done}");
            return CliApp.Success;
        }, ct));
        return command;
    }

    private static Command ResetPassword(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mailadres van de gebruiker", Required = true };
        var command = new Command("reset-password",
            "Een nieuw eenmalig wachtwoord maken: de gebruiker wordt overal uitgelogd en kiest bij de volgende keer inloggen een eigen wachtwoord")
        {
            email,
        };
        command.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var address = parseResult.GetRequiredValue(email);
            var password = await services.GetRequiredService<UserService>().ResetPasswordAsync(address, token);
            await context.Out.WriteLineAsync($"Gebruiker {address.Trim()} heeft een nieuw eenmalig wachtwoord en is overal uitgelogd.");
            await context.Out.WriteLineAsync($"Eenmalig wachtwoord: {password}");
            await context.Out.WriteLineAsync("Bij de volgende keer inloggen kiest de gebruiker een eigen wachtwoord.");
            return CliApp.Success;
        }, ct));
        return command;
    }

    private static Command SetWerkpleinen(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mailadres van de gebruiker (rol werkplein)", Required = true };
        var werkplein = WerkpleinOption();
        var command = new Command("set-werkpleinen", "Vastleggen welke Werkpleinen een werkplein-gebruiker mag zien (vervangt de huidige; --werkplein mag vaker)")
        {
            email, werkplein,
        };
        command.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var address = parseResult.GetRequiredValue(email);
            var codes = parseResult.GetValue(werkplein) ?? [];
            await services.GetRequiredService<UserService>().SetWerkpleinenAsync(address, codes, token);
            await context.Out.WriteLineAsync($"Gebruiker {address.Trim()} ziet nu de Werkpleinen {string.Join(", ", codes.Select(c => c.Trim()).Distinct())}.");
            return CliApp.Success;
        }, ct));
        return command;
    }
}
