using Klantmeting;
using Klantmeting.Infrastructure.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddKlantmeting();
builder.Services.AddRazorPages();

var app = builder.Build();
await app.Services.MigrateKlantmetingDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Fout");
}

app.UseStatusCodePagesWithReExecute("/Fout", "?code={0}");
app.UseStaticFiles();
app.UseRouting();
app.MapRazorPages();
app.Run();

/// <summary>Entry point; public so that tests can start the host with WebApplicationFactory.</summary>
public partial class Program;
