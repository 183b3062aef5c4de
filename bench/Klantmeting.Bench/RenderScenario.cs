using System.Diagnostics;
using Klantmeting.Infrastructure.Email;
using Klantmeting.Invitations;
using Klantmeting.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace Klantmeting.Bench;

/// <summary>
/// Part of issue 7 §2, to find where dispatch time goes: rendering COUNT invitation bodies (HTML + text) with the
/// product's <see cref="EmailRenderer"/> and templates, nothing else.
/// </summary>
internal static class RenderScenario
{
    public static async Task<int> RunAsync(int count)
    {
        using var host = await Bench.BuildHostAsync(Path.Combine(Path.GetTempPath(), $"klantmeting-bench-render-{Environment.ProcessId}.db"));
        await using var scope = host.Services.CreateAsyncScope();
        var survey = scope.ServiceProvider.GetRequiredService<ISurveyCatalog>().Get("werkzoekenden-2009");
        var renderer = scope.ServiceProvider.GetRequiredService<EmailRenderer>();

        Task<RenderedEmail> Render() => renderer.RenderAsync<InvitationEmailHtml, InvitationEmailText>(
            new Dictionary<string, object?>
            {
                ["Model"] = new InvitationEmailModel(survey.Title, survey.Audience, "Werkplein 42",
                    "https://klantmeting.example.nl/v/" + InvitationToken.Generate(), new DateOnly(2009, 11, 30),
                    "https://klantmeting.example.nl/privacy", "https://klantmeting.example.nl/afmelden/" + InvitationToken.Generate()),
            });

        await Render();
        var cpu = Bench.CpuMs();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await Render();
        }

        var seconds = watch.Elapsed.TotalSeconds;
        return Bench.Report(new
        {
            Rendered = count,
            Seconds = Math.Round(seconds, 3),
            PerS = Math.Round(count / seconds),
            CpuMsPerRender = Math.Round((Bench.CpuMs() - cpu) / count, 3),
            WorkingSetMb = Environment.WorkingSet / (1024 * 1024),
        });
    }
}
