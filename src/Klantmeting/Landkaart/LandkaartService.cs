using System.Security.Cryptography;
using Klantmeting.Audit;
using Klantmeting.Werkpleinen;

namespace Klantmeting.Landkaart;

/// <summary>What a Werkplein fills in for one milestone.</summary>
/// <param name="Milestone">1-14.</param>
/// <param name="Level">rood, oranje, blauw, groen, or null for not yet chosen.</param>
/// <param name="Explanation">Why this level (required above red when submitting).</param>
/// <param name="EvidenceLink">Optional link (http or https) to a document.</param>
/// <param name="ImprovementActions">Milestone 14: the improvement actions agreed.</param>
public sealed record AnswerInput(int Milestone, string? Level, string? Explanation, string? EvidenceLink, string? ImprovementActions = null);

/// <summary>A problem with the input, per milestone (null: the submission as a whole).</summary>
/// <param name="Milestone">The milestone, or null.</param>
/// <param name="Message">What is wrong, in Dutch.</param>
public sealed record LandkaartError(int? Milestone, string Message);

/// <summary>The answer of an action: empty <see cref="Errors"/> means it succeeded.</summary>
/// <param name="Errors">What went wrong.</param>
public sealed record LandkaartOutcome(IReadOnlyList<LandkaartError> Errors)
{
    /// <summary>Success.</summary>
    public static readonly LandkaartOutcome Ok = new([]);

    /// <summary>True when nothing went wrong.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>One error about the whole submission.</summary>
    public static LandkaartOutcome Fail(string message) => new([new LandkaartError(null, message)]);
}

/// <summary>An evidence file as stored.</summary>
/// <param name="FileName">The user's file name.</param>
/// <param name="Content">The PDF bytes.</param>
public sealed record EvidenceFile(string FileName, byte[] Content);

/// <summary>
/// Filling in, submitting and reviewing the Landkaart. The state of a submission moves only through guarded updates
/// (<c>UPDATE ... WHERE State = ...</c>), so two people acting at once cannot both submit, or accept a submission
/// that was just sent back. Every change is written to the history table (who, when, what); submit, accept and send
/// back also go into the audit log.
/// </summary>
public sealed class LandkaartService(KlantmetingDbContext db, LandkaartDefinition landkaart, TimeProvider clock, IAuditActor actor,
    AuditLog audit, IEvidenceScanner scanner, IOptions<LandkaartOptions> options)
{
    private static readonly SubmissionState[] _editable = [SubmissionState.Draft, SubmissionState.SentBack];

    /// <summary>The Landkaart definition in use.</summary>
    public LandkaartDefinition Definition => landkaart;

    /// <summary>The tertaal of today (Dutch calendar is close enough: tertalen start on the first of a month).</summary>
    public Tertaal Current => Tertaal.Of(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>The submission with its answers (not tracked), or null when nothing was saved yet.</summary>
    public Task<LandkaartSubmission?> FindAsync(int werkpleinId, Tertaal tertaal, CancellationToken ct = default) =>
        db.LandkaartSubmissions.AsNoTracking().Include(s => s.Answers)
            .FirstOrDefaultAsync(s => s.WerkpleinId == werkpleinId && s.Year == tertaal.Year && s.TertaalNumber == tertaal.Number, ct);

    /// <summary>Every submission of a tertaal (with answers), for the AKO's overview and the results.</summary>
    public async Task<IReadOnlyList<LandkaartSubmission>> ListAsync(Tertaal tertaal, CancellationToken ct = default) =>
        await db.LandkaartSubmissions.AsNoTracking().Include(s => s.Answers)
            .Where(s => s.Year == tertaal.Year && s.TertaalNumber == tertaal.Number).OrderBy(s => s.WerkpleinId).ToListAsync(ct);

    /// <summary>Every Werkplein, by code, for the AKO's overview.</summary>
    public async Task<IReadOnlyList<Werkplein>> WerkpleinenAsync(CancellationToken ct = default) =>
        await db.Werkpleinen.AsNoTracking().OrderBy(w => w.Code).ToListAsync(ct);

    /// <summary>The Werkplein with this code, or null.</summary>
    public Task<Werkplein?> FindWerkpleinAsync(string code, CancellationToken ct = default) =>
        db.Werkpleinen.AsNoTracking().FirstOrDefaultAsync(w => w.Code == code, ct);

    /// <summary>The history of a submission, oldest first.</summary>
    public async Task<IReadOnlyList<LandkaartHistoryEntry>> HistoryAsync(long submissionId, CancellationToken ct = default) =>
        await db.LandkaartHistory.AsNoTracking().Where(h => h.SubmissionId == submissionId).OrderBy(h => h.Id).ToListAsync(ct);

    /// <summary>
    /// Saves answers as a draft (creating the submission on first save). Only a draft or a sent-back submission can
    /// change. Incomplete answers are fine in a draft; <see cref="SubmitAsync"/> checks completeness.
    /// </summary>
    public async Task<LandkaartOutcome> SaveDraftAsync(int werkpleinId, Tertaal tertaal, IReadOnlyList<AnswerInput> answers, CancellationToken ct = default)
    {
        var errors = CheckInput(answers);
        if (errors.Count > 0)
            return new(errors);

        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var submission = await EditableAsync(werkpleinId, tertaal, ct);
            if (submission is null)
                return LandkaartOutcome.Fail("Deze landkaart is ingediend of geaccepteerd en kan niet meer veranderd worden.");

            var now = Now;
            var changes = new List<LandkaartHistoryEntry>();
            foreach (var input in answers)
            {
                var answer = submission.Answers.FirstOrDefault(a => a.Milestone == input.Milestone);
                if (answer is null)
                {
                    answer = new LandkaartAnswer { Milestone = input.Milestone };
                    submission.Answers.Add(answer);
                }

                var level = Clean(input.Level);
                var what = new List<string>();
                if (answer.Level != level)
                    what.Add($"niveau {LevelWord(answer.Level)} → {LevelWord(level)}");
                if (answer.Explanation != Clean(input.Explanation))
                    what.Add("toelichting gewijzigd");
                if (answer.EvidenceLink != Clean(input.EvidenceLink))
                    what.Add("link naar bewijs gewijzigd");
                if (answer.ImprovementActions != Clean(input.ImprovementActions))
                    what.Add("verbeteracties gewijzigd");
                if (what.Count == 0)
                    continue;

                answer.Level = level;
                answer.Explanation = Clean(input.Explanation);
                answer.EvidenceLink = Clean(input.EvidenceLink);
                answer.ImprovementActions = Clean(input.ImprovementActions);
                changes.Add(History(submission, input.Milestone, string.Join("; ", what), now));
            }

            if (changes.Count > 0)
            {
                submission.FilledInBy = actor.Id;
                submission.UpdatedAt = now;
            }

            await db.SaveChangesAsync(ct);
            foreach (var change in changes)
                change.SubmissionId = submission.Id;
            db.LandkaartHistory.AddRange(changes);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return LandkaartOutcome.Ok;
    }

    /// <summary>Stores an evidence PDF for one milestone, replacing an earlier one. Checks size, the PDF header and the virus-scan hook.</summary>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public async Task<LandkaartOutcome> AttachEvidenceAsync(int werkpleinId, Tertaal tertaal, int milestone, string fileName, Stream content,
        CancellationToken ct = default)
    {
        if (landkaart.FindMilestone(milestone) is null)
            return LandkaartOutcome.Fail($"Mijlpaal {milestone} bestaat niet.");
        var max = options.Value.MaxEvidenceBytes;
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > max)
            return new([new(milestone, $"Het bestand is te groot ({Mb(buffer.Length)}). Het mag maximaal {Mb(max)} zijn.")]);
        var bytes = buffer.ToArray();
        if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
            return new([new(milestone, "Het bestand is geen PDF. Upload een PDF-bestand, of geef een link naar het document.")]);
        if (await scanner.ScanAsync(fileName, bytes, ct) is { } refused)
            return new([new(milestone, $"Het bestand is niet opgeslagen: {refused}")]);

        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        if (name.Length > Klantmeting.Uploads.Upload.FileNameMaxLength)
            name = name[^Klantmeting.Uploads.Upload.FileNameMaxLength..];
        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var submission = await EditableAsync(werkpleinId, tertaal, ct);
            if (submission is null)
                return LandkaartOutcome.Fail("Deze landkaart is ingediend of geaccepteerd en kan niet meer veranderd worden.");
            var answer = submission.Answers.FirstOrDefault(a => a.Milestone == milestone);
            if (answer is null)
            {
                answer = new LandkaartAnswer { Milestone = milestone };
                submission.Answers.Add(answer);
            }

            answer.EvidenceFileName = name;
            submission.UpdatedAt = Now;
            submission.FilledInBy = actor.Id;
            await db.SaveChangesAsync(ct);
            await db.LandkaartEvidence.Where(e => e.AnswerId == answer.Id).ExecuteDeleteAsync(ct);
            db.LandkaartEvidence.Add(new LandkaartEvidence
            {
                AnswerId = answer.Id, Content = bytes, Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                UploadedBy = actor.Id, UploadedAt = Now,
            });
            db.LandkaartHistory.Add(History(submission, milestone, $"bewijs geüpload: {name} ({Mb(bytes.Length)})", Now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return LandkaartOutcome.Ok;
    }

    /// <summary>Removes the evidence PDF of one milestone.</summary>
    public async Task<LandkaartOutcome> RemoveEvidenceAsync(int werkpleinId, Tertaal tertaal, int milestone, CancellationToken ct = default)
    {
        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var submission = await EditableAsync(werkpleinId, tertaal, ct);
            if (submission?.Answers.FirstOrDefault(a => a.Milestone == milestone) is not { EvidenceFileName: { } name } answer)
                return LandkaartOutcome.Fail("Er is geen bestand om te verwijderen, of de landkaart kan niet meer veranderd worden.");
            answer.EvidenceFileName = null;
            submission.UpdatedAt = Now;
            await db.LandkaartEvidence.Where(e => e.AnswerId == answer.Id).ExecuteDeleteAsync(ct);
            db.LandkaartHistory.Add(History(submission, milestone, $"bewijs verwijderd: {name}", Now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return LandkaartOutcome.Ok;
    }

    /// <summary>The evidence PDF of a milestone, or null.</summary>
    public async Task<EvidenceFile?> FindEvidenceAsync(int werkpleinId, Tertaal tertaal, int milestone, CancellationToken ct = default)
    {
        var found = await (from s in db.LandkaartSubmissions
                           join a in db.LandkaartAnswers on s.Id equals a.SubmissionId
                           join e in db.LandkaartEvidence on a.Id equals e.AnswerId
                           where s.WerkpleinId == werkpleinId && s.Year == tertaal.Year && s.TertaalNumber == tertaal.Number && a.Milestone == milestone
                           select new { a.EvidenceFileName, e.Content }).AsNoTracking().FirstOrDefaultAsync(ct);
        return found is null ? null : new EvidenceFile(found.EvidenceFileName ?? "bewijs.pdf", found.Content);
    }

    /// <summary>
    /// Submits a draft or a sent-back submission to the AKO. Every milestone needs a level, and every level above red an
    /// explanation (milestone 14 above red also the improvement actions). The AKO's comments stay visible until it
    /// reviews again.
    /// </summary>
    public async Task<LandkaartOutcome> SubmitAsync(int werkpleinId, Tertaal tertaal, CancellationToken ct = default)
    {
        var submission = await FindAsync(werkpleinId, tertaal, ct);
        if (submission is null)
            return LandkaartOutcome.Fail("Er is nog niets ingevuld.");
        var errors = new List<LandkaartError>();
        foreach (var milestone in landkaart.Milestones)
        {
            var answer = submission.Answers.FirstOrDefault(a => a.Milestone == milestone.Number);
            if (answer?.Level is null)
                errors.Add(new(milestone.Number, $"Kies een niveau bij mijlpaal {milestone.Number} ({milestone.Name})."));
            else if (answer.Level != "rood" && string.IsNullOrWhiteSpace(answer.Explanation))
                errors.Add(new(milestone.Number, $"Schrijf bij mijlpaal {milestone.Number} waarom u '{LevelWord(answer.Level)}' kiest."));
            else if (milestone.ClientMeasurements && answer.Level != "rood" && string.IsNullOrWhiteSpace(answer.ImprovementActions))
                errors.Add(new(milestone.Number, $"Schrijf bij mijlpaal {milestone.Number} welke verbeteracties het MT heeft afgesproken."));
        }

        if (errors.Count > 0)
            return new(errors);
        return await MoveAsync(submission, _editable, SubmissionState.Submitted, "ingediend", AuditAction.LandkaartSubmitted, null, ct)
            ? LandkaartOutcome.Ok
            : LandkaartOutcome.Fail("Deze landkaart is al ingediend of geaccepteerd.");
    }

    /// <summary>The AKO accepts a submitted Landkaart; it then counts in the results.</summary>
    public async Task<LandkaartOutcome> AcceptAsync(int werkpleinId, Tertaal tertaal, CancellationToken ct = default)
    {
        var submission = await FindAsync(werkpleinId, tertaal, ct);
        return submission is not null
               && await MoveAsync(submission, [SubmissionState.Submitted], SubmissionState.Accepted, "geaccepteerd", AuditAction.LandkaartAccepted, null, ct)
            ? LandkaartOutcome.Ok
            : LandkaartOutcome.Fail("Alleen een ingediende landkaart kan geaccepteerd worden.");
    }

    /// <summary>The AKO sends a submitted Landkaart back with a comment per milestone (at least one).</summary>
    public async Task<LandkaartOutcome> SendBackAsync(int werkpleinId, Tertaal tertaal, IReadOnlyDictionary<int, string?> comments, CancellationToken ct = default)
    {
        var given = comments.Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value!.Trim());
        if (given.Count == 0)
            return LandkaartOutcome.Fail("Schrijf bij minstens één mijlpaal wat er beter moet.");
        if (given.FirstOrDefault(c => c.Value.Length > LandkaartAnswer.TextMaxLength) is { Value: not null } tooLong)
            return new([new(tooLong.Key, $"Het commentaar is te lang (maximaal {LandkaartAnswer.TextMaxLength} tekens).")]);
        if (given.Keys.Where(m => landkaart.FindMilestone(m) is null).ToList() is [var unknown, ..])
            return LandkaartOutcome.Fail($"Mijlpaal {unknown} bestaat niet.");
        var submission = await FindAsync(werkpleinId, tertaal, ct);
        var summary = $"teruggestuurd met commentaar bij mijlpaal {string.Join(", ", given.Keys.Order())}";
        return submission is not null
               && await MoveAsync(submission, [SubmissionState.Submitted], SubmissionState.SentBack, summary, AuditAction.LandkaartSentBack, given, ct)
            ? LandkaartOutcome.Ok
            : LandkaartOutcome.Fail("Alleen een ingediende landkaart kan teruggestuurd worden.");
    }

    /// <summary>The state change, guarded by the current state; records history and the audit log when it happened.</summary>
    private async Task<bool> MoveAsync(LandkaartSubmission submission, SubmissionState[] from, SubmissionState to, string change,
        AuditAction action, Dictionary<int, string>? comments, CancellationToken ct)
    {
        var now = Now;
        var review = to is SubmissionState.Accepted or SubmissionState.SentBack;
        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var guarded = db.LandkaartSubmissions.Where(s => s.Id == submission.Id && from.Contains(s.State));
            var actorId = actor.Id;
            var moved = review
                ? await guarded.ExecuteUpdateAsync(u => u.SetProperty(s => s.State, to)
                    .SetProperty(s => s.ReviewedAt, now).SetProperty(s => s.ReviewedBy, actorId), ct)
                : await guarded.ExecuteUpdateAsync(u => u.SetProperty(s => s.State, to).SetProperty(s => s.SubmittedAt, now), ct);
            if (moved == 0)
                return false;
            if (review)
            {
                // A new review replaces the comments of the last one (accepting clears them).
                await db.LandkaartAnswers.Where(a => a.SubmissionId == submission.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.ReviewComment, (string?)null), ct);
                foreach (var (milestone, comment) in comments ?? [])
                {
                    var updated = await db.LandkaartAnswers.Where(a => a.SubmissionId == submission.Id && a.Milestone == milestone)
                        .ExecuteUpdateAsync(u => u.SetProperty(a => a.ReviewComment, comment), ct);
                    if (updated == 0)
                        db.LandkaartAnswers.Add(new LandkaartAnswer { SubmissionId = submission.Id, Milestone = milestone, ReviewComment = comment });
                    db.LandkaartHistory.Add(History(submission, milestone, $"commentaar AKO: {comment}", now));
                }
            }

            db.LandkaartHistory.Add(History(submission, null, change, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        var code = await db.Werkpleinen.Where(w => w.Id == submission.WerkpleinId).Select(w => w.Code).FirstAsync(ct);
        await audit.RecordAsync(action, AuditObject.Landkaart, $"{code} {submission.Tertaal.Key}", details: change, ct: ct);
        return true;
    }

    /// <summary>The tracked submission when it may change, created as a draft on first use; null when it is submitted or accepted.</summary>
    private async Task<LandkaartSubmission?> EditableAsync(int werkpleinId, Tertaal tertaal, CancellationToken ct)
    {
        var submission = await db.LandkaartSubmissions.Include(s => s.Answers)
            .FirstOrDefaultAsync(s => s.WerkpleinId == werkpleinId && s.Year == tertaal.Year && s.TertaalNumber == tertaal.Number, ct);
        if (submission is null)
        {
            if (!await db.Werkpleinen.AnyAsync(w => w.Id == werkpleinId, ct))
                throw new KeyNotFoundException($"Werkplein {werkpleinId} bestaat niet.");
            submission = new LandkaartSubmission
            {
                WerkpleinId = werkpleinId, Year = tertaal.Year, TertaalNumber = tertaal.Number, LandkaartId = landkaart.Id,
                State = SubmissionState.Draft, UpdatedAt = Now, FilledInBy = actor.Id,
            };
            db.LandkaartSubmissions.Add(submission);
            return submission;
        }

        // Claim: the guarded update fails when someone submitted in the meantime; inside the transaction it also holds
        // the row (on PostgreSQL) until this save commits, so a submit cannot slip in between.
        var claimed = await db.LandkaartSubmissions.Where(s => s.Id == submission.Id && _editable.Contains(s.State))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, s => s.UpdatedAt), ct);
        return claimed == 0 ? null : submission;
    }

    private List<LandkaartError> CheckInput(IReadOnlyList<AnswerInput> answers)
    {
        var errors = new List<LandkaartError>();
        foreach (var input in answers)
        {
            if (landkaart.FindMilestone(input.Milestone) is null)
                errors.Add(new(input.Milestone, $"Mijlpaal {input.Milestone} bestaat niet."));
            else if (Clean(input.Level) is { } level && landkaart.FindLevel(level) is null)
                errors.Add(new(input.Milestone, $"Niveau '{level}' bestaat niet; kies rood, oranje, blauw of groen."));
            if (Clean(input.EvidenceLink) is { } link
                && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || link.Length > LandkaartAnswer.LinkMaxLength))
                errors.Add(new(input.Milestone, $"De link bij mijlpaal {input.Milestone} moet een webadres zijn dat begint met https:// of http://."));
            if (new[] { input.Explanation, input.ImprovementActions }.Any(t => t?.Length > LandkaartAnswer.TextMaxLength))
                errors.Add(new(input.Milestone, $"De tekst bij mijlpaal {input.Milestone} is te lang (maximaal {LandkaartAnswer.TextMaxLength} tekens)."));
        }

        return errors;
    }

    private LandkaartHistoryEntry History(LandkaartSubmission submission, int? milestone, string change, DateTime at) => new()
    {
        SubmissionId = submission.Id, At = at, Actor = actor.Id, Milestone = milestone,
        Change = change.Length > LandkaartHistoryEntry.ChangeMaxLength ? change[..LandkaartHistoryEntry.ChangeMaxLength] : change,
    };

    private string LevelWord(string? level) => level is null ? "niet gekozen" : landkaart.FindLevel(level)?.Name ?? level;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.GetCultureInfo("nl-NL")) + " MB";
}
