using Hangfire;
using Klantmeting;
using Klantmeting.Demo;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Health;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Surveys;
using Klantmeting.Web.Infrastructure;
using Klantmeting.Web.Pages.Beheer.Vragenlijsten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

// A published app started from another folder still finds its own wwwroot and appsettings.json (see ContentRoot).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRoot.Choose(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
});
// A build output (not published) has no wwwroot: its static web assets manifest points at the project's files.
if (!builder.Environment.IsDevelopment() && !Directory.Exists(Path.Combine(builder.Environment.ContentRootPath, "wwwroot")))
{
    builder.WebHost.UseStaticWebAssets();
}

// `--role web|worker|all` is the short form of the setting App:Role.
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--role"] = JobsExtensions.RoleSetting });
if (builder.Configuration.GetValue("Logging:Json", false))
{
    builder.Logging.ClearProviders();
    builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
}

builder.AddWebAuditActor();
// Development without App:PublicBaseUrl: e-mail links follow the address the app listens on.
var linksFromListeningAddress = PublicBaseUrl.UseListeningAddressInDevelopment(builder);
builder.AddKlantmeting();
builder.AddJobs();
builder.AddHealth();
// Keys live in the database, so every web node behind a load balancer can read every other node's cookies.
builder.Services.AddDataProtection().SetApplicationName("Klantmeting").PersistKeysToDbContext<KlantmetingDbContext>();
builder.Services.AddRazorPages();
builder.AddAccess();
builder.AddReportPages();

// Disposed at the end: that flushes the console logger's queue. Without it the process could end before the logger's
// background thread had written the one start-up error line below (seen: 3 of 160 starts with no output at all).
await using var app = builder.Build();
// What an operator fixes in the settings, a questionnaire file or the database stops the host with one clear line and
// exit code 1, not with a stack trace (see StartupErrors).
try
{
    // The settings first, before anything uses them (at Run the host would log the same error with its stack trace).
    app.Services.GetService<IStartupValidator>()?.Validate();
    var role = app.Configuration.Role();
    PublicBaseUrl.LogAtStart(app, linksFromListeningAddress);
    // Fail at start-up, not at the first request, when a questionnaire file is wrong.
    app.Services.GetRequiredService<ISurveyCatalog>();
    await app.Services.MigrateKlantmetingDatabaseAsync();

    // The demo is for trying the product out: by default only in Development (as `dotnet run` starts it).
    if (app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment()))
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
    }

    if (role != NodeRole.Web)
    {
        JobsExtensions.RegisterRecurringJobs(app.Services);
        // Send what is already due right away instead of waiting for the first cron tick.
        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DispatchInvitationsJob>(j => j.RunAsync(CancellationToken.None));
    }

    // First: the client address and scheme behind a trusted reverse proxy (Authentication:TrustedProxies), for the rate limit.
    app.UseForwardedHeaders();
    // Before the security headers, so that a previewed e-mail (shown in a sandboxed frame) can replace them.
    app.UseEmailFrameHeaders();
    app.UseSecurityHeaders();
    if (role != NodeRole.Worker)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Fout");
        }

        app.UseStatusCodePagesWithReExecute("/Fout", "?code={0}");
        app.UseStaticFiles();
    }

    app.UseAccess();
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthExtensions.ReadyTag) }).AllowAnonymous();
    if (role != NodeRole.Worker)
    {
        app.MapRazorPages();
        // Hangfire's own filters are replaced by the endpoint's authorization: beheerders only.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [] })
            .RequireAuthorization(AccessExtensions.BeheerderPolicy);
    }

    app.Run();
}
catch (Exception e) when (StartupErrors.Message(e) is { } message)
{
    app.Logger.LogCritical("{Message}", message);
    Environment.ExitCode = 1;
}

/// <summary>Entry point; public so that tests can start the host with WebApplicationFactory.</summary>
public partial class Program;
