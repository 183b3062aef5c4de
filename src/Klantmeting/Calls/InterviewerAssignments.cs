using Klantmeting.Audit;
using Klantmeting.Rounds;
using Klantmeting.Users;

namespace Klantmeting.Calls;

/// <summary>Which interviewers work which round's call list; an administrator assigns them.</summary>
public sealed class InterviewerAssignments(KlantmetingDbContext db, AuditLog audit)
{
    /// <summary>Assigns the interviewer with <paramref name="email"/> to round <paramref name="roundName"/> (again: no change).</summary>
    /// <exception cref="CallException">No such round, a round without a call list, or no interviewer with that address.</exception>
    public async Task AssignAsync(string roundName, string email, CancellationToken ct = default)
    {
        var (round, userId) = await FindAsync(roundName, email, ct);
        if (await db.RoundInterviewers.AnyAsync(i => i.RoundId == round.Id && i.UserId == userId, ct))
        {
            return;
        }

        db.RoundInterviewers.Add(new RoundInterviewer { RoundId = round.Id, UserId = userId });
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditAction.RoundEdited, AuditObject.Round, round.Name, round.Name, $"interviewer {email.Trim()} toegewezen", ct);
    }

    /// <summary>Takes the interviewer off the round; a case the interviewer holds goes to another after its lease.</summary>
    /// <exception cref="CallException">No such round or interviewer.</exception>
    public async Task UnassignAsync(string roundName, string email, CancellationToken ct = default)
    {
        var (round, userId) = await FindAsync(roundName, email, ct);
        if (await db.RoundInterviewers.Where(i => i.RoundId == round.Id && i.UserId == userId).ExecuteDeleteAsync(ct) > 0)
        {
            await audit.RecordAsync(AuditAction.RoundEdited, AuditObject.Round, round.Name, round.Name, $"interviewer {email.Trim()} niet meer toegewezen", ct);
        }
    }

    /// <summary>The e-mail addresses of the round's interviewers, sorted.</summary>
    public Task<List<string>> ListAsync(int roundId, CancellationToken ct = default) =>
        (from i in db.RoundInterviewers
         where i.RoundId == roundId
         join u in db.Users on i.UserId equals u.Id
         orderby u.Email
         select u.Email ?? "").ToListAsync(ct);

    /// <summary>The rounds the interviewer is assigned to, newest first.</summary>
    public Task<List<Round>> RoundsOfAsync(string userId, CancellationToken ct = default) =>
        db.Rounds.AsNoTracking().Where(r => db.RoundInterviewers.Any(i => i.RoundId == r.Id && i.UserId == userId))
            .OrderByDescending(r => r.FieldworkStart).ThenBy(r => r.Name).ToListAsync(ct);

    /// <summary>The round named <paramref name="roundName"/> when the interviewer is assigned to it; otherwise null.</summary>
    public Task<Round?> AssignedRoundAsync(string roundName, string userId, CancellationToken ct = default) =>
        db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName && db.RoundInterviewers.Any(i => i.RoundId == r.Id && i.UserId == userId), ct);

    private async Task<(Round Round, string UserId)> FindAsync(string roundName, string email, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().SingleOrDefaultAsync(r => r.Name == roundName, ct)
            ?? throw new CallException($"Er is geen ronde met de naam '{roundName}'.");
        if (!RoundModeSettings.Of(round).HasCallList)
        {
            throw new CallException($"Ronde '{round.Name}' is een {RoundModeSettings.Name(round.Mode)}-ronde: er wordt niet gebeld, dus er zijn geen interviewers nodig.");
        }

        var normalized = email.Trim().ToUpperInvariant();
        var userId = await (from u in db.Users
                            where u.NormalizedEmail == normalized
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where r.Name == Roles.Interviewer
                            select u.Id).SingleOrDefaultAsync(ct)
            ?? throw new CallException($"Er is geen interviewer met het e-mailadres '{email.Trim()}'. Maak eerst een gebruiker met de rol interviewer.");
        return (round, userId);
    }
}
