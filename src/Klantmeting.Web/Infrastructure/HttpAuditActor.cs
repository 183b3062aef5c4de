using System.Security.Claims;
using Klantmeting.Audit;

namespace Klantmeting.Web.Infrastructure;

/// <summary>The audit actor of a web request: the signed-in user's id (never the e-mail address); <c>systeem</c> for background jobs.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public string Id => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? FixedAuditActor.System;
}

/// <summary>Registration of the web host's audit actor.</summary>
public static class HttpAuditActorExtensions
{
    /// <summary>Call before <c>AddKlantmeting</c>, which otherwise registers the <c>systeem</c> actor.</summary>
    public static WebApplicationBuilder AddWebAuditActor(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IAuditActor, HttpAuditActor>();
        return builder;
    }
}
