using System.Security.Claims;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.EntityFrameworkCore;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// The one rule for "who sees which Werkplein": every page, chart, download and export asks this service and shows
/// nothing (404) for a Werkplein it does not return.
/// </summary>
public interface IWerkpleinAccess
{
    /// <summary>True for a beheerder, who sees every Werkplein and the national figures of every round.</summary>
    bool SeesAll { get; }

    /// <summary>The Werkpleinen the current user may see, ordered by code.</summary>
    Task<IReadOnlyList<Werkplein>> VisibleAsync(CancellationToken ct = default);

    /// <summary>The Werkplein with <paramref name="code"/> when the current user may see it; otherwise null (show 404).</summary>
    Task<Werkplein?> FindAsync(string? code, CancellationToken ct = default);
}

/// <summary>
/// <see cref="IWerkpleinAccess"/> for the signed-in user of the current request: a beheerder sees all; a werkplein
/// user the Werkpleinen in its <see cref="Roles.WerkpleinClaim"/> claims (put there at sign-in from the table
/// UserWerkpleinen, or by the OpenID Connect provider); anyone else nothing.
/// </summary>
public sealed class WerkpleinAccess(IHttpContextAccessor http, KlantmetingDbContext db) : IWerkpleinAccess
{
    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool SeesAll => User.Identity?.IsAuthenticated == true && User.IsInRole(Roles.Beheerder);

    public async Task<IReadOnlyList<Werkplein>> VisibleAsync(CancellationToken ct = default)
    {
        var list = await Query().AsNoTracking().ToListAsync(ct);
        list.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return list;
    }

    public async Task<Werkplein?> FindAsync(string? code, CancellationToken ct = default) =>
        string.IsNullOrEmpty(code) ? null : await Query().AsNoTracking().SingleOrDefaultAsync(w => w.Code == code, ct);

    private IQueryable<Werkplein> Query()
    {
        if (SeesAll)
        {
            return db.Werkpleinen;
        }

        if (User.Identity?.IsAuthenticated != true || !User.IsInRole(Roles.Werkplein))
        {
            return db.Werkpleinen.Where(_ => false);
        }

        var codes = User.FindAll(Roles.WerkpleinClaim).Select(c => c.Value).Distinct().ToList();
        return db.Werkpleinen.Where(w => codes.Contains(w.Code));
    }
}
