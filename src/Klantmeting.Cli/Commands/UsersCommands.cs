using System.CommandLine;
using Klantmeting.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Cli.Commands;

/// <summary><c>users create|list|lock|unlock</c>.</summary>
internal static class UsersCommands
{
    public static Command Create(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "E-mailadres (ook de gebruikersnaam)", Required = true };
        var role = new Option<string>("--role") { Description = "beheerder of werkplein", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var werkplein = new Option<string[]>("--werkplein")
        {
            Description = "Code van een Werkplein dat de gebruiker mag zien (rol werkplein; mag vaker)",
            AllowMultipleArgumentsPerToken = false,
        };
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
                var status = u.LockedOut ? "geblokkeerd" : u.MustChangePassword ? "wachtwoord te wijzigen" : "actief";
                await context.Out.WriteLineAsync($"{u.Email.PadRight(width)}  {u.Role,-10} {status,-22} {string.Join(", ", u.Werkpleinen)}".TrimEnd());
            }

            return CliApp.Success;
        }, ct));

        var lockEmail = new Option<string>("--email") { Description = "E-mailadres van de gebruiker", Required = true };
        var lockUser = new Command("lock", "Een gebruiker blokkeren: inloggen kan niet meer en wie al ingelogd is, wordt direct uitgelogd (tot users unlock)")
        {
            lockEmail,
        };
        lockUser.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var address = parseResult.GetRequiredValue(lockEmail);
            await services.GetRequiredService<UserService>().LockAsync(address, token);
            await context.Out.WriteLineAsync($"Gebruiker {address.Trim()} is geblokkeerd en overal uitgelogd.");
            return CliApp.Success;
        }, ct));

        var unlockEmail = new Option<string>("--email") { Description = "E-mailadres van de gebruiker", Required = true };
        var unlockUser = new Command("unlock", "Een blokkade opheffen (door users lock of na te veel verkeerde wachtwoorden)") { unlockEmail };
        unlockUser.SetAction((parseResult, ct) => context.RunAsync(async (services, token) =>
        {
            var address = parseResult.GetRequiredValue(unlockEmail);
            await services.GetRequiredService<UserService>().UnlockAsync(address, token);
            await context.Out.WriteLineAsync($"Gebruiker {address.Trim()} kan weer inloggen.");
            return CliApp.Success;
        }, ct));

        return new Command("users", "Gebruikers beheren (inloggen op de website)") { create, list, lockUser, unlockUser };
    }
}
