using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Audit;

/// <summary>Registration of the audit log.</summary>
public static class AuditExtensions
{
    /// <summary>Registers <see cref="AuditLog"/>; the actor is <c>systeem</c> unless the host registered its own <see cref="IAuditActor"/> first.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<IAuditActor>(new FixedAuditActor(FixedAuditActor.System));
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }
}
