namespace Klantmeting.Web.Pages.Beheer.Vragenlijsten;

/// <summary>
/// Headers of a response that is shown inside a sandboxed frame of our own pages (the HTML of a previewed e-mail):
/// it may be framed by the app itself and gets its own strict policy, which lets the e-mail's inline styles work and
/// nothing else (no scripts, no requests, no forms).
/// </summary>
public static class EmailFrame
{
    /// <summary>The policy of a framed e-mail.</summary>
    public const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'self'; sandbox";

    private const string ItemKey = "Klantmeting.EmailFrame";

    /// <summary>Marks this response as a framed e-mail.</summary>
    public static void Mark(HttpContext context) => context.Items[ItemKey] = true;

    /// <summary>
    /// Must come before <c>UseSecurityHeaders</c>: response-starting callbacks run in reverse order of registration,
    /// so this one runs after the general policy has been set and replaces it for marked responses only.
    /// </summary>
    public static WebApplication UseEmailFrameHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.Items.ContainsKey(ItemKey))
                {
                    context.Response.Headers.ContentSecurityPolicy = Policy;
                    context.Response.Headers.XFrameOptions = "SAMEORIGIN";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
