using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting.Infrastructure.Email;

/// <summary>Registration of e-mail rendering and delivery.</summary>
public static class EmailExtensions
{
    /// <summary>Registers mail settings, the Razor renderer, return paths and the configured delivery (outbox or SMTP).</summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MailOptions>(MailOptions.Section);
        builder.Services.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section);
        builder.Services.AddValidatedOptions<AppOptions>(AppOptions.Section);
        // Scoped: HtmlRenderer resolves scoped component services.
        builder.Services.TryAddScoped<EmailRenderer>();
        builder.Services.TryAddSingleton<ReturnPaths>();
        var kind = builder.Configuration.GetValue(MailOptions.Section + ":Delivery", MailDeliveryKind.Outbox);
        if (kind == MailDeliveryKind.Smtp)
        {
            builder.Services.TryAddSingleton<IMailDelivery, SmtpMailDelivery>();
        }
        else
        {
            builder.Services.TryAddSingleton<IMailDelivery, OutboxMailDelivery>();
        }

        return builder;
    }
}
