using Klantmeting.Infrastructure.Email;
using Klantmeting.Infrastructure.Jobs;

namespace Klantmeting.Invitations;

/// <summary>Registration of invitation sending.</summary>
public static class InvitationsExtensions
{
    /// <summary>Registers invitation sending: options, e-mail, rate limiter, dispatcher, opt-out and the recurring dispatch job.</summary>
    public static IHostApplicationBuilder AddInvitations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<InvitationOptions>(InvitationOptions.Section);
        builder.AddEmail();
        builder.Services.AddSingleton<SendRateLimiter>();
        builder.Services.AddScoped<InvitationDispatcher>();
        builder.Services.AddScoped<OptOutService>();
        builder.Services.AddScoped<InvitationEmailPreview>();
        builder.Services.AddRecurringJob<DispatchInvitationsJob, InvitationOptions>(RecurringJobIds.DispatchInvitations, o => o.DispatchCron);
        return builder;
    }
}
