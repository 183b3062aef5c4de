using Klantmeting.Surveys;

namespace Klantmeting.Invitations;

/// <summary>
/// Opt-out through the link in every e-mail (<c>/afmelden/{token}</c>) or the RFC 8058 one-click POST. After an
/// opt-out no further mail goes out in that round (disposition 2.111) and, when
/// <see cref="InvitationOptions.SuppressOptedOutInFutureRounds"/> is on, the address (as a hash) is kept out of
/// later rounds. Idempotent: a second opt-out changes nothing.
/// </summary>
public sealed class OptOutService(KlantmetingDbContext db, ISurveyCatalog surveys, TimeProvider clock, IOptions<InvitationOptions> options)
{
    /// <summary>What the confirmation page shows; null when the token is malformed or unknown (callers answer 404).</summary>
    public async Task<OptOutInfo?> FindAsync(string? token, CancellationToken ct = default)
    {
        if (!InvitationToken.IsWellFormed(token))
        {
            return null;
        }

        var hash = InvitationToken.Hash(token!);
        var found = await (
                from t in db.InvitationTokens.AsNoTracking()
                join i in db.Invitations.AsNoTracking() on t.InvitationId equals i.Id
                join r in db.Rounds.AsNoTracking() on i.RoundId equals r.Id
                where t.Hash == hash && t.Purpose == TokenPurpose.OptOut
                select new { i.Id, i.State, r.QuestionnaireId })
            .SingleOrDefaultAsync(ct);
        return found is null
            ? null
            : new OptOutInfo(found.Id, surveys.Find(found.QuestionnaireId)?.Title ?? "", found.State == InvitationState.OptedOut);
    }

    /// <summary>Opts the person behind <paramref name="token"/> out. Returns false when the token is unknown.</summary>
    public async Task<bool> OptOutAsync(string? token, CancellationToken ct = default)
    {
        var info = await FindAsync(token, ct);
        if (info is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // A bounced address keeps 3.30; any other state becomes OptedOut, and a claim of a worker that is
        // sending right now is dropped: its "sent" update requires State = Claimed and so changes nothing.
        await db.Invitations
            .Where(i => i.Id == info.InvitationId && i.State != InvitationState.OptedOut && i.State != InvitationState.Bounced)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, InvitationState.OptedOut)
                .SetProperty(i => i.OptedOutAt, now)
                .SetProperty(i => i.ClaimId, (Guid?)null)
                .SetProperty(i => i.ReminderClaimId, (Guid?)null)
                .SetProperty(i => i.NextReminderAt, (DateTime?)null), ct);
        if (options.Value.SuppressOptedOutInFutureRounds)
        {
            // Done on every (repeated) opt-out, so a failure here is repaired by the next click.
            var email = await (
                    from i in db.Invitations
                    join c in db.ParticipantContacts on i.ParticipantId equals c.ParticipantId
                    where i.Id == info.InvitationId
                    select c.Email)
                .SingleOrDefaultAsync(ct);
            if (email is not null)
            {
                var hash = SuppressedAddress.HashOf(email);
                if (!await db.SuppressedAddresses.AnyAsync(a => a.Hash == hash, ct))
                {
                    db.SuppressedAddresses.Add(new SuppressedAddress { Hash = hash, CreatedAt = now });
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                        // The same address may have opted out at the same moment elsewhere: then it is suppressed.
                        db.ChangeTracker.Clear();
                        if (!await db.SuppressedAddresses.AsNoTracking().AnyAsync(a => a.Hash == hash, ct))
                        {
                            throw;
                        }
                    }
                }
            }
        }

        return true;
    }
}

/// <summary>The invitation behind an opt-out token.</summary>
public sealed record OptOutInfo(long InvitationId, string SurveyTitle, bool AlreadyOptedOut);
