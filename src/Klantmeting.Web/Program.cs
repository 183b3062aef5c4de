using Hangfire;
using Klantmeting;
using Klantmeting.Demo;
using Klantmeting.Infrastructure.Data;
using Klantmeting.Infrastructure.Jobs;
using Klantmeting.Invitations;
using Klantmeting.Surveys;
using Klantmeting.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddKlantmeting();
builder.AddJobs();
builder.Services.AddRazorPages();
builder.Services.AddSingleton<AdminAccess>();

var app = builder.Build();
// Fail at start-up, not at the first request, when a questionnaire file is wrong.
app.Services.GetRequiredService<ISurveyCatalog>();
await app.Services.MigrateKlantmetingDatabaseAsync();
// The demo is for trying the product out: by default only in Development (as `dotnet run` starts it).
if (app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment()))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
}

JobsExtensions.RegisterRecurringJobs(app.Services);
// Send what is already due right away instead of waiting for the first cron tick.
app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DispatchInvitationsJob>(j => j.RunAsync(CancellationToken.None));

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Fout");
}

app.UseStatusCodePagesWithReExecute("/Fout", "?code={0}");
app.UseStaticFiles();
app.UseRouting();
app.MapRazorPages();
app.MapHangfireDashboard("/hangfire", new DashboardOptions
{
    Authorization = [new AdminDashboardFilter(app.Services.GetRequiredService<AdminAccess>())],
});
app.Run();

/// <summary>Entry point; public so that tests can start the host with WebApplicationFactory.</summary>
public partial class Program;
