using System.Security.Claims;
using System.Threading.RateLimiting;
using Klantmeting.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// Sign-in (Identity cookie, optional OpenID Connect), roles and the deny-by-default authorization of every endpoint,
/// rate limiting of sign-in, secure cookies and the security headers of every response.
/// </summary>
public static class AccessExtensions
{
    /// <summary>Policy of the AKO pages (<c>/beheer/...</c>, <c>/dev/...</c>, the Hangfire dashboard).</summary>
    public const string BeheerderPolicy = Roles.Beheerder;

    /// <summary>Policy of the Werkplein pages (<c>/werkplein/...</c>): a werkplein user or a beheerder; which Werkplein is <see cref="IWerkpleinAccess"/>'s rule.</summary>
    public const string WerkpleinPolicy = Roles.Werkplein;

    /// <summary>The call screens: interviewers only (an administrator assigns them; they see no results).</summary>
    public const string InterviewerPolicy = Roles.Interviewer;

    public const string SignInPath = "/inloggen";

    public const string SignOutPath = "/uitloggen";

    public const string ChangePasswordPath = "/wachtwoord-wijzigen";

    /// <summary>Setting: sign-in attempts (POST /inloggen) per client address per minute; more get 429.</summary>
    public const string SignInPermitsSetting = "Authentication:SignInPermitsPerMinute";

    /// <summary>
    /// Setting: addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) of the reverse proxies whose
    /// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed; a list or one comma-separated value. Empty: none.
    /// </summary>
    public const string TrustedProxiesSetting = "Authentication:TrustedProxies";

    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddTrustedProxies(builder);
        new IdentityBuilder(typeof(User), typeof(IdentityRole), services)
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ClaimsFactory>();
        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
        });
        authentication.AddIdentityCookies();
        ConfigureSignInCookie(services);
        services.AddScoped<PasswordSignIn>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "klantmeting.af";
            // Antiforgery refuses to work at all on a plain-http request with Always (local http runs and browser
            // tests): Secure whenever the request is https. The sign-in cookie above is Secure always.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });

        AddPolicies(services);
        services.AddHttpContextAccessor();
        services.AddScoped<IWerkpleinAccess, WerkpleinAccess>();

        AddSignInRateLimit(builder);

        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        AddOpenIdConnect(builder, authentication);
        return builder;
    }

    /// <summary>The sign-in cookie, and the security stamp check that ends sessions at once.</summary>
    private static void ConfigureSignInCookie(IServiceCollection services)
    {
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "klantmeting.auth";
            o.Cookie.HttpOnly = true;
            // Always Secure, also when TLS ends at a reverse proxy and the app itself sees http.
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // A signed-in user without the right role gets the same answer as for a page that does not exist.
            o.Events.OnRedirectToAccessDenied = c =>
            {
                c.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
            // Identity checks the security stamp of local accounts; a principal from OpenID Connect has no local account.
            o.Events.OnValidatePrincipal = c => c.Principal?.HasClaim(c => c.Type == OpenIdConnectSettings.SourceClaim) == true
                ? Task.CompletedTask
                : SecurityStampValidator.ValidatePrincipalAsync(c);
        });
        // Every request checks the cookie's security stamp against the database (one user lookup and its claims): sign-out,
        // a password change and `users lock` end every session of that user at once, not at some later interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
    }

    /// <summary>Who may open which folder: deny by default, a role per folder, the anonymous pages listed.</summary>
    private static void AddPolicies(IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(BeheerderPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Beheerder))
            .AddPolicy(WerkpleinPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Beheerder, Roles.Werkplein))
            .AddPolicy(InterviewerPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Interviewer))
            // Deny by default: an endpoint without an explicit rule needs a signed-in user, a folder below needs a role.
            // A URL without an endpoint has nothing to protect and stays a plain 404 for everyone.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true || (c.Resource is HttpContext h && h.GetEndpoint() is null))
                .Build());
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Beheer", BeheerderPolicy);
            o.Conventions.AuthorizeFolder("/Dev", BeheerderPolicy);
            o.Conventions.AuthorizeFolder("/Werkplein", WerkpleinPolicy);
            o.Conventions.AuthorizeFolder("/Interview", InterviewerPolicy);
            // Open without sign-in: respondents, public pages, the start page, errors and signing in/out.
            o.Conventions.AllowAnonymousToFolder("/Respond");
            o.Conventions.AllowAnonymousToFolder("/Public");
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Fout");
            o.Conventions.AllowAnonymousToPage("/Account/Inloggen");
            o.Conventions.AllowAnonymousToPage("/Account/Uitloggen");
        });
    }

    /// <summary>At most <see cref="SignInPermitsSetting"/> sign-in attempts per minute per address.</summary>
    private static void AddSignInRateLimit(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var permits = builder.Configuration.GetValue(SignInPermitsSetting, 10);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c =>
                HttpMethods.IsPost(c.Request.Method) && c.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter("inloggen " + c.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    // Partitions are cached by key: this key must differ from every sign-in key.
                    : RateLimitPartition.GetNoLimiter("overig"));
        });
    }

    /// <summary>Rate limiting, authentication and authorization, and the forced password change.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            // A one-time password must be replaced before anything else can be seen.
            if (context.User.HasClaim(c => c.Type == Roles.MustChangePasswordClaim)
                && !context.Request.Path.StartsWithSegments(ChangePasswordPath, StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.StartsWithSegments(SignOutPath, StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.StartsWithSegments("/Fout", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect(ChangePasswordPath);
                return;
            }

            await next();
        });
        return app;
    }

    /// <summary>Adds the security headers and (outside Development) HSTS to every response (pages, files, errors, health), before anything else runs.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var oidc = app.Services.GetRequiredService<IOptions<OpenIdConnectSettings>>().Value;
        // Signing in through OpenID Connect posts the sign-in form to ourselves, which redirects to the provider.
        var formAction = oidc.Enabled ? $"'self' {new Uri(oidc.Authority).GetLeftPart(UriPartial.Authority)}" : "'self'";
        var policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + $"object-src 'none'; base-uri 'self'; form-action {formAction}; frame-ancestors 'none'";
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // Personal links (/v/{token}) must never leak to another site.
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }

    /// <summary>
    /// Forwarded headers only from the configured proxies, so the rate limit and the logs see the real client address
    /// behind a reverse proxy, and nobody else can choose the address the rate limit counts (UseForwardedHeaders runs first).
    /// </summary>
    private static void AddTrustedProxies(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TrustedProxiesSetting);
        var entries = (section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
            .Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        var proxies = new List<System.Net.IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (System.Net.IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new InvalidOperationException($"{TrustedProxiesSetting}: '{entry}' is geen IP-adres (10.0.0.5) of netwerk (10.0.0.0/24).");
            }
        }

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Not the default loopback entries: only what the operator listed is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            // Walk back through X-Forwarded-For only while each hop is a trusted proxy (a chain of them is fine).
            o.ForwardLimit = null;
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
    }

    private static void AddOpenIdConnect(WebApplicationBuilder builder, Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication)
    {
        builder.Services.AddOptions<OpenIdConnectSettings>()
            .BindConfiguration(OpenIdConnectSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var settings = builder.Configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        if (!settings.Enabled)
        {
            return;
        }

        authentication.AddOpenIdConnect(OpenIdConnectSettings.Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.SignInScheme = IdentityConstants.ApplicationScheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.Scope.Clear();
            foreach (var scope in ("openid profile email " + settings.Scopes).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                o.Scope.Add(scope);
            }

            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Events.OnTokenValidated = c =>
            {
                c.Principal = MapOpenIdConnectPrincipal(c.Principal!, settings);
                if (c.Principal is null)
                {
                    c.Fail("Uw account heeft geen rol in Klantmeting.");
                }

                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = c =>
            {
                c.Response.Redirect(SignInPath + "?fout=oidc");
                c.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>
    /// The principal Klantmeting keeps for a user of the OpenID Connect provider: name, e-mail, the known roles from
    /// <see cref="OpenIdConnectSettings.RoleClaim"/> and the Werkplein codes from <see cref="OpenIdConnectSettings.WerkpleinClaim"/>.
    /// Null when the provider gives no Klantmeting role (the sign-in is refused).
    /// </summary>
    public static ClaimsPrincipal? MapOpenIdConnectPrincipal(ClaimsPrincipal external, OpenIdConnectSettings settings)
    {
        var roles = external.FindAll(settings.RoleClaim).SelectMany(c => c.Value.Split(' ', ',')).Where(Roles.All.Contains).Distinct().ToList();
        if (roles.Count == 0)
        {
            return null;
        }

        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, ClaimTypes.Name, ClaimTypes.Role);
        var subject = external.FindFirst("sub")?.Value ?? "";
        var email = external.FindFirst("email")?.Value ?? external.FindFirst("preferred_username")?.Value ?? subject;
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, "oidc:" + subject));
        identity.AddClaim(new Claim(ClaimTypes.Name, email));
        identity.AddClaim(new Claim(OpenIdConnectSettings.SourceClaim, OpenIdConnectSettings.Scheme));
        identity.AddClaims(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        identity.AddClaims(external.FindAll(settings.WerkpleinClaim).SelectMany(c => c.Value.Split(' ', ','))
            .Where(v => v.Length > 0).Distinct().Select(v => new Claim(Roles.WerkpleinClaim, v)));
        return new ClaimsPrincipal(identity);
    }
}
