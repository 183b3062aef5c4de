using Microsoft.AspNetCore.Identity;

namespace Klantmeting.Users;

/// <summary>Registers users and roles (ASP.NET Core Identity on the Klantmeting database) for every host.</summary>
public static class UsersExtensions
{
    /// <summary>Failed sign-ins in a row before an account is locked.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>Registers Identity with the password policy (length and blocklist), lockout and Dutch messages.</summary>
    public static IdentityBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<LockoutNotice>();
        return builder.Services
            .AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // NIST SP 800-63B: length and a blocklist (CommonPasswordValidator) instead of composition rules,
                // which push people to "Password123!" and add nothing against guessing. See README "Who sees what".
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<DutchIdentityErrorDescriber>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddEntityFrameworkStores<KlantmetingDbContext>();
    }
}
