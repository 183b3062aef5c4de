using System.Security.Claims;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Infrastructure;

/// <summary>Adds the Werkpleinen of a user and the "must change password" mark to the sign-in cookie.</summary>
public sealed class ClaimsFactory(UserManager<User> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, KlantmetingDbContext db)
    : UserClaimsPrincipalFactory<User, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var codes = await db.UserWerkpleinen.Where(w => w.UserId == user.Id).Select(w => w.Werkplein!.Code).ToListAsync();
        identity.AddClaims(codes.Select(c => new Claim(Roles.WerkpleinClaim, c)));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(Roles.MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}
