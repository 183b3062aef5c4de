using System.Net;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// Interim guard for the administrator pages until sign-in and roles exist: open only when enabled
/// (<c>Admin:LocalAccess</c>, default on in Development, as `dotnet run` starts the product) and only to requests
/// from this machine. Everything else gets 404, as if the page did not exist.
/// </summary>
public sealed class AdminAccess(IConfiguration configuration, IWebHostEnvironment environment)
{
    public const string Setting = "Admin:LocalAccess";

    public bool IsAllowed(HttpContext context)
    {
        if (!configuration.GetValue(Setting, environment.IsDevelopment()))
        {
            return false;
        }

        var remote = context.Connection.RemoteIpAddress;
        // TestServer has no remote address; a proxied request carries X-Forwarded-For and is never "local".
        return !context.Request.Headers.ContainsKey("X-Forwarded-For")
            && (remote is null || IPAddress.IsLoopback(remote));
    }
}

/// <summary>Applies <see cref="AdminAccess"/> to a page: 404 when not allowed.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdminOnlyAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var access = context.HttpContext.RequestServices.GetRequiredService<AdminAccess>();
        if (!access.IsAllowed(context.HttpContext))
        {
            context.Result = new NotFoundResult();
            return;
        }

        await next();
    }
}

/// <summary>The Hangfire dashboard follows the same rule as the administrator pages.</summary>
public sealed class AdminDashboardFilter(AdminAccess access) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => access.IsAllowed(context.GetHttpContext());
}
