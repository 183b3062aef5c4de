using Klantmeting.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// The pages that run report queries (results, response rate, comparison, Werkplein reports, published results):
/// their handlers get <c>Database:ReportCommandTimeoutSeconds</c> instead of the provider's 30 s, and a timeout
/// becomes the error page with a plain message (status 503) instead of an exception.
/// </summary>
public static class ReportPages
{
    /// <summary>Adds the report timeout and its error page to the report pages.</summary>
    public static WebApplicationBuilder AddReportPages(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RazorPagesOptions>(o =>
        {
            var filter = new ReportQueriesFilter();
            o.Conventions.AddFolderApplicationModelConvention("/Werkplein", m => m.Filters.Add(filter));
            o.Conventions.AddPageApplicationModelConvention("/Beheer/Resultaten", m => m.Filters.Add(filter));
            o.Conventions.AddPageApplicationModelConvention("/Beheer/Vergelijken", m => m.Filters.Add(filter));
            o.Conventions.AddPageApplicationModelConvention("/Public/Resultaten", m => m.Filters.Add(filter));
        });
        return builder;
    }

    /// <summary>The status the error page shows as "the report took too long".</summary>
    public const int TimeoutStatus = StatusCodes.Status503ServiceUnavailable;

    private sealed class ReportQueriesFilter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<KlantmetingDbContext>();
            using var report = db.ForReports();
            var executed = await next();
            if (executed.Exception is { } e && !executed.ExceptionHandled && ReportQueries.IsTimeout(e))
            {
                context.HttpContext.RequestServices.GetRequiredService<ILogger<ReportQueriesFilter>>()
                    .LogWarning(e, "Report query on {Path} ran out of time", context.HttpContext.Request.Path);
                executed.ExceptionHandled = true;
                // Re-executed as /Fout?code=503 by the status code pages.
                executed.Result = new StatusCodeResult(TimeoutStatus);
            }
        }
    }
}
